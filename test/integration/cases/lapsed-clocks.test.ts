import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { caseModels } from '../../../src/cases/case.model.js';
import { createCaseRepository } from '../../../src/cases/case.repository.js';
import { createDeadlineSweeper } from '../../../src/cases/deadline-sweeper.js';
import { createPartnershipDirectory } from '../../../src/partnerships/partnership-directory.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Clocks whose stage has ended lapse, a closed case is never overdue, and the Panel's reply is
// awaited, never chased: through the real API and database. Dates worked out by hand: LA aware
// Monday 3 March 2025, so SIN and partners told are due Monday 10 March, agency returns Monday 17
// March, the rapid review Monday 24 March; the rapid review sent Friday 21 March → the Panel's
// reply expected 10 working days later, Friday 4 April.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
const ids: Record<'withdrawn' | 'waiting', string> = { withdrawn: '', waiting: '' };
const versions: Record<string, number> = {};

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

async function open(key: keyof typeof ids) {
  clock.set('2025-03-03T10:00:00Z');
  const response = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  ids[key] = response.body.id;
  versions[key] = response.body.version;
}

async function send(key: keyof typeof ids, as: string, at: string, body: Record<string, unknown>) {
  clock.set(at);
  const response = await api.call('POST', `/api/cases/${ids[key]}/events`, { as, body, headers: { 'If-Match': `"${versions[key]}"` } });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  versions[key] = response.body.case.version;
  return response.body.case;
}

const deadline = (view: { deadlines: { clockId: string }[] }, clockId: string) =>
  view.deadlines.find((d) => d.clockId === clockId) as Record<string, unknown>;

describe('clocks whose stage has ended', () => {
  it('a notification withdrawn on 12 March lapses every open clock that day; the case is never overdue', async () => {
    await open('withdrawn');
    await send('withdrawn', 'north-business-unit', '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' });
    const closed = await send('withdrawn', 'north-chair', '2025-03-12T12:00:00Z', { type: 'sin.withdrawn', reasons: 'criteria not met' });
    expect(closed.final).toBe(true);
    expect(closed.machine).toEqual({ id: 'case-lifecycle', version: 4 });
    expect(deadline(closed, 'agency-returns')).toMatchObject({
      dueOn: '2025-03-17',
      status: 'lapsed',
      lapsedOn: '2025-03-12',
      lapseReason: 'stage ended without this step: the notification was withdrawn',
    });
    expect(deadline(closed, 'partners-informed')).toMatchObject({ dueOn: '2025-03-10', status: 'lapsed', lapsedOn: '2025-03-12' });
    const stored = await api.database.connection.collection('cases').findOne({ _id: ids.withdrawn as never });
    expect(stored).toMatchObject({ openDeadlines: [], nextDueOn: null, sweepDueOn: null });
    const summary = await api.database.connection.collection('case_summaries').findOne({ _id: ids.withdrawn as never });
    expect(summary).toMatchObject({ openDeadlines: [], nextDueOn: null, sweepDueOn: null, open: false });
  });

  it('a case waiting for the Panel: agency returns lapsed on 21 March, the Panel reply awaited (not overdue) after 4 April', async () => {
    await open('waiting');
    await send('waiting', 'north-business-unit', '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' });
    await send('waiting', 'north-business-unit', '2025-03-18T15:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-18' });
    await send('waiting', 'north-chair', '2025-03-18T16:00:00Z', {
      type: 'rapid-review.decided',
      localReview: false,
      nationalReviewSuggested: false,
      criteriaMet: [],
      reasons: 'learning captured',
    });
    await send('waiting', 'north-lead-la', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'local-authority' });
    await send('waiting', 'north-lead-police', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'police' });
    await send('waiting', 'north-lead-health', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'health' });
    // Version 4 sends the rapid review only once the partners were told: late, on Fri 14 March (due Mon 10 March).
    await send('waiting', 'north-business-unit', '2025-03-21T09:00:00Z', {
      type: 'partners.informed',
      informedOn: '2025-03-14',
      lateReason: 'the LA’s duty officer was away',
    });
    const sent = await send('waiting', 'north-business-unit', '2025-03-21T10:00:00Z', {
      type: 'rapid-review.submitted',
      submittedOn: '2025-03-21',
    });
    expect(deadline(sent, 'agency-returns')).toMatchObject({ status: 'lapsed', lapsedOn: '2025-03-21' });

    clock.set('2025-04-08T09:00:00Z');
    const view = await api.call('GET', `/api/cases/${ids.waiting}`, { as: 'north-chair' });
    expect(deadline(view.body, 'panel-response')).toMatchObject({ dueOn: '2025-04-04', status: 'awaited', soft: true });
    // partners told late: the breach and its reason stay on the record; nothing is overdue
    expect(deadline(view.body, 'partners-informed')).toMatchObject({
      dueOn: '2025-03-10',
      metOn: '2025-03-14',
      status: 'breached',
      lateReason: 'the LA’s duty officer was away',
    });
    expect(view.body.deadlines.filter((d: { status: string }) => d.status === 'overdue')).toEqual([]);
  });

  it('the dashboard, the case list and the sweeper chase only the partnership’s own open clocks', async () => {
    clock.set('2025-04-08T09:00:00Z');
    const dashboard = await api.call('GET', '/api/deadlines?status=overdue&pageSize=200', { as: 'north-business-unit' });
    expect(dashboard.status).toBe(200);
    // the Panel's reply (expected 4 April) is awaited, not the partnership's overdue deadline; the withdrawn case has nothing open
    expect(dashboard.body.items).toEqual([]);
    const overdue = await api.call('GET', '/api/cases?overdue=true', { as: 'north-business-unit' });
    expect(overdue.body.items).toEqual([]);

    const sweeper = createDeadlineSweeper({
      repository: createCaseRepository(caseModels(api.database.connection)),
      partnerships: createPartnershipDirectory(api.database.connection, defaultHolidayCalendar),
      clock,
    });
    const result = await sweeper.sweepOnce();
    expect(result.recorded).toBe(0);
    const history = await api.call('GET', `/api/cases/${ids.waiting}/history`, { as: 'north-chair' });
    const noted = (history.body.items as { type: string; fields: { clockId: string } }[]).filter((item) => item.type === 'deadline.passed');
    expect(noted).toEqual([]);
  });
});
