import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { logger } from '../logging/logger.js';
import type { SystemClock } from '../shared/system-clock.js';
import { type ReminderConfig, reminderSettingsFrom } from './reminder.settings.js';
import type { ActionDeadlineSource } from './reminder.types.js';
import { createReminderWorker } from './reminder.worker.js';

export interface ReminderModuleDeps {
  connection: mongoose.Connection;
  calendar: HolidayCalendar;
  clock: SystemClock;
  config: ReminderConfig;
  actions?: ActionDeadlineSource;
}

/**
 * Assembles reminders: settings (a bad combination stops start-up), the outbox indexes, the
 * worker, and the background task the service starts and stops. The task does nothing when
 * REMINDER_INTERVAL_MS is 0 or no channel (SMTP_HOST, REMINDER_WEBHOOK_URL) is configured.
 */
export async function createReminderModule(deps: ReminderModuleDeps) {
  const settings = reminderSettingsFrom(deps.config);
  const worker = createReminderWorker({
    connection: deps.connection,
    calendar: deps.calendar,
    clock: deps.clock,
    settings,
    ...(deps.actions ? { actions: deps.actions } : {}),
  });
  await worker.ensureIndexes();
  const task = {
    start(): void {
      if (settings.intervalMs <= 0) return;
      if (!worker.hasChannel) {
        logger.info('reminders are off: set SMTP_HOST (and MAIL_FROM) or REMINDER_WEBHOOK_URL to send them');
        return;
      }
      worker.start(settings.intervalMs);
      logger.info('reminders on', { intervalMs: settings.intervalMs, email: Boolean(settings.smtp), webhook: Boolean(settings.webhook) });
    },
    stop: () => worker.stop(),
  };
  return { settings, worker, task };
}

export type ReminderModule = Awaited<ReturnType<typeof createReminderModule>>;
