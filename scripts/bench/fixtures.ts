/**
 * Synthetic data for the benchmark, in two steps.
 *
 * 1. Templates, made through the real services: the demo partnership's year of cases (one of each
 *    kind, every route, open and closed, agencies asked for information, clocks met and missed),
 *    one freshly opened serious-incident case (the transition pool's template), and a rapid-review
 *    recommendation with two learning actions (one signed off as complete, one still open).
 * 2. Clones of those stored documents, written straight to the collections in batches: each clone
 *    gets a new id and reference, its partnership's ids (`demo-police` becomes `p07-police`), and
 *    every date in it moved back by whole weeks, so weekdays and working-day arithmetic still line
 *    up. A partnership's cases are spread over 20 years: most closed, about 5 % open with their
 *    clocks near today (some overdue, some due soon, some pending). Synthetic data only.
 *
 * Every case goes in through {@link insertCases}, so whatever else must be written for an inserted
 * case is written there, once.
 */
import { randomBytes } from 'node:crypto';
import { BSON } from 'mongodb';
import type mongoose from 'mongoose';
import type { Principal } from '../../src/access/principal.js';
import { createActionModule, linkedCaseFinder } from '../../src/actions/action.module.js';
import type { HolidayCalendar } from '../../src/calendar/bank-holidays.js';
import { addDays, type CalendarDate } from '../../src/calendar/calendar-date.js';
import { isWorkingDay } from '../../src/calendar/working-days.js';
import { caseModels } from '../../src/cases/case.model.js';
import type { CaseRecord } from '../../src/cases/case.record.js';
import { createCaseRepository } from '../../src/cases/case.repository.js';
import { createCaseService } from '../../src/cases/case.service.js';
import { insertSummariesOf } from '../../src/cases/case-summary.store.js';
import { createPartnershipDirectory } from '../../src/partnerships/partnership-directory.js';
import { ensurePartnershipIndexes } from '../../src/partnerships/partnership.model.js';
import { principalForUser } from '../../src/partnerships/user.model.js';
import { fixedClock, realClock, todayInEngland } from '../../src/shared/system-clock.js';
import { demoCases, instantOn } from '../seed/demo-cases.js';
import { tenantFixture, upsertTenant } from '../seed/tenant.js';
import { progressBar } from './progress.js';

/** The measured partnership: the demo one, so `npm run seed`'s users and agencies exist. */
export const PARTNERSHIP = 'demo';
export const BUSINESS_UNIT = 'demo-business-unit';
/** The partnership whose cases take the transition load (kept apart so the measured partnership keeps its shape). */
export const POOL_PARTNERSHIP = 'bench-pool';
export const POOL_BUSINESS_UNIT = `${POOL_PARTNERSHIP}-business-unit`;

/** Share of a partnership's cases still open. */
export const OPEN_SHARE = 0.05;
/** How far back a partnership's closed cases go. */
const YEARS = 20;
/** Open cases are the demo year's open ones moved back at most this far, so most of their clocks are still running. */
const OPEN_MAX_WEEKS_BACK = 8;

type Doc = Record<string, unknown> & { _id: string };

export interface Templates {
  /** Stored cases of the demo year still open, and closed (final). */
  open: CaseRecord[];
  closed: CaseRecord[];
  /** One serious-incident case just opened (state `notification`): it accepts `agency-information.requested` again and again. */
  fresh: CaseRecord;
  /** A rapid-review recommendation and its actions as stored: one complete (signed off), one open. */
  recommendation: Doc;
  completeAction: Doc;
  openAction: Doc;
}

/**
 * Makes the real cases, recommendation and actions through the services (as `npm run seed` does)
 * and reads their stored documents back as templates.
 */
