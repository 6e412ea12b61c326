import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { caseModels } from '../../../src/cases/case.model.js';
import { createCaseModule } from '../../../src/cases/case.module.js';
import type { CaseRecord } from '../../../src/cases/case.record.js';
import { createCaseRepository } from '../../../src/cases/case.repository.js';
import type { CaseService } from '../../../src/cases/case.service.js';
import { type CaseSummary, summariseCase } from '../../../src/cases/case-summary.js';
import { createCaseSummaryStore, insertSummariesOf, INTENT_TIMEOUT_MS } from '../../../src/cases/case-summary.store.js';
import { saveTransition } from '../../../src/cases/case-transition.js';
import { createDeadlineSweeper } from '../../../src/cases/deadline-sweeper.js';
import { createPartnershipDirectory } from '../../../src/partnerships/partnership-directory.js';
import { principalForUser } from '../../../src/partnerships/user.model.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { eventsWaitingFor, waitingFactsOf } from '../../../src/web/cases/waiting.js';
import { applyCaseEvent, type CaseEvent } from '../../../workflows/case-workflow.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { PROJECT_ROOT } from '../../support/test-env.js';

// The read model `case_summaries` against the cases it is derived from, on the real database:
// every write path leaves summary == summariseCase(stored case); a write that dies between the
// case and its summary is repaired; an older summary never overwrites a newer one; and the reads
// moved onto summaries answer as the cases themselves would.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
const versions = new Map<string, number>();
const ids: Record<string, string> = {};
const SERIOUS_INCIDENT = {
  route: 'serious-incident',
  incidentOn: '2025-03-01',
  laAwareOn: '2025-03-03',
  children: [{ ageBand: '1-4', sex: 'female', legalStatus: [] }],
  laArea: 'Northshire',
};
const REFERRAL = {
  route: 'referral',
  incidentOn: '2025-03-01',
  laAwareOn: '2025-03-03',
  children: [{ ageBand: '10-15', sex: 'male', legalStatus: [] }],
  laArea: 'Northshire',
};

const cases = () => api.database.connection.collection<CaseRecord>('cases');
const summaries = () => api.database.connection.collection<CaseSummary>('case_summaries');
const intents = () => api.database.connection.collection('case_summary_intents');

async function expectSummaryOfStoredCase(id: string): Promise<void> {
  const stored = await cases().findOne({ _id: id });
  expect(stored, id).not.toBeNull();
  expect(await summaries().findOne({ _id: id }), `the summary of ${stored!.reference}`).toEqual(summariseCase(stored!));
}

async function openCase(name: string, as: string, body: object, at = '2025-03-03T10:00:00Z'): Promise<string> {
  clock.set(at);
  const response = await api.call('POST', '/api/cases', { as, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  ids[name] = response.body.id;
  versions.set(response.body.id, response.body.version);
  await expectSummaryOfStoredCase(response.body.id);
  return response.body.id;
}

/** Sends one event over HTTP, then checks the summary against the stored case. */
async function send(name: string, as: string, at: string, body: Record<string, unknown>): Promise<void> {
  const id = ids[name]!;
  clock.set(at);
  const response = await api.call('POST', `/api/cases/${id}/events`, { as, body, headers: { 'If-Match': `"${versions.get(id)}"` } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  versions.set(id, response.body.case.version);
  await expectSummaryOfStoredCase(id);
}

const toRapidReviewSignOff: [string, string, Record<string, unknown>][] = [
  ['north-business-unit', '2025-03-04T12:00:00Z', { type: 'agency-information.requested', agencies: ['north-police'] }],
  ['north-business-unit', '2025-03-05T12:00:00Z', { type: 'partners.informed', informedOn: '2025-03-05' }],
  ['north-business-unit', '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' }],
  ['north-business-unit', '2025-03-18T15:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-18' }],
  [
    'north-chair',
    '2025-03-18T16:00:00Z',
    {
      type: 'rapid-review.decided',
      localReview: true,
      nationalReviewSuggested: false,
      criteriaMet: ['improvements-needed'],
      reasons: 'learning',
    },
  ],
  ['north-lead-la', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'local-authority' }],
];
const toLocalReviewInProgress: [string, string, Record<string, unknown>][] = [
  ['north-lead-police', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'police' }],
  ['north-lead-health', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'health' }],
  ['north-business-unit', '2025-03-21T10:00:00Z', { type: 'rapid-review.submitted', submittedOn: '2025-03-21' }],
  ['north-business-unit', '2025-04-03T10:00:00Z', { type: 'panel.responded', response: 'agreed', comments: 'agree' }],
  ['north-chair', '2025-04-14T10:00:00Z', { type: 'local-review.commissioned', commissionedOn: '2025-04-14' }],
  ['north-chair', '2025-04-22T10:00:00Z', { type: 'reviewer.appointed', reviewerId: 'north-reviewer' }],
  ['north-chair', '2025-05-06T10:00:00Z', { type: 'terms-of-reference.agreed' }],
];

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

