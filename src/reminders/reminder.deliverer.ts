import { MAIL_TRANSPORT_DOWN, outboxLease } from '../database/outbox-lease.js';
import type mongoose from 'mongoose';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { isChasedClock } from '../calendar/clock-state.js';
import { caseClockQueries } from '../cases/case.queries.js';
import { logger } from '../logging/logger.js';
import { listUsers } from '../partnerships/user.repository.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { type MailError, type ReminderMailer } from './reminder.mailer.js';
import { composeReminderEmail, reminderLink, webhookPayload } from './reminder.message.js';
import {
  type ChannelRecord,
  type ReminderChannel,
  type ReminderEntry,
  type ReminderStatus,
  reminderOutboxModel,
} from './reminder.model.js';
import { mailDomainOf, messageIdFor, reminderDigest, retryDelayMs, selectRecipients } from './reminder.rules.js';
import type { ReminderSettings } from './reminder.settings.js';
import type { ActionDeadlineSource } from './reminder.types.js';
import { postSignedWebhook, type WebhookError } from './reminder.webhook.js';

/**
 * Delivers the outbox. Each reminder is claimed with one atomic findOneAndUpdate that sets
 * `leaseOwner` to this worker and pushes `nextAttemptAt` to the end of the lease, so two workers
 * (two instances) never hold the same reminder at once. Every later write is conditional on
 * `leaseOwner` still being this worker.
 *
 * Delivery guarantee: at least once per channel, and in practice once. A reminder is recorded as
 * sent on a channel right after the channel accepts it. If the process dies between the send and
 * that record (or loses its lease by stalling past REMINDER_LEASE_MS), the lease runs out, another
 * worker claims the reminder and sends that channel again: at worst one resend. The resend carries
 * the same Message-ID (e-mail) and the same `Idempotency-Key`/`id` (webhook), so mail clients and
 * receivers can drop it.
 */

export interface DelivererDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  settings: Pick<ReminderSettings, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'leaseMs' | 'linkBaseUrl' | 'webhook' | 'mailFrom'>;
  /** Absent when SMTP is not configured: no e-mail channel. */
  mailer: ReminderMailer | undefined;
  actions: ActionDeadlineSource;
  /** This worker's lease owner id (unique per process). */
  workerId: string;
}

export interface DeliveryFigures {
  claimed: number;
  delivered: number;
  /** Attempts that failed and were put back with a back-off. */
  retrying: number;
  /** Reminders given up after REMINDER_MAX_ATTEMPTS. */
  failed: number;
  /** Reminders no longer true when their turn came (clock met, date revised, case closed). */
  obsolete: number;
  /** Reminders this worker lost to another after its lease ran out. */
  leaseLost: number;
  emailsSent: number;
  webhooksSent: number;
}

export function emptyDeliveryFigures(): DeliveryFigures {
  return { claimed: 0, delivered: 0, retrying: 0, failed: 0, obsolete: 0, leaseLost: 0, emailsSent: 0, webhooksSent: 0 };
}

/** Webhook codes that say the receiver or network is away (mail's are MAIL_TRANSPORT_DOWN): stop the run, the rest wait. */
const WEBHOOK_DOWN = /^webhook-(network|timeout)$/;

export function channelsOf(deps: Pick<DelivererDeps, 'mailer' | 'settings'>): ReminderChannel[] {
  return [...(deps.mailer ? (['email'] as const) : []), ...(deps.settings.webhook ? (['webhook'] as const) : [])];
}

