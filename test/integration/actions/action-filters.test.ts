import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { createAction, createRecommendation, openCase, sendEvent } from './action-fixture.js';

// Filters and the overdue rule, with a fixed clock and dates worked out by hand.
// Today: Monday 30 June 2025, 11:00 in England (10:00 UTC; British Summer Time).
const clock = fixedClock('2025-06-30T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let neglect: string;
let domesticAbuse: string;
const ids: Record<string, string> = {};

async function texts(query: string, as = 'north-viewer'): Promise<string[]> {
  const response = await api.call('GET', `/api/actions${query}`, { as });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.items.map((item: { text: string }) => item.text);
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  caseId = (await openCase(api)).id;
  neglect = (await createRecommendation(api, { source: 'national-review', caseId, priority: 'neglect', text: 'Neglect' })).id;
  domesticAbuse = (await createRecommendation(api, { source: 'section-11', priority: 'domestic-abuse', text: 'Domestic abuse' })).id;
  const make = async (text: string, body: Record<string, unknown>) => {
    ids[text] = (await createAction(api, { recommendationId: neglect, text, lead: 'Lead', ...body })).id;
  };
  // A1 is due today; A2 was due yesterday; A3 was due yesterday but its completion is reported.
  await make('A1', { ownerOrganisationId: 'north-school', targetOn: '2025-06-30' });
  await make('A2', { ownerOrganisationId: 'north-police', targetOn: '2025-06-29', rag: 'red' });
  await make('A3', { ownerOrganisationId: 'north-school', targetOn: '2025-06-29' });
  // Quarterly from 31 March 2025: first due 30 June 2025, then 30 September, 31 December.
  await make('A4', { ownerOrganisationId: 'north-yjs', recurrence: { frequency: 'quarterly', startOn: '2025-03-31' } });
  await make('A5', { ownerOrganisationId: 'north-police', recurrence: { frequency: 'ongoing', startOn: '2025-01-01' } });
  await make('A7', { ownerOrganisationId: 'north-yjs', recurrence: { frequency: 'quarterly', startOn: '2025-03-31' } });
  ids['A6'] = (
    await createAction(api, {
      recommendationId: domesticAbuse,
      text: 'A6',
      lead: 'Lead',
      ownerOrganisationId: 'north-police',
      targetOn: '2025-12-31',
      rag: 'amber',
    })
  ).id;
  expect((await sendEvent(api, 'north-agency-school', ids['A3']!, 1, { type: 'action.rag-changed', rag: 'complete' })).status).toBe(200);
  // A note on A4's due date covers its first quarter: next due 30 September.
  expect(
    (await sendEvent(api, 'north-agency-yjs', ids['A4']!, 1, { type: 'action.progress-noted', text: 'Quarter 1 report' })).status,
  ).toBe(200);
  expect(
    (
      await sendEvent(api, 'north-agency-school', ids['A1']!, 1, {
        type: 'action.impact-evidenced',
        text: 'Audit',
        evidencedOn: '2025-06-01',
      })
    ).status,
  ).toBe(200);
});
afterAll(() => api?.close());

describe('overdue: the day after the due date, not on it', () => {
  it('on 30 June only A2 (due 29 June) is overdue; A3 was due then too but its completion is reported', async () => {
    expect(await texts('?overdue=true')).toEqual(['A2']);
    expect(await texts('?overdue=false')).toEqual(['A1', 'A3', 'A4', 'A5', 'A7', 'A6']);
    const a1 = await api.call('GET', `/api/actions/${ids['A1']}`, { as: 'north-viewer' });
    expect(a1.body).toMatchObject({ dueOn: '2025-06-30', overdue: false });
    const a4 = await api.call('GET', `/api/actions/${ids['A4']}`, { as: 'north-viewer' });
    expect(a4.body).toMatchObject({ dueOn: '2025-09-30', overdue: false, progressNotes: [expect.objectContaining({ on: '2025-06-30' })] });
    const a7 = await api.call('GET', `/api/actions/${ids['A7']}`, { as: 'north-viewer' });
    expect(a7.body).toMatchObject({ dueOn: '2025-06-30', overdue: false });
  });

  it('at 23:59:59 BST on 30 June nothing more is overdue', async () => {
    clock.set('2025-06-30T22:59:59Z');
    expect(await texts('?overdue=true')).toEqual(['A2']);
  });

  it('from midnight BST on 1 July, A1 and A7 (due 30 June) are overdue; A4 reported, A5 is ongoing', async () => {
    clock.set('2025-06-30T23:00:00Z');
    expect(await texts('?overdue=true')).toEqual(['A1', 'A2', 'A7']);
    expect(await texts('?overdue=false')).toEqual(['A3', 'A4', 'A5', 'A6']);
    const a1 = await api.call('GET', `/api/actions/${ids['A1']}`, { as: 'north-viewer' });
    expect(a1.body.overdue).toBe(true);
    const list = await api.call('GET', '/api/actions?overdue=true', { as: 'north-viewer' });
    expect(list.body.items.map((item: { overdue: boolean }) => item.overdue)).toEqual([true, true, true]);
  });

  it('a progress note moves a recurring action’s due date on: A7 noted on 1 July is next due 31 December', async () => {
    // 1 July falls in the second quarter (30 June, 30 September], so the note counts for it.
    const noted = await sendEvent(api, 'north-agency-yjs', ids['A7']!, 1, { type: 'action.progress-noted', text: 'Late quarter 1 report' });
    expect(noted.status).toBe(200);
    expect(noted.body.action).toMatchObject({ dueOn: '2025-12-31', overdue: false });
    expect(await texts('?overdue=true')).toEqual(['A1', 'A2']);
  });

  it('a recurring action’s next due date counts from its start date (A4 due 30 September, overdue from 1 October)', async () => {
    clock.set('2025-09-30T12:00:00Z');
    expect(await texts('?overdue=true&owner=north-yjs')).toEqual([]);
    clock.set('2025-09-30T23:30:00Z');
    expect(await texts('?overdue=true&owner=north-yjs')).toEqual(['A4']);
    clock.set('2025-06-30T23:00:00Z');
  });
});

