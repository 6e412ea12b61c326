/**
 * Synthetic data for the benchmark. Real cases first: the demo partnership's year of cases (every
 * route, every stage) and one freshly opened serious-incident case, all made through the case
 * service so each has a real, replayable history. Then clones of those documents, written
 * straight to the collection in batches: each clone gets a new id and reference, and every date
 * in it (clocks, snapshot, history, case data) moved back by whole weeks, so weekdays and
 * working-day arithmetic still line up. Synthetic data only.
 */
import { randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import type { Principal } from '../../src/access/principal.js';
import type { HolidayCalendar } from '../../src/calendar/bank-holidays.js';
import { addDays, type CalendarDate } from '../../src/calendar/calendar-date.js';
import { isWorkingDay } from '../../src/calendar/working-days.js';
import { caseModels } from '../../src/cases/case.model.js';
import type { CaseRecord } from '../../src/cases/case.record.js';
import { createCaseRepository } from '../../src/cases/case.repository.js';
import { createCaseService } from '../../src/cases/case.service.js';
import { createPartnershipDirectory } from '../../src/partnerships/partnership-directory.js';
import { ensurePartnershipIndexes } from '../../src/partnerships/partnership.model.js';
import { principalForUser } from '../../src/partnerships/user.model.js';
import { fixedClock, realClock, todayInEngland } from '../../src/shared/system-clock.js';
import { demoCases, instantOn } from '../seed/demo-cases.js';
import { tenantFixture, type TenantFixture, upsertTenant } from '../seed/tenant.js';
import { progressBar } from './progress.js';

/** The benchmark's partnership: the demo one, so the demo plans' users and agencies exist. */
export const PARTNERSHIP = 'demo';
export const BUSINESS_UNIT = 'demo-business-unit';

export interface Templates {
  tenant: TenantFixture;
  /** Cases of the demo year (one of each kind by default), as stored after their events. */
  year: CaseRecord[];
  /** One serious-incident case just opened (state `notification`): it accepts `agency-information.requested` again and again. */
  open: CaseRecord;
}

/**
 * Makes the real cases through the case service (as `npm run seed` does) and reads their stored
 * documents back as templates.
 */
export async function makeTemplates(connection: mongoose.Connection, calendar: HolidayCalendar, warnWorkingDays: number, kinds = 12): Promise<Templates> {
  const tenant = tenantFixture(PARTNERSHIP, 'DEMO');
  await ensurePartnershipIndexes(connection);
  await upsertTenant(connection, tenant);
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
  const principals = new Map<string, Principal>(tenant.users.map((user) => [user.id, principalForUser({ ...user, disabled: false } as never)]));
  const today = todayInEngland(realClock);
  // The demo year cycles through its 12 kinds of case (i % 12) while the cases get younger: take
  // each kind once at a different age (0, 13, 26, 39, 4, …), so every route and stage is present.
  const all = demoCases(today, calendar);
  const plans = kinds >= all.length ? all : Array.from({ length: kinds }, (_, k) => all[(k * 13) % all.length]!);
  const bar = progressBar('real cases through the case service', plans.length + 1);
  const ids: string[] = [];
  for (const [index, plan] of plans.entries()) {
    clock.set(instantOn(plan.laAwareOn));
    let current = await service.open(principals.get(plan.openedBy)!, plan.opening);
    for (const step of plan.steps) {
      clock.set(step.at);
      current = await service.applyEvent(principals.get(step.as)!, current.case.id, step.body, { ifMatch: current.case.version });
    }
    ids.push(current.case.id);
    bar.update(index + 1);
  }
  // The transition pool's template: opened today, in `notification`.
  clock.set(realClock.now());
  let awareOn = addDays(today, -1);
  while (!isWorkingDay(awareOn, calendar)) awareOn = addDays(awareOn, -1);
  const opened = await service.open(principals.get(BUSINESS_UNIT)!, {
    route: 'serious-incident',
    incidentOn: addDays(awareOn, -1),
    laAwareOn: awareOn,
    children: [{ ageBand: '5-9', sex: 'female', legalStatus: ['child-in-need'] }],
    laArea: 'Benchshire',
    agencies: ['demo-police', 'demo-school'],
    themes: ['neglect'],
  });
  bar.done();
  const cases = connection.collection<CaseRecord>('cases');
  const year = await cases.find({ _id: { $in: ids } } as never).toArray();
  const open = (await cases.findOne({ _id: opened.case.id } as never))!;
  return { tenant, year: year as CaseRecord[], open: open as CaseRecord };
}

const DATE = /\d{4}-\d{2}-\d{2}/g;

/**
 * Copies of one stored case: `clone(id, shiftDays)` returns the document with the new id, a new
 * reference and every date moved by `shiftDays` (a multiple of 7 keeps weekdays).
 */
export function cloner(template: CaseRecord) {
  const text = JSON.stringify(template);
  const shifted = new Map<number, string>();
  const textShiftedBy = (days: number): string => {
    let cached = shifted.get(days);
    if (cached === undefined) {
      const dates = new Map<string, string>();
      cached = days === 0 ? text : text.replace(DATE, (date) => {
        let moved = dates.get(date);
        if (moved === undefined) dates.set(date, (moved = addDays(date as CalendarDate, days)));
        return moved;
      });
      shifted.set(days, cached);
    }
    return cached;
  };
  return (id: string, reference: (openedOn: CalendarDate) => string, shiftDays: number): CaseRecord => {
    const copy = JSON.parse(textShiftedBy(shiftDays)) as CaseRecord;
    copy._id = id;
    copy.reference = reference(copy.openedOn);
    copy.openedAt = new Date(new Date(template.openedAt).getTime() + shiftDays * 86_400_000);
    copy.updatedAt = new Date(new Date(template.updatedAt).getTime() + shiftDays * 86_400_000);
    return copy;
  };
}

export const newCaseId = (): string => randomBytes(16).toString('hex');

let referenceCounter = 0;
const nextReference = (tag: string) => (openedOn: CalendarDate) => `DEMO-${openedOn.slice(0, 4)}-${tag}${String(++referenceCounter).padStart(7, '0')}`;

/**
 * Inserts `count` copies of `template` (dates unchanged) for the engine and as many for the floor,
 * interleaved: FerretDB scans in insertion order until a non-`_id` filter matches, so a pool
 * inserted after the other would pay for a longer scan on every write.
 */
export async function insertPools(connection: mongoose.Connection, template: CaseRecord, count: number): Promise<{ engine: string[]; floor: string[] }> {
  const clone = cloner(template);
  const reference = nextReference('P');
  const engine: string[] = [];
  const floor: string[] = [];
  const cases = connection.collection('cases');
  for (let start = 0; start < count; start += 250) {
    const batch: CaseRecord[] = [];
    for (let i = start; i < Math.min(count, start + 250); i++) {
      const pair = [clone(newCaseId(), reference, 0), clone(newCaseId(), reference, 0)] as const;
      engine.push(pair[0]._id);
      floor.push(pair[1]._id);
      batch.push(...pair);
    }
    await cases.insertMany(batch as never[], { ordered: false });
  }
  return { engine, floor };
}

/**
 * Adds clones of the year's cases until the collection holds `target` cases, each moved back by
 * 0 to 156 weeks (so the cases span three years and every clock status), with a progress bar.
 */
export async function growTo(connection: mongoose.Connection, templates: CaseRecord[], target: number, batchSize = 1000): Promise<{ inserted: number; seconds: number }> {
  const cases = connection.collection('cases');
  const current = await cases.estimatedDocumentCount();
  const missing = Math.max(0, target - current);
  const clones = templates.map(cloner);
  const reference = nextReference('B');
  const bar = progressBar(`cloning cases up to ${target.toLocaleString('en-GB')}`, missing);
  const started = Date.now();
  let done = 0;
  let n = current;
  while (done < missing) {
    const batch: CaseRecord[] = [];
    for (let i = 0; i < Math.min(batchSize, missing - done); i++, n++) {
      const weeksBack = (n * 37) % 157;
      batch.push(clones[n % clones.length]!(newCaseId(), reference, -7 * weeksBack));
    }
    await cases.insertMany(batch as never[], { ordered: false });
    done += batch.length;
    bar.update(done);
  }
  bar.done();
  return { inserted: missing, seconds: (Date.now() - started) / 1000 };
}

/** The mean stored size of a few documents (JSON bytes), for the report. */
export function meanDocumentBytes(records: CaseRecord[]): number {
  return Math.round(records.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record)), 0) / Math.max(records.length, 1));
}
