import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderOutboxModel, type ReminderEntry } from '../../../src/reminders/reminder.model.js';
import { verifySignature } from '../../../src/reminders/reminder.webhook.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { expectedMessageId, expectNoChildDetails, LINK_BASE, openCase, smtpEnv, workerFor } from './reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.js';

// The signed webhook beside e-mail, against a real HTTP receiver. Dates as in reminders-email:
// LA aware Monday 3 March 2025; SIN due Monday 10 March; agency returns Monday 17 March; rapid
// review meeting Wednesday 19 March (warning window: 3 working days).
const SECRET = 'synthetic-webhook-secret-0123456789abcdef';
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let smtp: SmtpCapture;
let caseId: string;
let caseVersion: number;
let reference: string;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}
const received: Received[] = [];
/** Statuses the receiver answers with, in order; 204 once they run out. */
const answers: number[] = [];
let receiver: http.Server;
let hookUrl: string;

function env() {
  return { ...smtpEnv(smtp.port), REMINDER_WEBHOOK_URL: hookUrl, REMINDER_WEBHOOK_SECRET: SECRET };
}

async function run(at: string, workerId = 'worker-a') {
  clock.set(at);
  const worker = workerFor(api, clock, env(), { workerId });
  return worker.runOnce(new Date(at));
}

async function entry(key: string): Promise<ReminderEntry> {
  return (await reminderOutboxModel(api.database.connection).findOne({ _id: key }).lean<ReminderEntry>())!;
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  smtp = await startSmtpCapture();
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const answered = answers.shift() ?? 204;
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
      response.statusCode = answered;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/reminders`;
  ({ id: caseId, reference, version: caseVersion } = await openCase(api, 'north-business-unit', '2025-03-03'));
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
  await smtp?.stop();
  await api?.close();
});

describe('reminders by signed webhook', () => {
  it('a reminder whose clock is met before delivery succeeds is not sent at all (obsolete)', async () => {
    await smtp.stop();
    answers.push(503);
    const failed = await run('2025-03-05T08:00:00Z');
    expect(failed).toMatchObject({ planned: 1, claimed: 1, delivered: 0, retrying: 1 });
    const key = `case:${caseId}:sin-notification:2025-03-10:due-soon`;
    // Both channels failed, each leaves its code.
    expect((await entry(key)).lastError).toMatch(/^email-E[A-Z]+(-\d{3})?,webhook-http-503$/);
    expect(received).toHaveLength(1);

    clock.set('2025-03-06T09:00:00Z');
    const submitted = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-business-unit',
      body: { type: 'sin.submitted', submittedOn: '2025-03-06' },
      headers: { 'If-Match': `"${caseVersion}"` },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    await smtp.start();
    const after = await run('2025-03-06T09:01:00Z');
    expect(after).toMatchObject({ planned: 0, claimed: 1, obsolete: 1, delivered: 0, emailsSent: 0, webhooksSent: 0 });
    expect((await entry(key)).status).toBe('obsolete');
    expect(smtp.messages).toHaveLength(0);
    expect(received).toHaveLength(1);
  });

  it('the receiver gets one POST signed with HMAC-SHA256 over timestamp and body, holding no child details', async () => {
    const figures = await run('2025-03-12T08:00:00Z');
    expect(figures).toMatchObject({ planned: 1, delivered: 1, emailsSent: 1, webhooksSent: 1 });
    expect(received).toHaveLength(2);
    const post = received[1]!;
    const key = `case:${caseId}:agency-returns:2025-03-17:due-soon`;
    // t is the delivery instant in Unix seconds: 2025-03-12T08:00:00Z.
    expect(post.headers['x-signature']).toMatch(/^t=1741766400,v1=[0-9a-f]{64}$/);
    const v1 = createHmac('sha256', SECRET).update(`1741766400.${post.body}`).digest('hex');
    expect(post.headers['x-signature']).toBe(`t=1741766400,v1=${v1}`);
    expect(verifySignature(SECRET, post.headers['x-signature'] as string, post.body, 1741766400 + 10)).toBe(true);
    expect(verifySignature(SECRET, post.headers['x-signature'] as string, `${post.body} `, 1741766400)).toBe(false);
    expect(verifySignature('another-secret-of-at-least-32-chars!!', post.headers['x-signature'] as string, post.body, 1741766400)).toBe(
      false,
    );
    expect(post.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(post.body);
    const id = expectedMessageId(key).slice('<reminder.'.length, '<reminder.'.length + 32);
    expect(post.headers['idempotency-key']).toBe(id);
    expect(payload).toEqual({
      id,
      type: 'reminder.due-soon',
      partnershipId: 'north',
      subject: { kind: 'case-clock', id: caseId, caseId },
      reference,
      clockId: 'agency-returns',
      clockTitle: 'Agency information returns in',
      statutory: false,
      dueOn: '2025-03-17',
      threshold: 'due-soon',
      link: `${LINK_BASE}/api/cases/${caseId}`,
    });
    expectNoChildDetails(post.body);
    expect((await entry(key)).channels).toMatchObject({ email: { state: 'delivered' }, webhook: { state: 'delivered' } });
  });

  it('when only the webhook fails, only the webhook is retried: the e-mail is not sent again', async () => {
    answers.push(500);
    const first = await run('2025-03-14T08:00:00Z');
    expect(first).toMatchObject({ planned: 1, delivered: 0, retrying: 1, emailsSent: 1, webhooksSent: 0 });
    const key = `case:${caseId}:rapid-review-meeting:2025-03-19:due-soon`;
    expect(await entry(key)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'webhook-http-500',
      channels: { email: { state: 'delivered' } },
    });
    const second = await run('2025-03-14T08:00:31Z', 'worker-b');
    expect(second).toMatchObject({ claimed: 1, delivered: 1, emailsSent: 0, webhooksSent: 1 });
    expect(await entry(key)).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    const mails = smtp.messages.filter((message) => message.headers.get('message-id') === expectedMessageId(key));
    expect(mails).toHaveLength(1);
    const posts = received.filter((post) => post.headers['idempotency-key'] === expectedMessageId(key).slice(10, 42));
    expect(posts.map((post) => post.answered)).toEqual([500, 204]);
    console.log(
      `reminders (webhook): ${received.length} POSTs received, ${received.filter((post) => post.answered < 300).length} accepted, ` +
        `${smtp.messages.length} e-mails, 0 duplicates; 1 obsolete reminder not sent`,
    );
  });
});