describe('every write path keeps the summary equal to summariseCase(the stored case)', () => {
  it('opening a case and every event sent over HTTP', async () => {
    await openCase('asked', 'north-business-unit', SERIOUS_INCIDENT);
    await openCase('signing', 'north-business-unit', SERIOUS_INCIDENT);
    await openCase('reviewing', 'north-business-unit', SERIOUS_INCIDENT);
    await openCase('referred', 'north-agency-yjs', REFERRAL);
    await openCase('closed', 'north-business-unit', { ...REFERRAL, referringOrganisationId: 'north-charity' });
    await send('asked', 'north-business-unit', '2025-03-04T12:00:00Z', {
      type: 'agency-information.requested',
      agencies: ['north-police', 'north-school'],
    });
    await send('asked', 'north-agency-police', '2025-03-12T12:00:00Z', { type: 'agency-information.returned', agency: 'north-police' });
    for (const [as, at, body] of toRapidReviewSignOff) {
      await send('signing', as, at, body);
      await send('reviewing', as, at, body);
    }
    for (const [as, at, body] of toLocalReviewInProgress) await send('reviewing', as, at, body);
    await send('closed', 'north-chair', '2025-03-04T10:00:00Z', {
      type: 'referral.screened',
      outcome: 'no-further-action',
      reasons: 'no learning',
    });
    expect((await summaries().findOne({ _id: ids['closed']! }))?.open).toBe(false);
    // Every write finished: no intent is left behind.
    expect(await intents().countDocuments()).toBe(0);
  });

  it('the deadline sweeper recording deadline.passed', async () => {
    clock.set('2025-05-07T08:00:00Z');
    const sweeper = createDeadlineSweeper({
      repository: createCaseRepository(caseModels(api.database.connection)),
      partnerships: createPartnershipDirectory(api.database.connection, defaultHolidayCalendar),
      clock,
    });
    const result = await sweeper.sweepOnce();
    expect(result.recorded).toBeGreaterThan(0);
    for (const id of Object.values(ids)) await expectSummaryOfStoredCase(id);
    // Once recorded, a case is no longer a candidate: its summary's sweepDueOn moved on.
    expect((await sweeper.sweepOnce()).recorded).toBe(0);
  });

  it('the admin migration endpoint', async () => {
    const id = await openCase('migrated', 'north-business-unit', SERIOUS_INCIDENT, '2025-03-04T10:00:00Z');
    const fixture = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'test/unit/workflows/fixtures/v1/notification.json'), 'utf8')) as {
      persisted: unknown;
    };
    // As machine-migration.test.ts: a case stored on machine version 1 (written straight to the collection).
    await cases().updateOne({ _id: id }, { $set: { workflow: fixture.persisted as never } });
    const response = await api.call('POST', `/api/cases/${id}/migration`, {
      as: 'north-admin',
      body: { toVersion: 2 },
      headers: { 'If-Match': '"1"' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    await expectSummaryOfStoredCase(id);
  });

  it('start-up drops the indexes on cases that the summaries made redundant, and keeps the unique reference', async () => {
    const repository = createCaseRepository(caseModels(api.database.connection));
    // As an older version left them.
    await cases().createIndex({ partnershipId: 1, state: 1 });
    await cases().createIndex({ sweepDueOn: 1 });
    await repository.ensureIndexes();
    const names = (await cases().indexes()).map((index) => index.name).sort();
    expect(names).toEqual(['_id_', 'partnershipId_1_reference_1']);
    // A second start-up (nothing left to drop) is quiet.
    await repository.ensureIndexes();
    expect((await cases().indexes()).length).toBe(2);
  });

  it('bulk loads, start-up rebuilding and the seed’s reset', async () => {
    const repository = createCaseRepository(caseModels(api.database.connection));
    // A case inserted straight into the collection (the benchmark's fixtures), then its summary.
    const template = (await cases().findOne({ _id: ids['signing']! }))!;
    const clone = { ...template, _id: 'bulk-clone-1', reference: 'NTH-2025-9001' };
    await cases().insertOne(clone);
    await insertSummariesOf(api.database.connection, [clone]);
    await expectSummaryOfStoredCase('bulk-clone-1');
    // Once the summaries are up to date, start-up reads the marker and looks no further (no counts).
    const backfills = () => api.database.connection.collection('case_summary_backfills');
    const marker = { _id: 'case-summaries-derivation-2' as never };
    expect(await backfills().countDocuments(marker)).toBe(1);
    await summaries().deleteOne({ _id: ids['asked']! });
    expect(await repository.rederiveSummaries()).toBe(0);
    expect(await summaries().countDocuments({ _id: ids['asked']! as never })).toBe(0);
    // Data from before summaries existed (no marker): the case with no summary gets one, once.
    await backfills().deleteMany({});
    expect(await repository.rederiveSummaries()).toBe(await cases().countDocuments());
    await expectSummaryOfStoredCase(ids['asked']!);
    expect(await repository.rederiveSummaries()).toBe(0);
    // The seed's --reset removes a partnership's cases with their summaries.
    await openCase('south', 'south-business-unit', SERIOUS_INCIDENT);
    await repository.removePartnership('south');
    expect(await cases().countDocuments({ partnershipId: 'south' })).toBe(0);
    expect(await summaries().countDocuments({ partnershipId: 'south' })).toBe(0);
    expect(await summaries().countDocuments()).toBe(await cases().countDocuments());
  });

  it('a summary derived the old way (a closed case still listing its clocks) is re-derived once per derivation', async () => {
    const repository = createCaseRepository(caseModels(api.database.connection));
    const backfills = () => api.database.connection.collection('case_summary_backfills');
    const marker = { _id: 'case-summaries-derivation-2' as never };
    // (the test above left the marker)
    expect(await backfills().countDocuments(marker)).toBe(1);
    // What the old derivation wrote for a closed case: its unmet clock still due, still to sweep.
    const stale = {
      openDeadlines: [{ clockId: 'sin-notification' as const, dueOn: '2025-03-10' }],
      nextDueOn: '2025-03-10',
      sweepDueOn: '2025-03-10',
    };
    await summaries().updateOne({ _id: ids['closed']! }, { $set: stale });
    expect(await repository.rederiveSummaries()).toBe(0);
    expect(await summaries().findOne({ _id: ids['closed']! })).toMatchObject(stale);
    // A database whose summaries predate this derivation: every summary is re-derived, once.
    await backfills().deleteOne(marker);
    expect(await repository.rederiveSummaries()).toBe(await cases().countDocuments());
    expect(await summaries().findOne({ _id: ids['closed']! })).toMatchObject({
      openDeadlines: [],
      nextDueOn: null,
      sweepDueOn: null,
      open: false,
    });
    await expectSummaryOfStoredCase(ids['closed']!);
    expect(await repository.rederiveSummaries()).toBe(0);
  });
});

