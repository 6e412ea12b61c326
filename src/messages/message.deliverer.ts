import { MAIL_TRANSPORT_DOWN, outboxLease } from '../database/outbox-lease.js';
import type mongoose from 'mongoose';
import { logger } from '../logging/logger.js';
import { listUsers } from '../partnerships/user.repository.js';
import type { ReminderMailer } from '../reminders/reminder.mailer.js';
import { mailDomainOf, retryDelayMs } from '../reminders/reminder.rules.js';
import type { ReminderSettings } from '../reminders/reminder.settings.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { type MessageEntry, messageModels } from './message.model.js';
import { messageDigest, messageIdOf, selectAudience } from './message.rules.js';
import type { MessageDraftSource } from './message.sources.js';
import { composeMessage, messageLink } from './message.templates.js';

/**
 * Delivers the message outbox's e-mails, as the reminder deliverer does: each entry is claimed with
 * one atomic findOneAndUpdate that sets `leaseOwner` and pushes `nextAttemptAt` to the end of the
 * lease, so two workers never hold one entry; every later write is conditional on the lease.
 * At least once, in practice once: a process that dies between the SMTP server accepting and the
 * record being written leaves the entry to be claimed again when its lease runs out, and the resend
 * carries the same Message-ID. Tasks (`to-do`) are never claimed: people do them.
 */

export interface MessageDelivererDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  settings: Pick<ReminderSettings, 'maxAttempts' | 'retryBaseMs' | 'retryMaxMs' | 'leaseMs' | 'linkBaseUrl' | 'mailFrom'>;
  mailer: ReminderMailer;
  sources: readonly MessageDraftSource[];
  workerId: string;
}

export interface MessageDeliveryFigures {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
  obsolete: number;
  leaseLost: number;
}

/**
 * An e-mail still unsent this long after it was planned is not sent (`obsolete`, `expired`): news
 * of a transition weeks old (for instance, when a mail server is configured long after the outbox
 * started recording) would mislead more than it tells. The case's log still shows it.
 */
export const MESSAGE_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

export function createMessageDeliverer(deps: MessageDelivererDeps) {
  const { MessageOutbox } = messageModels(deps.connection);
  const domain = mailDomainOf(deps.settings.mailFrom ?? '');

  const { claim, write } = outboxLease<MessageEntry>(MessageOutbox, deps.workerId, deps.settings.leaseMs, () => deps.clock.now());

  async function stillApplies(entry: MessageEntry): Promise<boolean> {
    const today = todayInEngland(deps.clock);
    for (const source of deps.sources) {
      if (source.stillApplies?.templates.includes(entry.template) && !(await source.stillApplies.check(entry, today))) return false;
    }
    return true;
  }

  /** Delivers one claimed entry; returns the error code when it failed. */
  async function deliver(entry: MessageEntry, figures: MessageDeliveryFigures): Promise<string | null> {
    const finish = async (set: Record<string, unknown>, figure: keyof MessageDeliveryFigures) => {
      if (await write(entry._id, { leaseOwner: null, finishedAt: deps.clock.now(), ...set })) figures[figure] += 1;
      else figures.leaseLost += 1;
    };
    if (deps.clock.now().getTime() - new Date(entry.plannedAt).getTime() > MESSAGE_MAX_AGE_MS) {
      await finish({ status: 'obsolete', lastError: 'expired' }, 'obsolete');
      return null;
    }
    if (!(await stillApplies(entry))) {
      await finish({ status: 'obsolete' }, 'obsolete');
      return null;
    }
    const recipients = entry.audience ? selectAudience(entry.audience, await listUsers(deps.connection, entry.partnershipId)) : [];
    if (recipients.length === 0) {
      // Nobody to tell is not a transient failure: the business unit sees it on the case.
      logger.warn('message has nobody to e-mail', { outboxEntry: messageDigest(entry._id), template: entry.template });
      await finish({ status: 'failed', lastError: 'no-recipients' }, 'failed');
      return null;
    }
    const { subject, text } = composeMessage(entry, messageLink(deps.settings.linkBaseUrl, entry));
    const messageId = messageIdOf(entry._id, domain);
    let accepted: string[];
    try {
      ({ accepted } = await deps.mailer.send({ to: recipients, subject, text, messageId }));
    } catch (error) {
      const code = typeof (error as { code?: unknown }).code === 'string' ? String((error as { code: string }).code) : 'email-error';
      if (entry.attempts >= deps.settings.maxAttempts) {
        await finish({ status: 'failed', lastError: code }, 'failed');
        logger.error('message given up', { outboxEntry: messageDigest(entry._id), attempts: entry.attempts, lastError: code });
        return code;
      }
      const retryAt = new Date(
        deps.clock.now().getTime() + retryDelayMs(entry.attempts, deps.settings.retryBaseMs, deps.settings.retryMaxMs),
      );
      if (await write(entry._id, { leaseOwner: null, nextAttemptAt: retryAt, lastError: code })) figures.retrying += 1;
      else figures.leaseLost += 1;
      logger.warn('message delivery failed; will retry', {
        outboxEntry: messageDigest(entry._id),
        attempts: entry.attempts,
        lastError: code,
      });
      return code;
    }
    await finish(
      { status: 'delivered', lastError: null, messageId, recipients: accepted.map((address) => address.toLowerCase()).sort() },
      'delivered',
    );
    return null;
  }

  return {
    /** Claims and delivers due e-mails, at most `limit`; stops early when the mail server is down. */
    async deliverDue(limit = 100): Promise<MessageDeliveryFigures> {
      const figures: MessageDeliveryFigures = { claimed: 0, delivered: 0, retrying: 0, failed: 0, obsolete: 0, leaseLost: 0 };
      while (figures.claimed < limit) {
        const entry = await claim();
        if (!entry) break;
        figures.claimed += 1;
        const code = await deliver(entry, figures);
        if (code && MAIL_TRANSPORT_DOWN.test(code)) break;
      }
      return figures;
    },
  };
}
