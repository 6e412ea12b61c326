import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { reminderSettingsFrom } from '../../../src/reminders/reminder.settings.js';

const settings = (env: Record<string, string>) => reminderSettingsFrom(loadConfig({ NODE_ENV: 'test', ...env }));

describe('reminder configuration', () => {
  it('has no channel and the documented defaults when nothing is set', () => {
    expect(settings({})).toEqual({
      intervalMs: 60_000,
      warnWorkingDays: 3,
      smtp: undefined,
      mailFrom: undefined,
      webhook: undefined,
      linkBaseUrl: 'http://127.0.0.1:3000',
      maxAttempts: 20,
      retryBaseMs: 30_000,
      retryMaxMs: 3_600_000,
      leaseMs: 120_000,
    });
  });

  it('reads SMTP, the webhook and the link base', () => {
    const parsed = settings({
      SMTP_HOST: 'smtp.example.org',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
      MAIL_FROM: 'SCP <reminders@scp.example.org>',
      REMINDER_WEBHOOK_URL: 'https://hooks.example.org/reminders',
      REMINDER_WEBHOOK_SECRET: 'x'.repeat(32),
      REMINDER_LINK_BASE_URL: 'https://scp.example.org',
      REMINDER_INTERVAL_MS: '0',
    });
    expect(parsed.smtp).toEqual({ host: 'smtp.example.org', port: 465, secure: true, requireTls: true, user: 'u', password: 'p' });
    expect(parsed.webhook).toEqual({ url: 'https://hooks.example.org/reminders', secret: 'x'.repeat(32) });
    expect(parsed.linkBaseUrl).toBe('https://scp.example.org');
    expect(parsed.intervalMs).toBe(0);
  });

  it.each([
    [{ SMTP_HOST: 'smtp.example.org' }, 'MAIL_FROM'],
    [{ SMTP_USER: 'u' }, 'SMTP_USER, SMTP_PASSWORD'],
    [{ REMINDER_WEBHOOK_URL: 'https://hooks.example.org/r' }, 'REMINDER_WEBHOOK_SECRET'],
    [{ REMINDER_WEBHOOK_SECRET: 'x'.repeat(32) }, 'REMINDER_WEBHOOK_URL'],
    [{ REMINDER_RETRY_BASE_MS: '60000', REMINDER_RETRY_MAX_MS: '1000' }, 'REMINDER_RETRY_MAX_MS'],
  ])('stops start-up naming the variable: %j', (env, variable) => {
    expect(() => settings(env)).toThrow(ConfigError);
    expect(() => settings(env)).toThrow(variable);
  });

  it.each([
    [{ SMTP_SECURE: 'yes' }, 'SMTP_SECURE'],
    [{ REMINDER_WEBHOOK_URL: 'http://hooks.example.org/r' }, 'REMINDER_WEBHOOK_URL'],
    [{ REMINDER_WEBHOOK_SECRET: 'short' }, 'REMINDER_WEBHOOK_SECRET'],
    [{ MAIL_FROM: 'not an address' }, 'MAIL_FROM'],
    [{ REMINDER_INTERVAL_MS: '-1' }, 'REMINDER_INTERVAL_MS'],
    [{ REMINDER_LINK_BASE_URL: 'ftp://scp.example.org' }, 'REMINDER_LINK_BASE_URL'],
  ])('refuses a bad single value: %j', (env, variable) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(variable);
  });

  it('allows an http webhook on a loopback host only', () => {
    expect(loadConfig({ REMINDER_WEBHOOK_URL: 'http://127.0.0.1:8080/hook' }).REMINDER_WEBHOOK_URL).toBe('http://127.0.0.1:8080/hook');
  });
});