export async function makeTemplates(
  connection: mongoose.Connection,
  calendar: HolidayCalendar,
  warnWorkingDays: number,
  kinds = 12,
): Promise<Templates> {
  const tenant = tenantFixture(PARTNERSHIP, 'DEMO');
  await ensurePartnershipIndexes(connection);
  await upsertTenant(connection, tenant);
  await upsertTenant(connection, tenantFixture(POOL_PARTNERSHIP, 'POOL'));
  const repository = createCaseRepository(caseModels(connection));
  await repository.ensureIndexes();
  const partnerships = createPartnershipDirectory(connection, calendar);
  const clock = fixedClock(realClock.now());
  const service = createCaseService({
    repository,
    calendar,
    clock,
    warnWorkingDays,
    openActionCount: async () => 0,
    partnership: async (id) => {
      const settings = await partnerships.get(id);
      return settings && { workflow: settings.workflow, referencePrefix: settings.referencePrefix };
    },
  });
  const plansModule = await createActionModule({
    connection,
    clock,
    partnerships,
    findCase: linkedCaseFinder(repository),
    exportMaxRows: 10_000,
    maxNotes: 200,
  });
  const principals = new Map<string, Principal>(
    tenant.users.map((user) => [user.id, principalForUser({ ...user, disabled: false } as never)]),
  );
  const as = (id: string) => principals.get(id)!;
  const today = todayInEngland(realClock);
  // The demo year cycles through its 12 kinds of case (i % 12) while the cases get younger: take
  // each kind once at a different age (0, 13, 26, 39, 4, …), so every route and stage is present.
  const all = demoCases(today, calendar);
  const plans = kinds >= all.length ? all : Array.from({ length: kinds }, (_, k) => all[(k * 13) % all.length]!);
  const bar = progressBar('templates through the case and action services', plans.length + 2);
  const ids: string[] = [];
  for (const [index, plan] of plans.entries()) {
    clock.set(instantOn(plan.laAwareOn));
    let current = await service.open(as(plan.openedBy), plan.opening);
    for (const step of plan.steps) {
      clock.set(step.at);
      current = await service.applyEvent(as(step.as), current.case.id, step.body, { ifMatch: current.case.version });
    }
    ids.push(current.case.id);
    bar.update(index + 1);
  }
  // The transition pool's template: opened today, in `notification`.
  clock.set(realClock.now());
  let awareOn = addDays(today, -1);
  while (!isWorkingDay(awareOn, calendar)) awareOn = addDays(awareOn, -1);
  const opened = await service.open(as(BUSINESS_UNIT), {
    route: 'serious-incident',
    incidentOn: addDays(awareOn, -1),
    laAwareOn: awareOn,
    children: [{ ageBand: '5-9', sex: 'female', legalStatus: ['child-in-need'] }],
    laArea: 'Benchshire',
    agencies: ['demo-police', 'demo-school'],
    themes: ['neglect'],
  });
  bar.update(plans.length + 1);
  // A rapid review's learning: one recommendation, an action signed off as complete and one open.
  const { recommendations, actions } = plansModule;
  const recommendation = await recommendations.create(as(BUSINESS_UNIT), {
    source: 'rapid-review',
    caseId: opened.case.id,
    text: 'Agencies share information about neglect at the first contact (synthetic).',
  });
  const recommendationId = recommendation.recommendation.id;
  const action = (text: string, ownerOrganisationId: string) =>
    actions.create(as(BUSINESS_UNIT), {
      recommendationId,
      text,
      ownerOrganisationId,
      lead: 'Synthetic lead',
      targetOn: addDays(today, 90),
    });
  const done = await action('Brief every school safeguarding lead on the neglect toolkit (synthetic).', 'demo-school');
  const changed = await actions.applyEvent(
    as(BUSINESS_UNIT),
    done.action.id,
    { type: 'action.rag-changed', rag: 'complete', reason: 'All briefings held.' },
    { ifMatch: done.action.version },
  );
  await actions.applyEvent(
    as('demo-chair'),
    done.action.id,
    { type: 'action.signed-off', note: 'Evidence seen.' },
    { ifMatch: changed.action.version },
  );
  const stillOpen = await action('Audit police referrals for neglect indicators (synthetic).', 'demo-police');
  bar.done();

  const cases = connection.collection<CaseRecord>('cases');
  const year = (await cases.find({ _id: { $in: ids } } as never).toArray()) as CaseRecord[];
  const byId = (name: string, id: string) => connection.collection<Doc>(name).findOne({ _id: id } as never) as Promise<Doc>;
  const templates: Templates = {
    open: year.filter((record) => !record.final),
    closed: year.filter((record) => record.final),
    fresh: (await cases.findOne({ _id: opened.case.id } as never)) as CaseRecord,
    recommendation: await byId('recommendations', recommendationId),
    completeAction: await byId('actions', done.action.id),
    openAction: await byId('actions', stillOpen.action.id),
  };
  // The templates stay out of the measured partnership's figures: they are removed, and clones stand in for them.
  // (and the read model the case service keeps beside each case, src/cases/case-summary.model.ts).
  for (const name of ['cases', 'case_summaries'])
    await connection.collection(name).deleteMany({ _id: { $in: [...ids, opened.case.id] } } as never);
  await connection.collection('recommendations').deleteMany({ _id: recommendationId } as never);
  await connection.collection('actions').deleteMany({ _id: { $in: [done.action.id, stillOpen.action.id] } } as never);
  if (templates.open.length === 0 || templates.closed.length === 0)
    throw new Error('the demo year gave no open or no closed case to clone');
  return templates;
}

