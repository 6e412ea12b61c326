import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseHistorySource } from '../../src/messages/message.sources.js';
import { createMessageWorker } from '../../src/messages/message.worker.js';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { openCase, settingsFrom } from '../integration/reminders/reminder-support.js';
import { expectAccessible, fillDate, go, launchBrowser, newUserContext, signInAs, text } from './support/browser.js';
import { expectNoHorizontalOverflow, newPhoneContext } from './support/page-checks.js';

// A notified serious incident whose rapid review went to the Panel on Friday 21 March 2025: the
// notice to the Panel is made through the Panel's portal, so the case page lists it as a to-do for
// the business unit, who records it made on that day. No mail server: to-dos need none.
const clock = fixedClock('2025-03-03T10:00:00Z');
const BU = 'north-business-unit';
let api: ApiTestContext;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true', REMINDER_INTERVAL_MS: '0' } });
  browser = await launchBrowser();
  let version: number;
  ({ id: caseId, version } = await openCase(api, BU, '2025-03-03'));
  const worker = createMessageWorker({
    connection: api.database.connection,
    clock,
    settings: settingsFrom({}),
    sources: [caseHistorySource(api.database.connection)],
    workerId: 'notices',
  });
  // A pass a minute after the opening plans the partners' e-mail (it waits: no mail server here).
  expect((await worker.runOnce(new Date('2025-03-03T10:01:00Z'))).planned).toBe(1);
  const steps: [string, string, Record<string, unknown>][] = [
    [BU, '2025-03-07T12:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' }],
    [BU, '2025-03-18T15:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-18' }],
    [
      'north-chair',
      '2025-03-18T16:00:00Z',
      { type: 'rapid-review.decided', localReview: false, nationalReviewSuggested: false, criteriaMet: [], reasons: 'Synthetic reasons.' },
    ],
    ['north-lead-la', '2025-03-20T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'local-authority' }],
    ['north-lead-police', '2025-03-20T10:01:00Z', { type: 'rapid-review.signed-off', partner: 'police' }],
    ['north-lead-health', '2025-03-20T10:02:00Z', { type: 'rapid-review.signed-off', partner: 'health' }],
    [BU, '2025-03-21T10:00:00Z', { type: 'rapid-review.submitted', submittedOn: '2025-03-21' }],
  ];
  for (const [as, at, body] of steps) {
    clock.set(at);
    const response = await api.call('POST', `/api/cases/${caseId}/events`, { as, body, headers: { 'If-Match': `"${version}"` } });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    version = response.body.case.version;
  }
  expect((await worker.runOnce(new Date('2025-03-21T10:01:00Z'))).planned).toBe(1);
  await worker.stop();
  clock.set('2025-03-24T09:00:00Z');
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('notices to make, on the case page', () => {
  it('lists the notice to the Panel as a to-do, and the business unit records it made', async () => {
    const { page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', BU);
    await page.goto(`${api.baseUrl}/cases/${caseId}`);
    const notices = page.locator('#notices + p + ul');
    expect(await text(notices)).toContain('Tell the Child Safeguarding Practice Review Panel To do');
    await expectAccessible(page, 'Case page with a notice to make');
    // A date in the future is refused, and nothing is recorded.
    await fillDate(page, '#notices + p + ul form', 'doneOn', '2025-03-25');
    await go(page, page.getByRole('button', { name: 'Record as made' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('The date the notice was made cannot be in the future.');
    expect(await text(notices)).toContain('To do');
    await fillDate(page, '#notices + p + ul form', 'doneOn', '2025-03-21');
    await go(page, page.getByRole('button', { name: 'Record as made' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Recorded as made on 21 March 2025');
    expect(await text(notices)).toContain('Made 21 March 2025');
    expect(await page.getByRole('button', { name: 'Record as made' }).count()).toBe(0);
    await expectAccessible(page, 'Case page with the notice made');
    // The e-mails the case owes are logged beside it: here no mail server is set, so they wait.
    await page.locator('#email-log summary').click();
    const log = await text(page.locator('#email-log table'));
    expect(log).toContain('Safeguarding partners told');
    expect(log).toContain('Safeguarding partner lead 3 March 2025 at 10:01am Waiting to be sent');
    expect(log).toContain('Waiting to be sent');
    await expectAccessible(page, 'Case page with the e-mail log open');
    await page.context().close();
  });

  it('shows the chair the notices without the form, and fits a phone', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-chair');
    await page.goto(`${api.baseUrl}/cases/${caseId}`);
    expect(await text(page.locator('#notices + p + ul'))).toContain('Made 21 March 2025');
    await expectNoHorizontalOverflow(page, 'Case page with notices on a phone');
    await page.context().close();
  });
});
