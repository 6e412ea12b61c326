import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { loadConfig } from '../../../src/config/config.js';
import { actionDeadlineQueries } from '../../../src/actions/action.queries.js';
import type { ReminderMailer } from '../../../src/reminders/reminder.mailer.js';
import { reminderSettingsFrom } from '../../../src/reminders/reminder.settings.js';
import { createReminderWorker } from '../../../src/reminders/reminder.worker.js';
import type { SystemClock } from '../../../src/shared/system-clock.js';
import type { ApiTestContext } from '../../support/api-fixture.js';
import { SMTP_PASSWORD, SMTP_USER } from './smtp-capture.js';

export const MAIL_FROM = 'SCP reminders <reminders@scp.example.org>';
export const LINK_BASE = 'https://scp.example.org';
/** Distinctive synthetic child details: none may ever appear in a reminder or a feed. */
export const CHILD_NAME = 'Zephyrina Quillfeather';
export const CASE_SUMMARY = 'SYNTHETIC-SUMMARY-7Q4Z';
export const LA_AREA = 'Quillshire';

/** Reminder settings exactly as the service parses them from its environment. */
export function settingsFrom(env: Record<string, string>) {
  return reminderSettingsFrom(
    loadConfig({
      NODE_ENV: 'test',
      MAIL_FROM,
      REMINDER_LINK_BASE_URL: LINK_BASE,
      REMINDER_RETRY_BASE_MS: '30000',
      REMINDER_LEASE_MS: '120000',
      ...env,
    }),
  );
}

export function smtpEnv(port: number): Record<string, string> {
  // The capture server is a plain-text relay on loopback (no STARTTLS): the explicit opt-out.
  return { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), SMTP_SECURE: 'false', SMTP_REQUIRE_TLS: 'false', SMTP_USER, SMTP_PASSWORD };
}

/** A worker over the test's database, as the service would build it (optionally another mailer). */
export function workerFor(
  api: ApiTestContext,
  clock: SystemClock,
  env: Record<string, string>,
  extra: { workerId?: string; mailer?: ReminderMailer } = {},
) {
  return createReminderWorker({
    connection: api.database.connection,
    calendar: defaultHolidayCalendar,
    clock,
    settings: settingsFrom(env),
    actions: actionDeadlineQueries(api.database.connection),
    ...extra,
  });
}

/** Opens a serious-incident case (LA aware on `laAwareOn`) with distinctive synthetic details and meets its partners-informed clock. */
export async function openCase(
  api: ApiTestContext,
  as: string,
  laAwareOn: string,
): Promise<{ id: string; reference: string; version: number }> {
  const opened = await api.call('POST', '/api/cases', {
    as,
    body: {
      route: 'serious-incident',
      incidentOn: laAwareOn,
      laAwareOn,
      children: [{ ageBand: '1-4', sex: 'female', legalStatus: ['child-protection-plan'], name: CHILD_NAME }],
      laArea: LA_AREA,
      summary: CASE_SUMMARY,
      agencies: [`${as.split('-')[0]}-police`],
    },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  const informed = await api.call('POST', `/api/cases/${opened.body.id}/events`, {
    as,
    body: { type: 'partners.informed', informedOn: laAwareOn },
    headers: { 'If-Match': `"${opened.body.version}"` },
  });
  expect(informed.status, JSON.stringify(informed.body)).toBe(200);
  return { id: opened.body.id, reference: opened.body.reference, version: informed.body.case.version };
}

/** The Message-ID the reminder with this key must carry, worked out from the rule (sha256 of the key). */
export function expectedMessageId(key: string): string {
  return `<reminder.${createHash('sha256').update(key).digest('hex').slice(0, 32)}@scp.example.org>`;
}

/** Fails when a text holds any of the synthetic child details. */
export function expectNoChildDetails(text: string): void {
  for (const secret of [CHILD_NAME, 'Zephyrina', CASE_SUMMARY, LA_AREA]) expect(text).not.toContain(secret);
}
