import { createIntervalTask } from '../shared/interval-task.js';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { logger } from '../logging/logger.js';
import { fixedClock, type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { createReminderDeliverer, type DeliveryFigures } from './reminder.deliverer.js';
import { createSmtpMailer, type ReminderMailer } from './reminder.mailer.js';
import { reminderOutboxModel } from './reminder.model.js';
import { type PlanFigures, planReminders } from './reminder.planner.js';
import type { ReminderSettings } from './reminder.settings.js';
import { type ActionDeadlineSource, NO_ACTIONS } from './reminder.types.js';

export interface ReminderWorkerDeps {
  connection: mongoose.Connection;
  calendar: HolidayCalendar;
  clock: SystemClock;
  settings: ReminderSettings;
  /** The action-plan component's overdue actions; none until it is plugged in. */
  actions?: ActionDeadlineSource;
  /** Replaces the SMTP mailer built from the settings (never needed in production). */
  mailer?: ReminderMailer;
  /** This worker's lease owner id; unique per process by default. */
  workerId?: string;
}

export interface ReminderRunFigures extends PlanFigures, DeliveryFigures {}

/** A lease owner id that no other process shares: host, pid and a random part. */
export function newWorkerId(): string {
  return `${os.hostname().slice(0, 60)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * The reminder worker: plans (outbox inserts) then delivers (claim, send, record), every
 * REMINDER_INTERVAL_MS. Everything it knows is in the database, so a restarted or second
 * instance carries on where the first stopped, and sends nothing twice.
 */
export function createReminderWorker(deps: ReminderWorkerDeps) {
  const workerId = deps.workerId ?? newWorkerId();
  const actions = deps.actions ?? NO_ACTIONS;
  const settings = deps.settings;
  const mailer = deps.mailer ?? (settings.smtp && settings.mailFrom ? createSmtpMailer(settings.smtp, settings.mailFrom) : undefined);

  /**
   * One planning and delivery pass. With `now`, the pass runs at that instant (tests, one-shot
   * runs); otherwise at the worker's clock. Returns the figures of the pass.
   */
  async function runOnce(now?: Date): Promise<ReminderRunFigures> {
    const clock = now ? fixedClock(now) : deps.clock;
    const at = clock.now();
    const planned = await planReminders(
      { connection: deps.connection, calendar: deps.calendar, warnWorkingDays: settings.warnWorkingDays, actions },
      todayInEngland(clock),
      at,
    );
    const deliverer = createReminderDeliverer({ connection: deps.connection, clock, settings, mailer, actions, workerId });
    const delivered = await deliverer.deliverDue();
    const figures = { ...planned, ...delivered };
    if (figures.planned + figures.claimed > 0) logger.info('reminders', { ...figures });
    return figures;
  }

  const task = createIntervalTask('reminder pass', () => runOnce());
  return {
    workerId,
    /** True when at least one channel (SMTP or the webhook) is configured. */
    hasChannel: Boolean(mailer || settings.webhook),
    runOnce,
    async ensureIndexes(): Promise<void> {
      await reminderOutboxModel(deps.connection).createIndexes();
    },
    /** Runs every `intervalMs` (0: never); a pass never overlaps the previous one. */
    start(intervalMs: number = settings.intervalMs): void {
      task.start(intervalMs);
    },
    /** Stops the timer, waits for a pass in progress, and closes the mailer. */
    async stop(): Promise<void> {
      await task.stop();
      mailer?.close();
    },
  };
}

export type ReminderWorker = ReturnType<typeof createReminderWorker>;

/**
 * One pass over the outbox at `now` (tests and `npm run remind`): plan what is due, deliver it.
 * @example const figures = await runRemindersOnce(worker, new Date('2025-03-05T08:00:00Z'))
 */
export function runRemindersOnce(worker: Pick<ReminderWorker, 'runOnce'>, now: Date): Promise<ReminderRunFigures> {
  return worker.runOnce(now);
}
