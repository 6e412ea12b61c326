// `npm run remind`: one reminder pass (plan what is due, deliver the outbox), then exit.
//
// For deployments that run reminders from a scheduler instead of the in-process worker
// (REMINDER_INTERVAL_MS=0). Safe to run beside running services: planning is idempotent (the
// outbox `_id` is the reminder's key) and delivery claims each reminder with a lease.
// Prints the figures on stdout as one JSON line. Exit codes: 0 done; 1 a failure; 2 bad configuration.
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { connectDatabase, type DatabaseConnection } from '../src/database/connection.js';
import { type ProvisionedDatabase, provisionDatabase } from '../src/database/provision.js';
import { applyLogLevel, logger } from '../src/logging/logger.js';
import { actionDeadlineQueries } from '../src/actions/action.queries.js';
import { reminderSettingsFrom } from '../src/reminders/reminder.settings.js';
import { createReminderWorker } from '../src/reminders/reminder.worker.js';
import { realClock } from '../src/shared/system-clock.js';

async function main(): Promise<number> {
  let config;
  let settings;
  try {
    config = loadConfig();
    settings = reminderSettingsFrom(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  applyLogLevel(config.LOG_LEVEL);
  if (!settings.smtp && !settings.webhook) {
    process.stderr.write(
      'remind: no channel configured (set SMTP_HOST and MAIL_FROM, or REMINDER_WEBHOOK_URL); reminders are planned but not sent.\n',
    );
  }

  let provisioned: ProvisionedDatabase | undefined;
  let database: DatabaseConnection | undefined;
  let worker: ReturnType<typeof createReminderWorker> | undefined;
  try {
    provisioned = await provisionDatabase(config, logger);
    database = await connectDatabase(provisioned.uri, config.DATABASE_NAME, config.DB_TIMEOUT_MS);
    const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
    worker = createReminderWorker({
      connection: database.connection,
      calendar,
      clock: realClock,
      settings,
      actions: actionDeadlineQueries(database.connection),
    });
    await worker.ensureIndexes();
    const figures = await worker.runOnce(realClock.now());
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`remind: ${(error as Error).name}: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    await worker?.stop().catch(() => undefined);
    await database?.close().catch(() => undefined);
    await provisioned?.stop().catch(() => undefined);
  }
}

process.exit(await main());
