import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectNoChildDetails, openCase } from '../integration/reminders/reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from '../integration/reminders/smtp-capture.js';
import { expectAccessible, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { deliverMessages, linkIn } from './support/deliver-messages.js';
import { expectNoHorizontalOverflow, expectNoUndefined, newPhoneContext } from './support/page-checks.js';

// The business unit asks the police and the school for information on a serious incident the LA
// heard of on Monday 3 March 2025 (agency returns due, by hand, 10 working days later: Monday
// 17 March). Each agency user gets the e-mail on a real SMTP server, follows its link, signs in,
// answers and submits; the business unit sees both returns side by side.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let smtp: SmtpCapture;
let browser: Browser;
let caseId: string;
let reference: string;

const deliver = (at: string) => deliverMessages(api, clock, smtp.port, at);

async function answer(page: Page, link: string, userId: string, summary: string, contact: string) {
  await page.goto(link);
  // Not signed in yet: the link leads to the sign-in.
  expect(new URL(page.url()).pathname).toMatch(/^\/sign-in/);
  await signInAs(page, api.baseUrl, 'north', userId);
  // My work links to the same request.
  await page.goto(`${api.baseUrl}/my-work`);
  expect(await page.locator(`#requests ~ table a[href="${new URL(link).pathname}"]`).count()).toBe(1);
  await page.goto(link);
  expect(await text(page.locator('h1'))).toBe(`Information request for case ${reference}`);
  expect(await text(page.locator('main'))).toContain('Synthetic: what did your agency know of the family?');
  const about = await text(page.locator('.govuk-summary-list'));
  expect(about).toContain('1 to 4');
  expect(about).toContain('Due 17 March 2025');
  expectNoChildDetails(await text(page.locator('body')));
  await expectAccessible(page, `Information request (${userId})`);
  await page.fill('#summary', summary);
  await page.fill('input[name="chronology-1-day"]', '14');
  await page.fill('input[name="chronology-1-month"]', '2');
  await page.fill('input[name="chronology-1-year"]', '2025');
  await page.fill('#chronology-1-contact', contact);
  await page.fill('#analysis', 'Synthetic analysis.');
  await go(page, page.getByRole('button', { name: 'Save draft' }));
  expect(await text(page.locator('.govuk-notification-banner'))).toContain('Draft saved');
  expect(await page.inputValue('#summary')).toBe(summary);
  await page.fill('#learning', 'Synthetic learning.');
  await go(page, page.getByRole('button', { name: 'Submit return' }));
  expect(await text(page.locator('.govuk-notification-banner'))).toContain('Return submitted');
  expect(await text(page.locator('main'))).toContain('Return submitted 3 March 2025');
  expect(await page.locator('#summary').count()).toBe(0);
  await expectAccessible(page, `Submitted return (${userId})`);
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true', REMINDER_INTERVAL_MS: '0' } });
  smtp = await startSmtpCapture();
  browser = await launchBrowser();
  ({ id: caseId, reference } = await openCase(api, 'north-business-unit', '2025-03-03'));
  // The partners were told of the new incident: that e-mail is not what this test is about.
  await deliver('2025-03-03T10:01:00Z');
  smtp.messages.length = 0;
});

afterAll(async () => {
  await browser?.close();
  await smtp?.stop();
  await api?.close();
});