describe('a process that dies between writing the case and writing its summary', () => {
  it('leaves an intent, and the repair re-derives the summary from the stored case', async () => {
    const connection = api.database.connection;
    const models = caseModels(connection);
    const repository = createCaseRepository(models);
    const workflow = (await createPartnershipDirectory(connection, defaultHolidayCalendar).get('north'))!.workflow;
    const id = ids['asked']!;
    const record = (await repository.find('north', id))!;
    clock.set('2025-05-07T09:00:00Z');
    const event = {
      type: 'partners.informed',
      informedOn: '2025-03-05',
      actor: { userId: 'north-business-unit', role: 'business-unit' },
      at: clock.now().toISOString(),
    } as CaseEvent;
    const view = applyCaseEvent(workflow, record.workflow, event);

    // The summary write never happens: the process "dies" right after the case's update.
    const died = vi.spyOn(models.CaseSummary.collection, 'replaceOne').mockRejectedValueOnce(new Error('process killed'));
    await expect(saveTransition(repository, record, view, event, clock.now())).rejects.toThrow('process killed');
    died.mockRestore();
    const stored = (await cases().findOne({ _id: id }))!;
    expect(stored.version).toBe(record.version + 1);
    expect((await summaries().findOne({ _id: id }))?.version).toBe(record.version);
    expect(await intents().countDocuments({ caseId: id })).toBe(1);

    // The sweeper's pass leaves an intent younger than a minute alone: its write may be in flight.
    expect(await repository.repairSummaries()).toBe(0);
    expect((await summaries().findOne({ _id: id }))?.version).toBe(record.version);
    // Start-up re-derives every summary an intent names, but keeps the young intent.
    expect(await repository.repairSummaries({ everything: true })).toBe(1);
    await expectSummaryOfStoredCase(id);
    expect(await intents().countDocuments({ caseId: id })).toBe(1);

    // Once the intent is older than a minute, the sweeper's pass repairs and clears it; an intent
    // whose case was never written (an insert that died) is cleared with nothing to summarise.
    const longAgo = new Date(Date.now() - INTENT_TIMEOUT_MS - 1000);
    await summaries().updateOne({ _id: id }, { $set: { version: record.version, state: 'stale' } });
    await intents().updateMany({ caseId: id }, { $set: { at: longAgo } });
    await intents().insertOne({ _id: 'never-written' as never, caseId: 'no-such-case', partnershipId: 'north', at: longAgo });
    expect(await repository.repairSummaries()).toBe(2);
    await expectSummaryOfStoredCase(id);
    expect(await intents().countDocuments()).toBe(0);
    expect(await summaries().findOne({ _id: 'no-such-case' })).toBeNull();
  });
});

