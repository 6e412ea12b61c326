import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderOutboxModel, type ReminderEntry } from '../../../src/reminders/reminder.model.js';
import type { ReminderMailer } from '../../../src/reminders/reminder.mailer.js';
import { createSmtpMailer } from '../../../src/reminders/reminder.mailer.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import {
  expectedMessageId,
  expectNoChildDetails,
  LINK_BASE,
  MAIL_FROM,
  openCase,
  settingsFrom,
  smtpEnv,
  workerFor,
} from './reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.js';

// Reminders by e-mail through a real SMTP server. Dates by hand (warning window 3 working days):
// the north case's LA became aware Monday 3 March 2025, so the SIN is due Monday 10 March
// (statutory), agency returns Monday 17 March, the rapid review meeting Wednesday 19 March and
// partner sign-off Friday 21 March (local clocks); partners-informed is met on the 3rd.
//   Tue 4 Mar: SIN has 4 working days left (5, 6, 7, 10): nothing.
//   Wed 5 Mar: SIN has 3 left (6, 7, 10): due soon → business unit.
//   Tue 11 Mar: SIN overdue (statutory) → business unit and chair; agency returns has 4 left.
//   Wed 12 Mar: agency returns has 3 left (13, 14, 17): due soon.
//   Fri 14 Mar: rapid review meeting has 3 left (17, 18, 19): due soon.
//   Tue 18 Mar: agency returns overdue; partner sign-off has 3 left (19, 20, 21): due soon.
const clock = fixedClock('2025-03-03T10:00:00Z');
const BUSINESS_UNIT = 'business-unit@north.example.org';
const CHAIR = 'chair@north.example.org';
let api: ApiTestContext;
let smtp: SmtpCapture;
let caseId: string;
let reference: string;
const totals = { planned: 0, delivered: 0 };

function env() {
  return smtpEnv(smtp.port);
}

async function run(worker: ReturnType<typeof workerFor>, at: string) {
  clock.set(at);
  const figures = await worker.runOnce(new Date(at));
  totals.planned += figures.planned;
  totals.delivered += figures.delivered;
  return figures;
}

async function outbox(): Promise<ReminderEntry[]> {
  return reminderOutboxModel(api.database.connection).find({}).sort({ plannedAt: 1, _id: 1 }).lean<ReminderEntry[]>();
}

function messagesFor(key: string) {
  return smtp.messages.filter((message) => message.headers.get('message-id') === expectedMessageId(key));
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  smtp = await startSmtpCapture();
  ({ id: caseId, reference } = await openCase(api, 'north-business-unit', '2025-03-03'));
});

afterAll(async () => {
  await smtp?.stop();
  await api?.close();
});

