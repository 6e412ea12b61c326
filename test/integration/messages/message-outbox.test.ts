import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { informationRequestId } from '../../../src/information/information-request.id.js';
import { type MessageEntry, messageModels } from '../../../src/messages/message.model.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { expectNoChildDetails, LINK_BASE, openCase, smtpEnv } from '../reminders/reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from '../reminders/smtp-capture.js';
import { messageWorkerFor } from './message-support.js';

// The message outbox, exactly once, with two workers on one database and a real SMTP server.
// The north case opens on Monday 3 March 2025 at 10:00 (a serious incident: the partners are to be
// told); the business unit asks the police and the school at 10:02 (due, by hand: the agency
// returns clock is 10 working days from LA awareness on 3 March, so Monday 17 March).
const clock = fixedClock('2025-03-03T10:00:00Z');
const PARTNER_LEADS = ['lead-health@north.example.org', 'lead-la@north.example.org', 'lead-police@north.example.org'];
let api: ApiTestContext;
let smtp: SmtpCapture;
let caseId: string;
let reference: string;
let requestSeq: number;

async function outbox(): Promise<MessageEntry[]> {
  return messageModels(api.database.connection).MessageOutbox.find({}).sort({ _id: 1 }).lean<MessageEntry[]>();
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { REMINDER_INTERVAL_MS: '0' } });
  smtp = await startSmtpCapture();
  const opened = await openCase(api, 'north-business-unit', '2025-03-03');
  ({ id: caseId, reference } = opened);
  clock.set('2025-03-03T10:02:00Z');
  const asked = await api.call('POST', `/api/cases/${caseId}/events`, {
    as: 'north-business-unit',
    body: { type: 'agency-information.requested', agencies: ['north-police', 'north-school'] },
    headers: { 'If-Match': `"${opened.version}"` },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
  requestSeq = asked.body.event.seq;
});

afterAll(async () => {
  await smtp?.stop();
  await api?.close();
});

describe('the message outbox performs the lifecycle effects exactly once', () => {
  it('two workers running at the same moment send each message once', async () => {
    const a = messageWorkerFor(api, clock, smtpEnv(smtp.port), 'worker-a');
    const b = messageWorkerFor(api, clock, smtpEnv(smtp.port), 'worker-b');
    const at = new Date('2025-03-03T10:05:00Z');
    const [first, second] = await Promise.all([a.runOnce(at), b.runOnce(at)]);
    await Promise.all([a.stop(), b.stop()]);
    // Three messages owed: partners told (opening), the police asked, the school asked.
    expect(first.planned + second.planned).toBe(3);
    expect(first.delivered + second.delivered).toBe(3);
    expect(smtp.messages).toHaveLength(3);

    const bySubject = new Map(smtp.messages.map((message) => [message.headers.get('subject'), message]));
    expect(bySubject.get(`Safeguarding partners: ${reference}`)!.recipients.sort()).toEqual(PARTNER_LEADS);
    const asks = smtp.messages.filter(
      (message) => message.headers.get('subject') === `Information requested: ${reference} (due 17 Mar 2025)`,
    );
    expect(asks.map((message) => message.recipients).sort()).toEqual([
      ['agency-police@north.example.org'],
      ['agency-school@north.example.org'],
    ]);
    const policeRequest = informationRequestId(caseId, requestSeq, 'north-police');
    const police = asks.find((message) => message.recipients[0] === 'agency-police@north.example.org')!;
    expect(police.body).toContain(`Open it: ${LINK_BASE}/information/requests/${policeRequest}`);
    expect(police.body).toContain('Due: Monday 17 March 2025 (2025-03-17)');
    for (const message of smtp.messages) {
      expectNoChildDetails(message.raw);
      expect(message.headers.get('auto-submitted')).toBe('auto-generated');
      expect(message.headers.get('message-id')).toMatch(/^<message\.[0-9a-f]{32}@scp\.example\.org>$/);
    }

    const entries = await outbox();
    expect(entries.map((entry) => entry._id)).toEqual([
      `case:${caseId}:1:partners-told:0`,
      `case:${caseId}:${requestSeq}:agency-asked:north-police`,
      `case:${caseId}:${requestSeq}:agency-asked:north-school`,
    ]);
    for (const entry of entries)
      expect(entry).toMatchObject({
        status: 'delivered',
        attempts: 1,
        leaseOwner: null,
        lastError: null,
        source: { actorId: 'north-business-unit' },
      });
  });

  it('a restarted worker, and a later pass, send nothing again', async () => {
    const restarted = messageWorkerFor(api, clock, smtpEnv(smtp.port), 'worker-c');
    const again = await restarted.runOnce(new Date('2025-03-03T10:06:00Z'));
    const later = await restarted.runOnce(new Date('2025-03-03T11:00:00Z'));
    await restarted.stop();
    expect(again).toMatchObject({ drafts: 3, planned: 0, claimed: 0 });
    expect(later).toMatchObject({ planned: 0, claimed: 0 });
    expect(smtp.messages).toHaveLength(3);
  });

  it('retries with a back-off while the mail server is down, then sends once', async () => {
    clock.set('2025-03-03T12:00:00Z');
    // A second serious incident opened at noon: its partners are to be told (SIN due 10 March, by hand).
    const second = await openCase(api, 'north-business-unit', '2025-03-03');
    await smtp.stop();
    const worker = messageWorkerFor(api, clock, smtpEnv(smtp.port), 'worker-d');
    const down = await worker.runOnce(new Date('2025-03-03T12:01:00Z'));
    expect(down).toMatchObject({ planned: 1, claimed: 1, delivered: 0, retrying: 1 });
    const key = `case:${second.id}:1:partners-told:0`;
    const waiting = (await outbox()).find((entry) => entry._id === key)!;
    expect(waiting.status).toBe('pending');
    expect(waiting.lastError).toMatch(/^email-E[A-Z]+(-\d{3})?$/);
    // The first retry waits REMINDER_RETRY_BASE_MS (30 s) after 12:01:00.
    expect(waiting.nextAttemptAt.toISOString()).toBe('2025-03-03T12:01:30.000Z');
    await smtp.start();
    expect(await worker.runOnce(new Date('2025-03-03T12:01:20Z'))).toMatchObject({ claimed: 0 });
    expect(await worker.runOnce(new Date('2025-03-03T12:01:31Z'))).toMatchObject({ claimed: 1, delivered: 1 });
    await worker.stop();
    expect(smtp.messages).toHaveLength(4);
    const sent = (await outbox()).find((entry) => entry._id === key)!;
    expect(sent).toMatchObject({ status: 'delivered', attempts: 2, lastError: null, recipients: PARTNER_LEADS });
    expect(smtp.messages.at(-1)!.headers.get('subject')).toBe(`Safeguarding partners: ${second.reference}`);
    expect(smtp.messages.at(-1)!.body).toContain('The notification to the Panel is due Monday 10 March 2025.');
    expectNoChildDetails(smtp.messages.at(-1)!.raw);
  });

  it('shows the business unit the log of the case, refuses agencies, and 404s an unknown case', async () => {
    const log = await api.call('GET', `/api/cases/${caseId}/messages`, { as: 'north-business-unit' });
    expect(log.status).toBe(200);
    expect(log.body.items.map((item: { title: string; status: string }) => `${item.title}:${item.status}`)).toEqual([
      'Safeguarding partners told:delivered',
      'Information requested from an agency:delivered',
      'Information requested from an agency:delivered',
    ]);
    expect(log.body.toDo).toBe(0);
    expect((await api.call('GET', `/api/cases/${caseId}/messages`, { as: 'north-agency-police' })).status).toBe(403);
    expect((await api.call('GET', `/api/cases/${caseId}/messages`, { as: 'south-business-unit' })).status).toBe(404);
    expect((await api.call('GET', `/api/cases/not-an-id/messages`, { as: 'north-business-unit' })).status).toBe(400);
  });
});