export function createReminderDeliverer(deps: DelivererDeps) {
  const Outbox = reminderOutboxModel(deps.connection);
  const cases = caseClockQueries(deps.connection);
  const channels = channelsOf(deps);

  const { claim, write } = outboxLease<ReminderEntry>(Outbox, deps.workerId, deps.settings.leaseMs, () => deps.clock.now());

  /** Is the reminder still true now? A met, revised, paused or closed clock is not reminded of. */
  async function stillApplies(entry: ReminderEntry, today: CalendarDate): Promise<boolean> {
    if (entry.threshold === 'due-soon' && today > entry.dueOn) return false;
    if (entry.kind === 'action') {
      return deps.actions.stillOverdue ? deps.actions.stillOverdue(entry.partnershipId, entry.subjectId, entry.dueOn, today) : true;
    }
    const record = await cases.clocksOf(entry.subjectId);
    if (!record || record.partnershipId !== entry.partnershipId || record.final) return false;
    const clock = record.clocks.find((candidate) => candidate.clockId === entry.clockId);
    return !!clock && isChasedClock(clock) && clock.pausedFrom === undefined && clock.dueOn === entry.dueOn;
  }

  async function sendEmail(entry: ReminderEntry, link: string): Promise<ChannelRecord> {
    const users = await listUsers(deps.connection, entry.partnershipId);
    const recipients = selectRecipients(entry, users);
    const at = deps.clock.now();
    if (recipients.length === 0) {
      logger.warn('reminder has nobody to e-mail', { reminder: reminderDigest(entry._id), partnershipId: entry.partnershipId });
      return { state: 'skipped', at, reason: 'no-recipients' };
    }
    const { subject, text } = composeReminderEmail(entry, link);
    const messageId = messageIdFor(entry._id, mailDomainOf(deps.settings.mailFrom ?? ''));
    const { accepted } = await deps.mailer!.send({ to: recipients, subject, text, messageId });
    return { state: 'delivered', at: deps.clock.now(), messageId, recipients: accepted.map((address) => address.toLowerCase()).sort() };
  }

  async function sendWebhook(entry: ReminderEntry, link: string): Promise<ChannelRecord> {
    const webhook = deps.settings.webhook!;
    const now = deps.clock.now();
    await postSignedWebhook(
      webhook.url,
      webhook.secret,
      webhookPayload(reminderDigest(entry._id), entry, link),
      Math.floor(now.getTime() / 1000),
    );
    return { state: 'delivered', at: deps.clock.now() };
  }

  async function finish(entry: ReminderEntry, status: ReminderStatus, lastError: string | null): Promise<boolean> {
    return write(entry._id, { status, leaseOwner: null, finishedAt: deps.clock.now(), lastError });
  }

  /** Delivers one claimed reminder; returns the error codes of the channels that failed. */
  async function deliver(entry: ReminderEntry, figures: DeliveryFigures): Promise<string[]> {
    const today = todayInEngland(deps.clock);
    if (!(await stillApplies(entry, today))) {
      if (await finish(entry, 'obsolete', null)) figures.obsolete += 1;
      else figures.leaseLost += 1;
      return [];
    }
    const link = reminderLink(deps.settings.linkBaseUrl, entry);
    const errors: string[] = [];
    for (const channel of channels) {
      if (entry.channels[channel]) continue; // sent on an earlier attempt
      let record: ChannelRecord;
      try {
        record = channel === 'email' ? await sendEmail(entry, link) : await sendWebhook(entry, link);
      } catch (error) {
        const code = (error as MailError | WebhookError).code;
        errors.push(typeof code === 'string' ? code : `${channel}-error`);
        if (typeof code !== 'string') logger.error('reminder channel failed unexpectedly', { channel, error: (error as Error)?.name });
        continue;
      }
      if (record.state === 'delivered') figures[channel === 'email' ? 'emailsSent' : 'webhooksSent'] += 1;
      if (!(await write(entry._id, { [`channels.${channel}`]: record }))) {
        figures.leaseLost += 1;
        logger.warn('reminder lease lost after sending; another worker may resend it once', {
          reminder: reminderDigest(entry._id),
          channel,
        });
        return [];
      }
    }
    if (errors.length === 0) {
      if (await finish(entry, 'delivered', null)) figures.delivered += 1;
      else figures.leaseLost += 1;
      return [];
    }
    const lastError = errors.join(',');
    if (entry.attempts >= deps.settings.maxAttempts) {
      if (await finish(entry, 'failed', lastError)) figures.failed += 1;
      logger.error('reminder given up', { reminder: reminderDigest(entry._id), attempts: entry.attempts, lastError });
      return errors;
    }
    const retryAt = new Date(
      deps.clock.now().getTime() + retryDelayMs(entry.attempts, deps.settings.retryBaseMs, deps.settings.retryMaxMs),
    );
    if (await write(entry._id, { leaseOwner: null, nextAttemptAt: retryAt, lastError })) figures.retrying += 1;
    else figures.leaseLost += 1;
    logger.warn('reminder delivery failed; will retry', {
      reminder: reminderDigest(entry._id),
      attempts: entry.attempts,
      lastError,
      retryAt: retryAt.toISOString(),
    });
    return errors;
  }

  return {
    channels,
    /**
     * Claims and delivers due reminders, at most `limit`. Stops early when a channel's server is
     * down (the rest stay unclaimed for the next run). Does nothing while no channel is configured.
     */
    async deliverDue(limit = 100): Promise<DeliveryFigures> {
      const figures = emptyDeliveryFigures();
      if (channels.length === 0) return figures;
      while (figures.claimed < limit) {
        const entry = await claim();
        if (!entry) break;
        figures.claimed += 1;
        const errors = await deliver(entry, figures);
        if (errors.some((code) => MAIL_TRANSPORT_DOWN.test(code) || WEBHOOK_DOWN.test(code))) break;
      }
      return figures;
    },
  };
}

export type ReminderDeliverer = ReturnType<typeof createReminderDeliverer>;