const DATE = /\d{4}-\d{2}-\d{2}/g;

/**
 * Copies of one stored document: `clone(shiftDays, partnershipId)` returns it with every date
 * moved by `shiftDays` (a multiple of 7 keeps weekdays) and the demo partnership's ids renamed.
 * Dates stay dates (Extended JSON).
 */
export function cloner(template: object) {
  const text = BSON.EJSON.stringify(template, { relaxed: true });
  const moved = new Map<number, Map<string, string>>();
  return (shiftDays: number, partnershipId: string): Doc => {
    let dates = moved.get(shiftDays);
    if (!dates) moved.set(shiftDays, (dates = new Map()));
    const map = dates;
    let copy =
      shiftDays === 0
        ? text
        : text.replace(DATE, (date) => {
            let to = map.get(date);
            if (to === undefined) map.set(date, (to = addDays(date as CalendarDate, shiftDays)));
            return to;
          });
    if (partnershipId !== PARTNERSHIP) copy = copy.replaceAll('"demo-', `"${partnershipId}-`);
    const doc = BSON.EJSON.parse(copy, { relaxed: true }) as Doc;
    doc['partnershipId'] = partnershipId;
    return doc;
  };
}

export const newId = (): string => randomBytes(16).toString('hex');

/**
 * Inserts cases (one insertMany, unordered). Every case the benchmark makes goes through here:
 * whatever the service keeps beside a case (a read model, say) is written here too.
 */
export async function insertCases(connection: mongoose.Connection, records: Doc[]): Promise<void> {
  if (records.length === 0) return;
  await connection.collection('cases').insertMany(records as never[], { ordered: false });
  await insertSummariesOf(connection, records as unknown as CaseRecord[]);
}

async function insertMany(connection: mongoose.Connection, name: string, docs: Doc[]): Promise<void> {
  if (docs.length > 0) await connection.collection(name).insertMany(docs as never[], { ordered: false });
}

/** Deterministic numbers in [0, 1), so two runs seed the same data. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const ageInWeeks = (openedOn: string, today: CalendarDate) => Math.floor((Date.parse(today) - Date.parse(openedOn)) / (7 * 86_400_000));

/**
 * Adds a partnership of `count` cases (its tenant too): the open share cloned from the open
 * templates moved back 0 to 8 weeks, the rest from the closed templates spread over 20 years.
 * A case whose template had a rapid review gets a recommendation and two actions (both complete
 * on a closed case). Batches of `batchSize`; `progress` is called with the cases inserted.
 */
