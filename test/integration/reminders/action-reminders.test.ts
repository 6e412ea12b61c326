import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { expectedMessageId, LINK_BASE, smtpEnv, workerFor } from './reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.js';

// Overdue learning actions, read from the action-plan component's `actions` collection through
// its model. An action is overdue from the day after its target date unless reported complete.
const clock = fixedClock('2025-03-03T10:00:00Z');
const ACTION_TEXT = 'SYNTHETIC-ACTION-TEXT-K9';
let api: ApiTestContext;
let smtp: SmtpCapture;
let schoolAction: { id: string; reference: string; version: number };

async function createAction(recommendationId: string, ownerOrganisationId: string, targetOn: string) {
  const created = await api.call('POST', '/api/actions', {
    as: 'north-business-unit',
    body: { recommendationId, text: ACTION_TEXT, ownerOrganisationId, lead: 'Synthetic lead', targetOn },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.id as string, reference: created.body.reference as string, version: created.body.version as number };
}

async function run(at: string) {
  clock.set(at);
  return workerFor(api, clock, smtpEnv(smtp.port), { workerId: 'worker-a' }).runOnce(new Date(at));
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  smtp = await startSmtpCapture();
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-business-unit',
    body: { source: 'multi-agency-audit', text: 'SYNTHETIC-RECOMMENDATION-TEXT' },
  });
  expect(recommendation.status, JSON.stringify(recommendation.body)).toBe(201);
  // Due Friday 7 March, owned by the school: overdue from Saturday 8 March.
  schoolAction = await createAction(recommendation.body.id, 'north-school', '2025-03-07');
  // Due 30 April: not overdue in this test.
  await createAction(recommendation.body.id, 'north-police', '2025-04-30');
  // Due 6 March but reported complete on the 5th: never overdue.
  const done = await createAction(recommendation.body.id, 'north-yjs', '2025-03-06');
  clock.set('2025-03-05T10:00:00Z');
  const completed = await api.call('POST', `/api/actions/${done.id}/events`, {
    as: 'north-business-unit',
    body: { type: 'action.rag-changed', rag: 'complete' },
    headers: { 'If-Match': `"${done.version}"` },
  });
  expect(completed.status, JSON.stringify(completed.body)).toBe(200);
});

afterAll(async () => {
  await smtp?.stop();
  await api?.close();
});

describe('overdue learning actions', () => {
  it('an action is not overdue on its target date', async () => {
    expect(await run('2025-03-07T16:00:00Z')).toMatchObject({ candidates: 0, planned: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('the day after, one reminder goes to the business unit and the owner organisation’s agency users, without the action’s text', async () => {
    expect(await run('2025-03-08T09:00:00Z')).toMatchObject({ candidates: 1, planned: 1, delivered: 1 });
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    const key = `action:${schoolAction.id}:action-target:2025-03-07:overdue`;
    expect(message!.headers.get('message-id')).toBe(expectedMessageId(key));
    expect(message!.recipients.sort()).toEqual(['agency-school@north.example.org', 'business-unit@north.example.org']);
    expect(message!.headers.get('subject')).toBe(`Overdue: ${schoolAction.reference} - Learning action target date (due 7 Mar 2025)`);
    expect(message!.body).toContain(`Action: ${schoolAction.reference}`);
    expect(message!.body).toContain(`Open it: ${LINK_BASE}/api/actions/${schoolAction.id}`);
    expect(message!.raw).not.toContain(ACTION_TEXT);
    expect(message!.raw).not.toContain('SYNTHETIC-RECOMMENDATION-TEXT');
    expect(await run('2025-03-09T09:00:00Z')).toMatchObject({ candidates: 1, planned: 0, claimed: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it('a revised target date is a new reminder, once, when that date has passed too', async () => {
    clock.set('2025-03-10T10:00:00Z');
    const revised = await api.call('PATCH', `/api/actions/${schoolAction.id}`, {
      as: 'north-business-unit',
      body: { targetOn: '2025-03-20', reason: 'synthetic revision' },
      headers: { 'If-Match': `"${schoolAction.version}"` },
    });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(await run('2025-03-20T12:00:00Z')).toMatchObject({ candidates: 0, planned: 0 });
    expect(await run('2025-03-21T09:00:00Z')).toMatchObject({ candidates: 1, planned: 1, delivered: 1 });
    expect(await run('2025-03-21T10:00:00Z')).toMatchObject({ planned: 0, claimed: 0 });
    expect(smtp.messages.map((message) => message.headers.get('message-id'))).toEqual([
      expectedMessageId(`action:${schoolAction.id}:action-target:2025-03-07:overdue`),
      expectedMessageId(`action:${schoolAction.id}:action-target:2025-03-20:overdue`),
    ]);
    console.log(`reminders (actions): 2 planned, 2 delivered, ${smtp.messages.length} e-mails, 0 duplicates`);
  });
});
