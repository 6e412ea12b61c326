import type mongoose from 'mongoose';
import { logger } from '../logging/logger.js';
import { createSmtpMailer, type ReminderMailer } from '../reminders/reminder.mailer.js';
import type { ReminderSettings } from '../reminders/reminder.settings.js';
import { newWorkerId } from '../reminders/reminder.worker.js';
import { createIntervalTask } from '../shared/interval-task.js';
import { fixedClock, type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { createMessageDeliverer, type MessageDeliveryFigures } from './message.deliverer.js';
import { messageModels } from './message.model.js';
import { type MessagePlanFigures, planMessages } from './message.planner.js';
import type { MessageDraftSource } from './message.sources.js';

export interface MessageWorkerDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  /** The reminders' settings: the same SMTP server, sender, link base, lease and retry policy. */
  settings: ReminderSettings;
  sources: readonly MessageDraftSource[];
  /** Replaces the SMTP mailer built from the settings (never needed in production). */
  mailer?: ReminderMailer;
  workerId?: string;
}

export type MessageRunFigures = MessagePlanFigures & MessageDeliveryFigures;

/**
 * The message worker: plans (derives and inserts by key) then delivers, every interval.
 * Everything it knows is in the database, so a restarted or second instance carries on where
 * the first stopped and sends nothing twice. Without SMTP it still plans (the case shows what is
 * owed, and tasks need no mail server); e-mails wait in the outbox until a mail server is set.
 */
export function createMessageWorker(deps: MessageWorkerDeps) {
  const workerId = deps.workerId ?? newWorkerId();
  const { settings } = deps;
  const mailer = deps.mailer ?? (settings.smtp && settings.mailFrom ? createSmtpMailer(settings.smtp, settings.mailFrom) : undefined);

  async function runOnce(now?: Date): Promise<MessageRunFigures> {
    const clock = now ? fixedClock(now) : deps.clock;
    const at = clock.now();
    const planned = await planMessages(deps.connection, deps.sources, todayInEngland(clock), at);
    const delivered = mailer
      ? await createMessageDeliverer({ connection: deps.connection, clock, settings, mailer, sources: deps.sources, workerId }).deliverDue()
      : { claimed: 0, delivered: 0, retrying: 0, failed: 0, obsolete: 0, leaseLost: 0 };
    const figures = { ...planned, ...delivered };
    if (figures.planned + figures.claimed > 0) logger.info('messages', { ...figures });
    return figures;
  }

  const task = createIntervalTask('message pass', () => runOnce());
  return {
    workerId,
    runOnce,
    async ensureIndexes(): Promise<void> {
      const { MessageOutbox, PlannerMark } = messageModels(deps.connection);
      await Promise.all([MessageOutbox.createIndexes(), PlannerMark.createIndexes()]);
    },
    start(intervalMs: number): void {
      task.start(intervalMs);
    },
    async stop(): Promise<void> {
      await task.stop();
      mailer?.close();
    },
  };
}

export type MessageWorker = ReturnType<typeof createMessageWorker>;