export async function addPartnership(
  connection: mongoose.Connection,
  templates: Templates,
  partnershipId: string,
  prefix: string,
  count: number,
  progress: (inserted: number) => void,
  batchSize = 500,
): Promise<Shape> {
  if (partnershipId !== PARTNERSHIP) await upsertTenant(connection, tenantFixture(partnershipId, prefix));
  const today = todayInEngland(realClock);
  const next = random([...partnershipId].reduce((sum, char) => sum * 31 + char.charCodeAt(0), 7));
  const openClones = templates.open.map((t) => ({ clone: cloner(t), maxWeeks: OPEN_MAX_WEEKS_BACK, reviewed: hadRapidReview(t) }));
  const closedClones = templates.closed.map((t) => ({
    clone: cloner(t),
    maxWeeks: Math.max(0, YEARS * 52 - ageInWeeks(t.openedOn, today)),
    reviewed: hadRapidReview(t),
  }));
  const plan = {
    recommendation: cloner(templates.recommendation),
    complete: cloner(templates.completeAction),
    open: cloner(templates.openAction),
  };
  const openCount = Math.round(count * OPEN_SHARE);
  let recommendationSeq = 0;
  const shape: Shape = {
    ids: [],
    cases: count,
    open: 0,
    openClocks: 0,
    overdueClocks: 0,
    agencyRequests: 0,
    actions: 0,
    openActions: 0,
    oldestOpenedOn: today,
  };
  // Two batches in flight, and the next one cloned meanwhile: the database works while the harness clones.
  const inFlight: Promise<void>[] = [];
  let done = 0;
  for (let start = 0; start < count; start += batchSize) {
    const cases: Doc[] = [];
    const recommendations: Doc[] = [];
    const actions: Doc[] = [];
    for (let n = start; n < Math.min(count, start + batchSize); n++) {
      // Open cases are spread through the sequence, as they would be among a partnership's references.
      const isOpen = Math.floor(((n + 1) * openCount) / count) > Math.floor((n * openCount) / count);
      const source = isOpen ? openClones[n % openClones.length]! : closedClones[n % closedClones.length]!;
      const shift = -7 * Math.floor(next() * (source.maxWeeks + 1));
      const record = source.clone(shift, partnershipId);
      record._id = newId();
      record['reference'] = `${prefix}-${String(record['openedOn']).slice(0, 4)}-${String(n + 1).padStart(5, '0')}`;
      cases.push(record);
      if (shape.ids.length < 500) shape.ids.push(record._id);
      tally(shape, record, today);
      if (source.reviewed) {
        const seq = ++recommendationSeq;
        const recommendation = plan.recommendation(shift, partnershipId);
        Object.assign(recommendation, {
          _id: newId(),
          seq,
          reference: `${prefix}-R-${String(seq).padStart(4, '0')}`,
          caseId: record._id,
          caseReference: record['reference'],
        });
        recommendations.push(recommendation);
        for (const [index, make] of [plan.complete, isOpen ? plan.open : plan.complete].entries()) {
          const action = make(shift, partnershipId);
          Object.assign(action, {
            _id: newId(),
            reference: `${recommendation['reference']}.${index + 1}`,
            seq: index + 1,
            recommendationId: recommendation._id,
            recommendationReference: recommendation['reference'],
            recommendationSeq: seq,
            caseId: record._id,
            caseReference: record['reference'],
          });
          actions.push(action);
          if (action['status'] !== 'complete') shape.openActions += 1;
        }
      }
    }
    if (inFlight.length >= 2) await inFlight.shift();
    const batch = Promise.all([
      insertCases(connection, cases),
      insertMany(connection, 'recommendations', recommendations),
      insertMany(connection, 'actions', actions),
    ]).then(() => progress((done += cases.length)));
    batch.catch(() => undefined); // awaited below; this only keeps a failure from being reported as unhandled before then
    inFlight.push(batch);
    shape.actions += actions.length;
  }
  await Promise.all(inFlight);
  return shape;
}