describe('asking agencies for information and reading their returns', () => {
  it('the business unit edits the questions agencies are asked', async () => {
    const { page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/information/template`);
    await expectAccessible(page, 'Questions for agencies');
    await page.fill('#learning', '');
    await go(page, page.getByRole('button', { name: 'Save questions' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Enter at least one question for the learning');
    await expectAccessible(page, 'Questions for agencies (error)');
    await page.fill('#summary', 'Synthetic: what did your agency know of the family?');
    await page.fill('#learning', 'Synthetic: what will your agency change?');
    await go(page, page.getByRole('button', { name: 'Save questions' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Questions saved');
    expect(await page.inputValue('#summary')).toBe('Synthetic: what did your agency know of the family?');
    await page.context().close();
  });

  it('the business unit asks the police (ticked at opening) and the school', async () => {
    const { page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/cases/${caseId}`);
    await go(page, page.locator('#information-link'));
    expect(await text(page.locator('h1'))).toBe('Information from agencies');
    expect(await page.isChecked('input[name="agencies"][value="north-police"]')).toBe(true);
    expect(await page.isChecked('input[name="agencies"][value="north-school"]')).toBe(false);
    await expectAccessible(page, 'Case information (before asking)');
    // Nothing ticked: a clear error, nothing sent.
    await page.uncheck('input[name="agencies"][value="north-police"]');
    await go(page, page.getByRole('button', { name: 'Send requests' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Select at least one agency to ask');
    await expectAccessible(page, 'Case information (error)');
    await page.check('input[name="agencies"][value="north-police"]');
    await page.check('input[name="agencies"][value="north-school"]');
    await go(page, page.getByRole('button', { name: 'Send requests' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Requests sent');
    const missing = await text(page.locator('main ul.govuk-list--bullet').first());
    expect(missing).toContain('Constabulary (synthetic): due 17 March 2025');
    expect(missing).toContain('Riverside Academy (synthetic): due 17 March 2025');
    await page.context().close();
  });

  it('each agency user receives the e-mail, follows the link, signs in and returns text', async () => {
    const figures = await deliver('2025-03-03T10:05:00Z');
    expect(figures.delivered).toBe(2);
    const police = smtp.messages.find((message) => message.recipients.join() === 'agency-police@north.example.org');
    const school = smtp.messages.find((message) => message.recipients.join() === 'agency-school@north.example.org');
    expect(police?.headers.get('subject')).toBe(`Information requested: ${reference} (due 17 Mar 2025)`);
    expect(school?.headers.get('subject')).toBe(`Information requested: ${reference} (due 17 Mar 2025)`);
    for (const message of [police!, school!]) expectNoChildDetails(message.raw);

    const policePage = (await newUserContext(browser)).page;
    await answer(
      policePage,
      linkIn(police!.body),
      'north-agency-police',
      'Synthetic police summary: two call-outs.',
      'Synthetic: call-out to the address.',
    );
    await policePage.context().close();
    const schoolPage = await newPhoneContext(browser);
    await answer(
      schoolPage,
      linkIn(school!.body),
      'north-agency-school',
      'Synthetic school summary: attendance fell.',
      'Synthetic: attendance meeting.',
    );
    await expectNoHorizontalOverflow(schoolPage, 'Submitted return on a phone');
    await schoolPage.context().close();

    // The business unit is told of each return, once.
    await deliver('2025-03-03T10:10:00Z');
    const told = smtp.messages.filter((message) => message.headers.get('subject') === `Information returned: ${reference}`);
    expect(told.map((message) => message.recipients.join())).toEqual([
      'business-unit@north.example.org',
      'business-unit@north.example.org',
    ]);
  });

  it('the business unit sees both returns side by side, and nothing missing', async () => {
    for (const phone of [false, true]) {
      const page = phone ? await newPhoneContext(browser) : (await newUserContext(browser)).page;
      await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
      await page.goto(`${api.baseUrl}/cases/${caseId}/information`);
      expect(await text(page.locator('#missing + p'))).toBe('Every agency asked has returned its information.');
      const returns = page.locator('.app-return');
      expect(await returns.count()).toBe(2);
      const police = await text(returns.nth(0));
      const school = await text(returns.nth(1));
      expect(police).toContain('Constabulary (synthetic)');
      expect(police).toContain('Synthetic police summary: two call-outs.');
      expect(police).toContain('14 February 2025');
      expect(school).toContain('Riverside Academy (synthetic)');
      expect(school).toContain('Synthetic school summary: attendance fell.');
      await expectNoUndefined(page, 'Case information');
      await expectAccessible(page, `Case information (returns${phone ? ', phone' : ''})`);
      if (phone) await expectNoHorizontalOverflow(page, 'Case information on a phone');
      await screenshot(page, `information-returns${phone ? '-phone' : ''}`);
      await page.context().close();
    }
  });

  it('the business unit reopens the police return: the agency corrects version 2, version 1 is kept', async () => {
    const { page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/cases/${caseId}/information`);
    await go(
      page,
      page
        .locator('.app-return')
        .nth(0)
        .getByRole('link', { name: /Open the request/ }),
    );
    await go(page, page.getByRole('button', { name: 'Reopen for the agency to correct' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Return reopened');
    expect(await text(page.locator('main'))).toContain('In progress Version 2');
    expect(await text(page.locator('details summary'))).toBe('Version 1 (reopened)');
    await expectAccessible(page, 'Reopened return (business unit)');
    await page.context().close();

    const police = (await newUserContext(browser)).page;
    await signInAs(police, api.baseUrl, 'north', 'north-agency-police');
    await police.goto(`${api.baseUrl}/cases/${caseId}`);
    await go(police, police.getByRole('link', { name: /Answer the information request of 3 March 2025/ }));
    expect(await police.inputValue('#summary')).toBe('Synthetic police summary: two call-outs.');
    await police.fill('#summary', 'Synthetic police summary, corrected: three call-outs.');
    await go(police, police.getByRole('button', { name: 'Submit return' }));
    expect(await text(police.locator('main'))).toContain('Synthetic police summary, corrected: three call-outs.');
    expect(await text(police.locator('main'))).toContain('Version 2');
    await police.context().close();
  });
});
