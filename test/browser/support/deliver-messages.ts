import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { informationChaseSource, requestRecordsObserver, returnArrivedSource } from '../../../src/information/information.sources.js';
import { caseHistorySource } from '../../../src/messages/message.sources.js';
import { createMessageWorker } from '../../../src/messages/message.worker.js';
import type { SystemClock } from '../../../src/shared/system-clock.js';
import type { ApiTestContext } from '../../support/api-fixture.js';
import { settingsFrom, smtpEnv } from '../../integration/reminders/reminder-support.js';
import { expect } from 'vitest';

/**
 * One pass of the message outbox at `at`, with the information requests' sources, delivering to
 * the real SMTP test server on `smtpPort`; links in the e-mails lead to the app under test.
 */
export async function deliverMessages(api: ApiTestContext, clock: SystemClock, smtpPort: number, at: string) {
  const connection = api.database.connection;
  const worker = createMessageWorker({
    connection,
    clock,
    settings: settingsFrom({ ...smtpEnv(smtpPort), REMINDER_LINK_BASE_URL: api.baseUrl }),
    sources: [
      caseHistorySource(connection, [requestRecordsObserver(connection)]),
      informationChaseSource(connection, defaultHolidayCalendar, async () => 3),
      returnArrivedSource(connection),
    ],
    workerId: 'browser-test',
  });
  const figures = await worker.runOnce(new Date(at));
  await worker.stop();
  return figures;
}

/** The link an information request e-mail carries ("Open it: …"). */
export function linkIn(body: string): string {
  const link = /Open it: (\S+)/.exec(body)?.[1];
  expect(link, body).toBeDefined();
  return link!;
}