describe('reminders by e-mail, exactly once', () => {
  it('sends nothing while no clock is inside the warning window', async () => {
    const worker = workerFor(api, clock, env(), { workerId: 'worker-a' });
    const figures = await run(worker, '2025-03-04T08:00:00Z');
    expect(figures).toMatchObject({ candidates: 0, planned: 0, claimed: 0, delivered: 0 });
    expect(smtp.messages).toHaveLength(0);
  });

  it('a clock that becomes due soon sends exactly one e-mail, to the business unit, with no child details', async () => {
    const worker = workerFor(api, clock, env(), { workerId: 'worker-a' });
    const figures = await run(worker, '2025-03-05T08:00:00Z');
    expect(figures).toMatchObject({ candidates: 1, planned: 1, claimed: 1, delivered: 1, emailsSent: 1, retrying: 0 });
    expect(smtp.messages).toHaveLength(1);
    const key = `case:${caseId}:sin-notification:2025-03-10:due-soon`;
    const [message] = smtp.messages;
    expect(message!.recipients).toEqual([BUSINESS_UNIT]);
    expect(message!.mailFrom).toBe('reminders@scp.example.org');
    expect(message!.headers.get('message-id')).toBe(expectedMessageId(key));
    expect(message!.headers.get('subject')).toBe(
      `Due soon: ${reference} - Serious incident notification submitted to the Panel (due 10 Mar 2025)`,
    );
    expect(message!.headers.get('auto-submitted')).toBe('auto-generated');
    expect(message!.body).toContain(`Case: ${reference}`);
    expect(message!.body).toContain('Clock: Serious incident notification submitted to the Panel');
    expect(message!.body).toContain('Due: Monday 10 March 2025 (2025-03-10)');
    expect(message!.body).toContain(`Open it: ${LINK_BASE}/api/cases/${caseId}`);
    expectNoChildDetails(message!.raw);

    const [entry] = await outbox();
    expect(entry).toMatchObject({
      _id: key,
      status: 'delivered',
      attempts: 1,
      leaseOwner: null,
      lastError: null,
      threshold: 'due-soon',
      statutory: true,
      channels: { email: { state: 'delivered', messageId: expectedMessageId(key), recipients: [BUSINESS_UNIT] } },
    });
  });

  it('planning again, the same day or the next, adds nothing and sends nothing', async () => {
    const worker = workerFor(api, clock, env(), { workerId: 'worker-a' });
    expect(await run(worker, '2025-03-05T08:01:00Z')).toMatchObject({ candidates: 1, planned: 0, claimed: 0 });
    expect(await run(worker, '2025-03-06T08:00:00Z')).toMatchObject({ candidates: 1, planned: 0, claimed: 0 });
    expect(smtp.messages).toHaveLength(1);
    expect(await outbox()).toHaveLength(1);
  });

  it('four instances planning and delivering at the same moment send an overdue statutory clock once, to the business unit and the chair', async () => {
    const at = '2025-03-11T08:00:00Z';
    clock.set(at);
    const workers = ['w1', 'w2', 'w3', 'w4'].map((workerId) => workerFor(api, clock, env(), { workerId }));
    const results = await Promise.all(workers.map((worker) => worker.runOnce(new Date(at))));
    const sum = (field: 'planned' | 'delivered' | 'claimed') => results.reduce((total, figures) => total + figures[field], 0);
    totals.planned += sum('planned');
    totals.delivered += sum('delivered');
    expect(sum('planned')).toBe(1);
    expect(sum('claimed')).toBe(1);
    expect(sum('delivered')).toBe(1);
    const key = `case:${caseId}:sin-notification:2025-03-10:overdue`;
    const sent = messagesFor(key);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.recipients.sort()).toEqual([BUSINESS_UNIT, CHAIR]);
    expect(sent[0]!.headers.get('subject')).toBe(
      `Overdue: ${reference} - Serious incident notification submitted to the Panel (due 10 Mar 2025)`,
    );
    expect(smtp.messages).toHaveLength(2);
  });

  it('with the mail server down the attempt fails and is retried with back-off; once it is back the same reminder goes out once', async () => {
    await smtp.stop();
    const worker = workerFor(api, clock, env(), { workerId: 'worker-a' });
    const down = await run(worker, '2025-03-12T08:00:00Z');
    expect(down).toMatchObject({ planned: 1, claimed: 1, delivered: 0, retrying: 1, emailsSent: 0 });
    const key = `case:${caseId}:agency-returns:2025-03-17:due-soon`;
    let entry = (await outbox()).find((candidate) => candidate._id === key)!;
    expect(entry.status).toBe('pending');
    expect(entry.attempts).toBe(1);
    expect(entry.leaseOwner).toBeNull();
    // A code only: no server text, no addresses.
    expect(entry.lastError).toMatch(/^email-E[A-Z]+(-\d{3})?$/);
    // Back-off after the first failure: REMINDER_RETRY_BASE_MS = 30 s.
    expect(entry.nextAttemptAt.toISOString()).toBe('2025-03-12T08:00:30.000Z');

    // Before the back-off has passed nothing is claimed, even with the server back.
    await smtp.start();
    expect(await run(worker, '2025-03-12T08:00:20Z')).toMatchObject({ claimed: 0, delivered: 0 });
    const back = await run(worker, '2025-03-12T08:00:31Z');
    expect(back).toMatchObject({ planned: 0, claimed: 1, delivered: 1, emailsSent: 1 });
    entry = (await outbox()).find((candidate) => candidate._id === key)!;
    expect(entry).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(messagesFor(key)).toHaveLength(1);
    expect(smtp.messages).toHaveLength(3);
  });

  it('a restarted instance (a new worker over the same database) sends nothing again', async () => {
    const restarted = workerFor(api, clock, env(), { workerId: 'worker-after-restart' });
    const figures = await run(restarted, '2025-03-12T09:00:00Z');
    // Due today: the SIN (overdue) and agency returns (due soon), both already sent.
    expect(figures).toMatchObject({ candidates: 2, planned: 0, claimed: 0, delivered: 0 });
    expect(smtp.messages).toHaveLength(3);
    await restarted.stop();
  });

  it('a reminder claimed by an instance that then died is taken over when its lease runs out, and sent once', async () => {
    // Plan only (a worker with no channel plans but does not deliver), then claim as a worker that dies.
    const planner = workerFor(api, clock, { SMTP_HOST: '' }, { workerId: 'planner-only' });
    expect(planner.hasChannel).toBe(false);
    expect(await run(planner, '2025-03-14T08:00:00Z')).toMatchObject({ planned: 1, claimed: 0 });
    const key = `case:${caseId}:rapid-review-meeting:2025-03-19:due-soon`;
    const Outbox = reminderOutboxModel(api.database.connection);
    const leaseEnd = new Date('2025-03-14T08:02:00Z'); // REMINDER_LEASE_MS = 120 s
    await Outbox.updateOne({ _id: key }, { $set: { leaseOwner: 'crashed-worker', nextAttemptAt: leaseEnd }, $inc: { attempts: 1 } });

    const survivor = workerFor(api, clock, env(), { workerId: 'survivor' });
    expect(await run(survivor, '2025-03-14T08:01:00Z')).toMatchObject({ claimed: 0, delivered: 0 });
    expect(messagesFor(key)).toHaveLength(0);
    expect(await run(survivor, '2025-03-14T08:02:01Z')).toMatchObject({ claimed: 1, delivered: 1 });
    expect(messagesFor(key)).toHaveLength(1);
    expect((await Outbox.findOne({ _id: key }).lean<ReminderEntry>())!).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('a crash between sending and recording resends at most once, with the same Message-ID, so it can be dropped', async () => {
    const settings = settingsFrom(env());
    const real = createSmtpMailer(settings.smtp!, MAIL_FROM);
    let crashes = 1;
    // Sends for real, then fails as a process dying before its record would: the record is never written.
    const crashing: ReminderMailer = {
      async send(mail) {
        const result = await real.send(mail);
        if (crashes-- > 0) throw new Error('process died after the send');
        return result;
      },
      close: () => real.close(),
    };
    const worker = workerFor(api, clock, env(), { workerId: 'crashy', mailer: crashing });
    const first = await run(worker, '2025-03-18T08:00:00Z');
    // Two new reminders: agency returns overdue, partner sign-off due soon.
    expect(first.planned).toBe(2);
    const second = await run(worker, '2025-03-18T08:01:00Z');
    expect(first.delivered + second.delivered).toBe(2);
    const keys = [`case:${caseId}:agency-returns:2025-03-17:overdue`, `case:${caseId}:partner-sign-off:2025-03-21:due-soon`];
    const copies = keys.map((key) => messagesFor(key).length).sort();
    // One reminder went twice (the crash), both copies with the one Message-ID; the other once.
    expect(copies).toEqual([1, 2]);
  });

  it('reports the figures: every reminder sent, no Message-ID delivered twice except the one simulated crash', async () => {
    const entries = await outbox();
    const ids = smtp.messages.map((message) => message.headers.get('message-id'));
    const unique = new Set(ids);
    const resends = ids.length - unique.size;
    expect(entries.every((entry) => entry.status === 'delivered')).toBe(true);
    expect(unique.size).toBe(entries.length);
    expect(entries).toHaveLength(6);
    expect(resends).toBe(1);
    for (const message of smtp.messages) expectNoChildDetails(message.raw);
    console.log(
      `reminders: ${totals.planned} planned, ${totals.delivered} delivered, ${smtp.messages.length} e-mails received, ` +
        `${unique.size} distinct Message-IDs, 0 duplicates outside the simulated crash (${resends} resend, same Message-ID, deduplicable)`,
    );
    expect(totals.planned).toBe(6);
    expect(smtp.messages).toHaveLength(7);
  });
});