describe('e-mails planned while no mail server was set', () => {
  it('are sent when one is set within a week of planning, and dropped as expired after', async () => {
    // Two incidents opened on Tuesday 4 March 2025 and planned at 09:31 with no SMTP settings: both wait.
    clock.set('2025-03-04T09:00:00Z');
    const early = await openCase(api, 'north-business-unit', '2025-03-04');
    const late = await openCase(api, 'north-business-unit', '2025-03-04');
    const silent = messageWorkerFor(api, clock, {}, 'no-smtp');
    expect(await silent.runOnce(new Date('2025-03-04T09:31:00Z'))).toMatchObject({ planned: 2, claimed: 0 });
    await silent.stop();
    // The early one is made older by hand: planned at 09:30 on Monday 3 March.
    const { MessageOutbox } = messageModels(api.database.connection);
    await MessageOutbox.updateOne({ _id: `case:${early.id}:1:partners-told:0` }, { $set: { plannedAt: new Date('2025-03-03T09:30:00Z') } });
    // A mail server from Tuesday 11 March 09:30: the late one is 6 days 23 h 59 min old (sent), the
    // early one 8 days (expired, not sent).
    const before = smtp.messages.length;
    const worker = messageWorkerFor(api, clock, smtpEnv(smtp.port), 'smtp-later');
    const figures = await worker.runOnce(new Date('2025-03-11T09:30:00Z'));
    await worker.stop();
    expect(figures).toMatchObject({ claimed: 2, delivered: 1, obsolete: 1 });
    expect(smtp.messages.slice(before).map((message) => message.headers.get('subject'))).toEqual([
      `Safeguarding partners: ${late.reference}`,
    ]);
    const byCase = new Map((await outbox()).map((entry) => [entry.caseId, entry]));
    expect(byCase.get(early.id)).toMatchObject({ status: 'obsolete', lastError: 'expired' });
    expect(byCase.get(late.id)).toMatchObject({ status: 'delivered' });
  });
});
