import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { expectNoChildDetails, openCase, smtpEnv } from '../reminders/reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from '../reminders/smtp-capture.js';
import { requestRecordsObserver } from '../../../src/information/information.sources.js';
import { messageWorkerFor } from './message-support.js';

// A serious incident through to an appointed reviewer, with the message worker passing a minute
// after each step (as it does every REMINDER_INTERVAL_MS in the service). What each step owes:
// the opening tells the partners; the request asks the police; the rapid review sent on a notified
// incident is a notice to the Panel (a to-do, not an e-mail); the appointment tells the reviewer.
const clock = fixedClock('2025-03-03T10:00:00Z');
const BU = 'north-business-unit';
let api: ApiTestContext;
let smtp: SmtpCapture;
let caseId: string;
let reference: string;
let version: number;

const steps: [string, string, Record<string, unknown>][] = [
  [BU, '2025-03-04T12:00:00Z', { type: 'agency-information.requested', agencies: ['north-police'] }],
  [BU, '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' }],
  [BU, '2025-03-18T15:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-18' }],
  [
    'north-chair',
    '2025-03-18T16:00:00Z',
    {
      type: 'rapid-review.decided',
      localReview: true,
      nationalReviewSuggested: false,
      criteriaMet: ['improvements-needed'],
      reasons: 'Synthetic reasons.',
    },
  ],
  ['north-lead-la', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'local-authority' }],
  ['north-lead-police', '2025-03-20T10:01:00Z', { type: 'rapid-review.signed-off', partner: 'police' }],
  ['north-lead-health', '2025-03-20T10:02:00Z', { type: 'rapid-review.signed-off', partner: 'health' }],
  [BU, '2025-03-21T10:00:00Z', { type: 'rapid-review.submitted', submittedOn: '2025-03-21' }],
  [BU, '2025-04-03T10:00:00Z', { type: 'panel.responded', response: 'agreed', comments: 'Synthetic comments.' }],
  ['north-chair', '2025-04-14T10:00:00Z', { type: 'local-review.commissioned', commissionedOn: '2025-04-14' }],
  ['north-chair', '2025-04-22T10:00:00Z', { type: 'reviewer.appointed', reviewerId: 'north-reviewer' }],
];

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { REMINDER_INTERVAL_MS: '0' } });
  smtp = await startSmtpCapture();
  ({ id: caseId, reference, version } = await openCase(api, BU, '2025-03-03'));
  const worker = messageWorkerFor(api, clock, smtpEnv(smtp.port), 'lifecycle', [], [requestRecordsObserver(api.database.connection)]);
  await worker.runOnce(new Date('2025-03-03T10:01:00Z'));
  for (const [as, at, body] of steps) {
    clock.set(at);
    const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${version}"` } });
    expect(response.status, `${String(body['type'])}: ${JSON.stringify(response.body)}`).toBe(200);
    version = response.body.case.version;
    await worker.runOnce(new Date(new Date(at).getTime() + 60_000));
  }
  await worker.stop();
});

afterAll(async () => {
  await smtp?.stop();
  await api?.close();
});

describe('the lifecycle messages of one case', () => {
  it('e-mails the partners, the police and the reviewer once each, and the Panel never', () => {
    expect(smtp.messages.map((message) => [message.headers.get('subject'), message.recipients.sort().join(' ')])).toEqual([
      [`Safeguarding partners: ${reference}`, 'lead-health@north.example.org lead-la@north.example.org lead-police@north.example.org'],
      [`Information requested: ${reference} (due 17 Mar 2025)`, 'agency-police@north.example.org'],
      [`You are appointed reviewer: ${reference}`, 'reviewer@north.example.org'],
    ]);
    for (const message of smtp.messages) {
      expectNoChildDetails(message.raw);
      expect(message.raw).not.toContain('Synthetic reasons');
    }
  });

  it('the police follow the link of a request sent as a bare lifecycle event to its page, which the worker created before sending', async () => {
    const asked = smtp.messages.find((message) => message.recipients.join() === 'agency-police@north.example.org')!;
    const requestId = /\/information\/requests\/(ir-[0-9a-f]{24})/.exec(asked.body)?.[1];
    expect(requestId).toBeDefined();
    const request = await api.call('GET', `/api/information-requests/${requestId}`, { as: 'north-agency-police' });
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({ reference, requestedOn: '2025-03-04', dueOn: '2025-03-17', status: 'not-started' });
  });

  it('lists the notice to the Panel as a to-do for the business unit, who records it done once', async () => {
    const log = await api.call('GET', `/api/cases/${caseId}/messages`, { as: BU });
    expect(log.status).toBe(200);
    expect(log.body.toDo).toBe(1);
    const task = log.body.items.find((item: { kind: string }) => item.kind === 'task');
    expect(task).toMatchObject({
      template: 'notice-panel',
      title: 'Tell the Child Safeguarding Practice Review Panel',
      status: 'to-do',
      causedBy: BU,
      recipients: [],
    });

    const url = `/api/cases/${caseId}/messages/${task.id}/done`;
    for (const body of [{}, { doneOn: '21/03/2025' }, { doneOn: '2025-03-21', note: 'x' }]) {
      expect((await api.call('POST', url, { as: BU, body })).status, JSON.stringify(body)).toBe(400);
    }
    expect((await api.call('POST', url, { as: BU, body: { doneOn: '2025-03-20' } })).body.rule).toBe('done-on-before-task');
    expect((await api.call('POST', url, { as: BU, body: { doneOn: '2025-04-23' } })).body.rule).toBe('done-on-in-future');
    expect((await api.call('POST', url, { as: 'north-chair', body: { doneOn: '2025-03-21' } })).status).toBe(403);
    expect(
      (await api.call('POST', `/api/cases/${caseId}/messages/${'0'.repeat(32)}/done`, { as: BU, body: { doneOn: '2025-03-21' } })).status,
    ).toBe(404);
    expect((await api.call('GET', `/api/cases/${caseId}/messages`, { as: BU })).body.toDo).toBe(1);

    const done = await api.call('POST', url, { as: BU, body: { doneOn: '2025-03-21' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', doneOn: '2025-03-21', doneBy: BU });
    expect((await api.call('POST', url, { as: BU, body: { doneOn: '2025-03-21' } })).body.rule).toBe('task-already-done');
    expect((await api.call('GET', `/api/cases/${caseId}/messages`, { as: BU })).body.toDo).toBe(0);
  });
});
