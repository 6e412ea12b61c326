import { type Config, ConfigError } from '../config/config.js';

/** The reminder settings, checked together (the single-variable checks are in src/config/config.ts). */
export interface ReminderSettings {
  intervalMs: number;
  warnWorkingDays: number;
  /** `requireTls`: refuse to go on in plain text when SMTP_SECURE=false and the server offers no STARTTLS. */
  smtp: { host: string; port: number; secure: boolean; requireTls: boolean; user?: string; password?: string } | undefined;
  mailFrom: string | undefined;
  webhook: { url: string; secret: string } | undefined;
  linkBaseUrl: string;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  leaseMs: number;
}

export type ReminderConfig = Pick<
  Config,
  | 'HOST'
  | 'PORT'
  | 'DEADLINE_WARNING_WORKING_DAYS'
  | 'REMINDER_INTERVAL_MS'
  | 'SMTP_HOST'
  | 'SMTP_PORT'
  | 'SMTP_SECURE'
  | 'SMTP_REQUIRE_TLS'
  | 'SMTP_USER'
  | 'SMTP_PASSWORD'
  | 'MAIL_FROM'
  | 'REMINDER_WEBHOOK_URL'
  | 'REMINDER_WEBHOOK_SECRET'
  | 'REMINDER_LINK_BASE_URL'
  | 'REMINDER_MAX_ATTEMPTS'
  | 'REMINDER_RETRY_BASE_MS'
  | 'REMINDER_RETRY_MAX_MS'
  | 'REMINDER_LEASE_MS'
>;

/**
 * Reminder settings from the configuration. Throws ConfigError (start-up stops, naming the
 * variable) when SMTP_HOST has no MAIL_FROM, a webhook URL has no secret (or the reverse), or only
 * one of SMTP_USER and SMTP_PASSWORD is set.
 */
export function reminderSettingsFrom(config: ReminderConfig): ReminderSettings {
  const problems: string[] = [];
  if (config.SMTP_HOST && !config.MAIL_FROM) problems.push('MAIL_FROM: required when SMTP_HOST is set');
  if (Boolean(config.SMTP_USER) !== Boolean(config.SMTP_PASSWORD)) problems.push('SMTP_USER, SMTP_PASSWORD: set both or neither');
  if (config.REMINDER_WEBHOOK_URL && !config.REMINDER_WEBHOOK_SECRET)
    problems.push('REMINDER_WEBHOOK_SECRET: required when REMINDER_WEBHOOK_URL is set');
  if (!config.REMINDER_WEBHOOK_URL && config.REMINDER_WEBHOOK_SECRET)
    problems.push('REMINDER_WEBHOOK_URL: REMINDER_WEBHOOK_SECRET is set but no URL');
  if (config.REMINDER_RETRY_MAX_MS < config.REMINDER_RETRY_BASE_MS)
    problems.push('REMINDER_RETRY_MAX_MS: must not be below REMINDER_RETRY_BASE_MS');
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.map((line) => `  ${line}`).join('\n')}`);
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST;
  return {
    intervalMs: config.REMINDER_INTERVAL_MS,
    warnWorkingDays: config.DEADLINE_WARNING_WORKING_DAYS,
    smtp: config.SMTP_HOST
      ? {
          host: config.SMTP_HOST,
          port: config.SMTP_PORT,
          secure: config.SMTP_SECURE,
          requireTls: config.SMTP_REQUIRE_TLS,
          ...(config.SMTP_USER ? { user: config.SMTP_USER, password: config.SMTP_PASSWORD! } : {}),
        }
      : undefined,
    mailFrom: config.MAIL_FROM,
    webhook: config.REMINDER_WEBHOOK_URL ? { url: config.REMINDER_WEBHOOK_URL, secret: config.REMINDER_WEBHOOK_SECRET! } : undefined,
    linkBaseUrl: config.REMINDER_LINK_BASE_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`,
    maxAttempts: config.REMINDER_MAX_ATTEMPTS,
    retryBaseMs: config.REMINDER_RETRY_BASE_MS,
    retryMaxMs: config.REMINDER_RETRY_MAX_MS,
    leaseMs: config.REMINDER_LEASE_MS,
  };
}