/** What a partnership's cases are like, for the log: how many are open, their clocks, requests and actions. */
export interface Shape {
  /** The first 500 case ids (for reads by id without a query). */
  ids: string[];
  cases: number;
  open: number;
  openClocks: number;
  overdueClocks: number;
  agencyRequests: number;
  actions: number;
  openActions: number;
  oldestOpenedOn: string;
}

function tally(shape: Shape, record: Doc, today: CalendarDate): void {
  const deadlines = (record['openDeadlines'] as { dueOn: string }[] | undefined) ?? [];
  if (!record['final']) shape.open += 1;
  shape.openClocks += deadlines.length;
  shape.overdueClocks += deadlines.filter((deadline) => deadline.dueOn < today).length;
  shape.agencyRequests += (record['history'] as { type: string }[]).filter((entry) => entry.type === 'agency-information.requested').length;
  if (String(record['openedOn']) < shape.oldestOpenedOn) shape.oldestOpenedOn = String(record['openedOn']);
}

export function describeShape(shape: Shape): string {
  const n = (value: number) => value.toLocaleString('en-GB');
  return (
    `${n(shape.cases)} cases opened since ${shape.oldestOpenedOn}, ${n(shape.open)} open with ${n(shape.openClocks)} open clocks (${n(shape.overdueClocks)} overdue), ` +
    `${n(shape.agencyRequests)} requests to agencies, ${n(shape.actions)} actions (${n(shape.openActions)} not complete)`
  );
}

function hadRapidReview(record: CaseRecord): boolean {
  return record.history.some((entry) => entry.type === 'rapid-review.decided');
}

/** Adds `partnerships` partnerships of `perPartnership` cases each, with one progress bar. */
export async function addPartnerships(
  connection: mongoose.Connection,
  templates: Templates,
  ids: { id: string; prefix: string }[],
  perPartnership: number,
): Promise<{ cases: number; seconds: number; first: Shape | undefined }> {
  const bar = progressBar(
    `seeding ${ids.length} partnership${ids.length === 1 ? '' : 's'} of ${perPartnership.toLocaleString('en-GB')} cases`,
    ids.length * perPartnership,
  );
  const started = Date.now();
  let first: Shape | undefined;
  for (const [index, { id, prefix }] of ids.entries()) {
    const shape = await addPartnership(connection, templates, id, prefix, perPartnership, (inserted) =>
      bar.update(index * perPartnership + inserted),
    );
    first ??= shape;
  }
  bar.done();
  return { cases: ids.length * perPartnership, seconds: (Date.now() - started) / 1000, first };
}

/**
 * Copies of the freshly opened case in the pool partnership, `count` for the engine and as many for
 * the floor, interleaved (so neither pool sits nearer the start of a scan than the other).
 */
export async function insertPools(
  connection: mongoose.Connection,
  template: CaseRecord,
  count: number,
): Promise<{ engine: string[]; floor: string[] }> {
  const clone = cloner(template);
  const engine: string[] = [];
  const floor: string[] = [];
  const tag = randomBytes(3).toString('hex').toUpperCase();
  for (let start = 0; start < count; start += 250) {
    const batch: Doc[] = [];
    for (let i = start; i < Math.min(count, start + 250); i++) {
      for (const [kind, list] of [
        ['E', engine],
        ['F', floor],
      ] as const) {
        const record = clone(0, POOL_PARTNERSHIP);
        record._id = newId();
        record['reference'] = `POOL-${tag}-${kind}${String(i + 1).padStart(5, '0')}`;
        list.push(record._id);
        batch.push(record);
      }
    }
    await insertCases(connection, batch);
  }
  return { engine, floor };
}

/** The mean stored size of a few documents (JSON bytes), for the report. */
export function meanDocumentBytes(records: object[]): number {
  return Math.round(records.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0) / Math.max(records.length, 1));
}