describe('the version guard on summary writes', () => {
  it('never lets an older summary overwrite a newer one, in any order', async () => {
    const store = createCaseSummaryStore(caseModels(api.database.connection));
    const base = { ...summariseCase((await cases().findOne({ _id: ids['signing']! }))!), _id: 'guarded', partnershipId: 'guard-test' };
    const at = (version: number): CaseSummary => ({ ...base, version, state: `state-${version}` });
    const stored = async () => (await summaries().findOne({ _id: 'guarded' }))!;

    expect(await store.write(at(3))).toBe(true);
    expect(await store.write(at(2))).toBe(false);
    expect(await store.write(at(3))).toBe(false);
    expect(await stored()).toMatchObject({ version: 3, state: 'state-3' });
    expect(await store.write(at(4))).toBe(true);
    expect(await stored()).toMatchObject({ version: 4, state: 'state-4' });

    // Writers racing, newest in the middle: the newest wins whatever lands last.
    await Promise.all([7, 5, 9, 6, 8].map((version) => store.write(at(version))));
    expect(await stored()).toMatchObject({ version: 9, state: 'state-9' });
    await summaries().deleteOne({ _id: 'guarded' });
  });
});

describe('the reads moved onto summaries answer as the cases themselves would', () => {
  it('the case list, in order, with its filters', async () => {
    clock.set('2025-05-07T10:00:00Z');
    const all = await cases().find({ partnershipId: 'north' }).toArray();
    // Soonest next deadline first; cases with none after all those with one (issue 16).
    const byNextDue = (a: CaseRecord, b: CaseRecord) =>
      a.nextDueOn === b.nextDueOn
        ? a._id < b._id
          ? -1
          : 1
        : a.nextDueOn === null
          ? 1
          : b.nextDueOn === null
            ? -1
            : a.nextDueOn < b.nextDueOn
              ? -1
              : 1;
    const expected = (records: CaseRecord[]) =>
      records.sort(byNextDue).map((record) => ({
        id: record._id,
        reference: record.reference,
        route: record.route,
        state: record.state,
        stage: record.stage,
        final: record.final,
        version: record.version,
        openedOn: record.openedOn,
        nextDueOn: record.nextDueOn,
        overdue: record.nextDueOn !== null && record.nextDueOn < '2025-05-07',
      }));
    // Which deadline is next is checked below; the rest field by field.
    const withoutNext = (items: { nextDeadline?: unknown }[]) => items.map(({ nextDeadline: _next, ...item }) => item);
    const list = await api.call('GET', '/api/cases?pageSize=100', { as: 'north-business-unit' });
    expect(list.status).toBe(200);
    expect(withoutNext(list.body.items)).toEqual(expected([...all]));
    expect(list.body.items.some((item: { nextDueOn: string | null }) => item.nextDueOn === null)).toBe(true);
    for (const item of list.body.items as {
      id: string;
      nextDueOn: string | null;
      nextDeadline: { clockId: string; dueOn: string } | null;
    }[]) {
      const record = all.find((candidate) => candidate._id === item.id)!;
      if (item.nextDueOn === null) expect(item.nextDeadline).toBeNull();
      else {
        expect(item.nextDeadline?.dueOn).toBe(item.nextDueOn);
        expect(record.openDeadlines.filter((deadline) => deadline.dueOn === item.nextDueOn).map((deadline) => deadline.clockId)).toContain(
          item.nextDeadline?.clockId,
        );
      }
    }
    expect(list.body.total).toBe(all.length);
    const referrals = await api.call('GET', '/api/cases?route=referral&pageSize=100', { as: 'north-business-unit' });
    expect(withoutNext(referrals.body.items)).toEqual(expected(all.filter((record) => record.route === 'referral')));
    const overdue = await api.call('GET', '/api/cases?overdue=true&pageSize=100', { as: 'north-business-unit' });
    expect(withoutNext(overdue.body.items)).toEqual(
      expected(all.filter((record) => record.nextDueOn !== null && record.nextDueOn < '2025-05-07')),
    );
    // An agency sees only the cases its organisation is involved in.
    const school = await api.call('GET', '/api/cases?pageSize=100', { as: 'north-agency-school' });
    expect(school.body.items.map((item: { id: string }) => item.id)).toEqual([ids['asked']]);
  });

  it('the deadline dashboard: every open deadline of the open cases, soonest first, paged', async () => {
    const open = await cases().find({ partnershipId: 'north', final: false }).toArray();
    const rows = open
      .flatMap((record) =>
        record.openDeadlines.map((deadline) => ({ caseId: record._id, clockId: deadline.clockId, dueOn: deadline.dueOn })),
      )
      .sort((a, b) => (a.dueOn === b.dueOn ? (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0) : a.dueOn < b.dueOn ? -1 : 1));
    const page = async (size: number, n: number) =>
      (await api.call('GET', `/api/deadlines?pageSize=${size}&page=${n}`, { as: 'north-business-unit' })).body.items as typeof rows;
    const all = await page(200, 1);
    expect(rows.length).toBeGreaterThan(10);
    // Two clocks of one case due the same day have no order between them: compare the days and cases.
    const dayAndCase = (list: typeof rows) => list.map(({ caseId, dueOn }) => `${dueOn} ${caseId}`);
    expect(dayAndCase(all)).toEqual(dayAndCase(rows));
    expect(new Set(all.map(({ caseId, clockId }) => `${caseId}/${clockId}`))).toEqual(
      new Set(rows.map(({ caseId, clockId }) => `${caseId}/${clockId}`)),
    );
    const paged = [];
    for (let n = 1; (n - 1) * 4 < rows.length; n++) paged.push(...(await page(4, n)));
    expect(dayAndCase(paged)).toEqual(dayAndCase(rows));
  });

  it('My work: the same waiting events, deadlines and requests as reading each case whole, without reading one', async () => {
    const connection = api.database.connection;
    const { service } = await createCaseModule({
      connection,
      calendar: defaultHolidayCalendar,
      clock,
      partnerships: createPartnershipDirectory(connection, defaultHolidayCalendar),
      warnWorkingDays: 3,
      openActionCount: async () => 0,
    });
    const { Case } = caseModels(connection);
    const reads = [vi.spyOn(Case.collection, 'find'), vi.spyOn(Case.collection, 'findOne'), vi.spyOn(Case.collection, 'aggregate')];
    const shown: string[] = [];
    for (const user of api.tenants['north']!.users) {
      const principal = principalForUser(user as never);
      const before = await readingEachCase(service, principal);
      // The spies see case reads (reading each case whole makes them), so their silence below means something.
      if (before.length > 0) expect(reads[1], user.id).toHaveBeenCalled();
      for (const spy of reads) spy.mockClear();
      const items = await service.openWork(principal, 400);
      for (const spy of reads) expect(spy, user.id).not.toHaveBeenCalled();
      const after = items.map((item) => ({
        id: item.id,
        waiting: eventsWaitingFor(item, principal),
        deadlines: item.deadlines.filter((deadline) => deadline.status === 'overdue' || deadline.status === 'due-soon'),
        requests: item.informationRequests,
      }));
      expect(after, user.id).toEqual(before);
      for (const item of after)
        shown.push(
          ...item.waiting.map((type) => `${user.id} ${type}`),
          ...item.requests.map(() => `${user.id} request`),
          ...item.deadlines.map((d) => `${user.id} ${d.clockId}`),
        );
    }
    // The comparison covered what My work is for: sign-offs still owed (and not the one given),
    // an agency's own return, a reviewer's draft and the chair's screening.
    expect(shown).toEqual(
      expect.arrayContaining([
        'north-lead-police rapid-review.signed-off',
        'north-agency-school agency-information.returned',
        'north-agency-school request',
        'north-agency-school agency-returns',
        'north-reviewer draft.received',
        'north-chair referral.screened',
      ]),
    );
    expect(shown).not.toContain('north-lead-la rapid-review.signed-off');
    for (const spy of reads) spy.mockRestore();
  });
});

type Request = { agency: string; requestedOn: string; dueOn: string | null; returnedOn: string | null };
const requestsOf = (view: Awaited<ReturnType<CaseService['get']>>): Request[] =>
  'record' in view ? view.record.agencyRequests : view.informationRequests;

/** What My work showed before summaries: list the cases, read each open one whole, work it out from the view. */
async function readingEachCase(service: CaseService, principal: Principal) {
  const listed = await service.list(principal, { page: 1, pageSize: 200 });
  const views = await Promise.all(listed.items.filter((item) => !item.final).map((item) => service.get(principal, item.id)));
  return views.map((view) => ({
    id: view.id,
    waiting: eventsWaitingFor(waitingFactsOf(view), principal),
    deadlines: view.deadlines
      .filter((deadline) => deadline.status === 'overdue' || deadline.status === 'due-soon')
      .map(({ clockId, title, dueOn, status, workingDaysLeft }) => ({ clockId, title, dueOn, status, workingDaysLeft })),
    requests: requestsOf(view)
      .filter((request) => request.agency === principal.organisationId && request.returnedOn === null)
      .map(({ agency, requestedOn, dueOn }) => ({ agency, requestedOn, dueOn })),
  }));
}