describe('filters', () => {
  it.each([
    ['?owner=north-school', ['A1', 'A3']],
    ['?owner=north-police', ['A2', 'A5', 'A6']],
    ['?source=section-11', ['A6']],
    ['?source=national-review', ['A1', 'A2', 'A3', 'A4', 'A5', 'A7']],
    ['?priority=domestic-abuse', ['A6']],
    ['?rag=red', ['A2']],
    ['?rag=amber', ['A6']],
    ['?rag=complete', ['A3']],
    ['?status=awaiting-sign-off', ['A3']],
    ['?status=open&owner=north-school', ['A1']],
    ['?impact=with', ['A1']],
    ['?impact=without&owner=north-school', ['A3']],
    ['?owner=north-police&overdue=true', ['A2']],
    ['?status=complete&overdue=true', []],
  ])('%s', async (query, expected) => {
    expect(await texts(query)).toEqual(expected);
  });

  it('by case and by recommendation', async () => {
    expect(await texts(`?caseId=${caseId}`)).toEqual(['A1', 'A2', 'A3', 'A4', 'A5', 'A7']);
    expect(await texts(`?recommendationId=${domesticAbuse}`)).toEqual(['A6']);
    expect(await texts(`?caseId=${'c'.repeat(32)}`)).toEqual([]);
  });

  it('paginates in reference order with the total', async () => {
    const response = await api.call('GET', '/api/actions?page=2&pageSize=2', { as: 'north-viewer' });
    expect(response.body).toMatchObject({ total: 7, page: 2, pageSize: 2 });
    expect(response.body.items.map((item: { reference: string }) => item.reference)).toEqual(['NTH-R-0001.3', 'NTH-R-0001.4']);
  });

  it('an agency sees only its own actions, whatever it asks for', async () => {
    expect(await texts('', 'north-agency-school')).toEqual(['A1', 'A3']);
    expect(await texts('?overdue=true', 'north-agency-school')).toEqual(['A1']);
    expect(await texts('?owner=north-police', 'north-agency-school')).toEqual([]);
    expect(await texts(`?caseId=${caseId}`, 'north-agency-yjs')).toEqual(['A4', 'A7']);
    const item = (await api.call('GET', '/api/actions', { as: 'north-agency-school' })).body.items[0];
    expect(item).not.toHaveProperty('caseId');
    expect(item).not.toHaveProperty('caseReference');
  });

  it('another partnership sees none of them', async () => {
    expect(await texts('', 'south-chair')).toEqual([]);
    expect((await api.call('GET', `/api/actions/${ids['A1']}`, { as: 'south-chair' })).status).toBe(404);
  });

  it('refuses unknown filters, operators and repeated keys (400)', async () => {
    for (const query of [
      '?ownerOrganisationId=north-school',
      '?owner[$ne]=x',
      '?owner=a&owner=b',
      '?overdue=1',
      '?rag=blue',
      '?pageSize=1000',
      '?__proto__[x]=1',
    ]) {
      const response = await api.call('GET', `/api/actions${query}`, { as: 'north-viewer' });
      expect(response.status, query).toBe(400);
    }
  });
});
