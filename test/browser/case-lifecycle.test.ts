import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, fillDate, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { answerChild, answerCriteria, answerDates, continueOn } from './support/open-case.js';

// A serious incident through the web pages, as the people who do it: the business unit logs it,
// the chair decides, the three partner leads sign off. Dates worked out by hand: the LA became
// aware on Monday 3 March 2025, so the notification is due Monday 10 March (5 working days) and
// the rapid review Monday 24 March (15 working days).
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let caseUrl: string;

beforeAll(async () => {
  // The pages are signed into through the password-less development sign-in, an explicit opt-in.
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function userPage(userId: string): Promise<Page> {
  const { page } = await newUserContext(browser);
  await signInAs(page, api.baseUrl, 'north', userId);
  return page;
}

function deadlineRow(page: Page, title: string) {
  return page.locator('#deadlines-table tbody tr', { hasText: title });
}

describe('a serious incident in the browser', () => {
  it('a business-unit officer logs a serious incident and sees its 5- and 15-working-day deadlines', async () => {
    const page = await userPage('north-business-unit');
    expect(await text(page.locator('h1'))).toBe('My work');
    await expectAccessible(page, 'My work (business unit)');

    await go(page, page.getByRole('link', { name: 'Open a case' }).first());
    expect(await text(page.locator('h1'))).toBe('Open a case');
    expect(await page.title()).toBe('Open a case – Safeguarding reviews');
    await expectAccessible(page, 'Open a case');

    // Nothing chosen: the GOV.UK error summary names the problem and links to the question.
    await continueOn(page);
    const summary = page.locator('.govuk-error-summary');
    expect(await text(summary)).toContain('There is a problem');
    expect(await text(summary)).toContain('Select what kind of case it is');
    expect(await page.title()).toMatch(/^Error: /);
    expect(await summary.getByRole('link', { name: 'Select what kind of case it is' }).getAttribute('href')).toBe('#route');
    await expectAccessible(page, 'Open a case (errors)');
    await screenshot(page, 'open-case-errors');

    await page.check('input[name="route"][value="serious-incident"]');
    await continueOn(page);
    await answerDates(page, '2025-03-01', '2025-03-03');
    await page.fill('input[name="laArea"]', 'Northshire');
    await continueOn(page);
    await answerCriteria(page, { harm: 'serious-harm', abuseOrNeglect: 'suspected', location: 'in-area' });
    await answerChild(page, 1, { ageBand: '1-4', sex: 'female', legalStatus: ['child-protection-plan'] });
    await page.check('input[name="agencies"][value="north-police"]');
    await page.check('input[name="agencies"][value="north-school"]');
    await continueOn(page);
    await page.fill('textarea[name="summary"]', 'Synthetic test incident: serious injury to an infant.');
    await continueOn(page);
    await go(page, page.getByRole('button', { name: 'Open the case' }));

    expect(await text(page.locator('.govuk-panel__title'))).toBe('Case opened');
    expect(await text(page.locator('.govuk-panel__body'))).toContain('NTH-2025-0001');
    await expectAccessible(page, 'Case opened (confirmation)');
    await go(page, page.getByRole('link', { name: 'Go to case NTH-2025-0001' }));
    caseUrl = page.url();

    expect(await text(page.locator('h1'))).toBe('Case NTH-2025-0001');
    expect(await text(page.locator('#case-stage'))).toBe('Notification');
    const sin = deadlineRow(page, 'Serious incident notification submitted to the Panel');
    expect(await text(sin)).toContain('10 March 2025');
    expect(await text(sin)).toContain('5 working days left');
    expect(await text(sin.locator('.govuk-tag'))).toBe('Not yet due');
    const rapidReview = deadlineRow(page, 'Rapid review sent to the Panel');
    expect(await text(rapidReview)).toContain('24 March 2025');
    expect(await text(rapidReview)).toContain('15 working days left');
    // The workflow diagram highlights the current stage.
    expect(await text(page.locator('.govuk-task-list__item[aria-current="step"]'))).toContain('Notification');
    await expectAccessible(page, 'Case page (notification)');
    await screenshot(page, 'serious-incident-deadlines');
    await page.context().close();
  });

  it('the business unit records the notification and the meeting; the chair records the rapid review decision', async () => {
    const officer = await userPage('north-business-unit');
    await officer.goto(caseUrl);
    clock.set('2025-03-07T12:00:00Z');
    await fillDate(officer, '#sin-submitted', 'submittedOn', '2025-03-07');
    await go(officer, officer.locator('#sin-submitted').getByRole('button'));
    expect(await text(officer.locator('.govuk-notification-banner--success'))).toContain('Saved');
    expect(await text(officer.locator('#case-stage'))).toBe('Rapid review: gathering');
    expect(await text(deadlineRow(officer, 'Serious incident notification submitted to the Panel'))).toContain('Met on 7 March 2025');

    clock.set('2025-03-18T15:00:00Z');
    await fillDate(officer, '#rapid-review-meeting-held', 'heldOn', '2025-03-18');
    await go(officer, officer.locator('#rapid-review-meeting-held').getByRole('button'));
    expect(await text(officer.locator('#case-stage'))).toBe('Rapid review: deciding');
    await officer.context().close();

    const chair = await userPage('north-chair');
    expect(await chair.locator('#waiting').isVisible()).toBe(true);
    const waiting = chair.locator('table', { has: chair.locator('caption', { hasText: 'Cases waiting for you' }) });
    expect(await text(waiting)).toContain('NTH-2025-0001');
    expect(await text(waiting)).toContain('Record the rapid review decision');
    await expectAccessible(chair, 'My work (chair)');
    await screenshot(chair, 'chair-my-work');
    await chair.goto(caseUrl);

    // Sent without the required answers: errors beside the fields and in the summary.
    await go(chair, chair.locator('#rapid-review-decided').getByRole('button'));
    const summary = chair.locator('.govuk-error-summary');
    expect(await text(summary)).toContain('Select yes if a local child safeguarding practice review is appropriate');
    expect(await text(summary)).toContain('Enter the reasons');
    expect(await text(chair.locator('#rapid-review-decided-reasons-error'))).toContain('Enter the reasons');
    await expectAccessible(chair, 'Case page (decision form with errors)');

    await chair.check('#rapid-review-decided input[name="localReview"][value="yes"]');
    await chair.check('#rapid-review-decided input[name="nationalReviewSuggested"][value="no"]');
    await chair.check('#rapid-review-decided input[name="criteriaMet"][value="improvements-needed"]');
    await chair.check('#rapid-review-decided input[name="criteriaMet"][value="multi-agency-working"]');
    await chair.fill('#rapid-review-decided textarea[name="reasons"]', 'Multi-agency learning about information sharing (synthetic).');
    await go(chair, chair.locator('#rapid-review-decided').getByRole('button'));
    expect(await text(chair.locator('.govuk-notification-banner--success'))).toContain('Record the rapid review decision: done');
    expect(await text(chair.locator('#case-stage'))).toBe('Rapid review: signing off');
    expect(await text(chair.locator('.app-timeline'))).toContain('Rapid review decision recorded');
    // The criteria in words, not their codes (issue 16).
    expect(await text(chair.locator('.app-timeline'))).toContain(
      'It highlights or may highlight improvements needed to safeguard and promote the welfare of children; It highlights or may highlight concerns about organisations or agencies working together effectively',
    );
    await expectAccessible(chair, 'Case page (rapid review signing off)');
    await screenshot(chair, 'chair-rapid-review-decision');
    await chair.context().close();
  });

  it('the three partner leads sign off, each for their own partner', async () => {
    clock.set('2025-03-20T10:00:00Z');
    const leads: [string, string][] = [
      ['north-lead-la', 'Local authority'],
      ['north-lead-police', 'Police'],
      ['north-lead-health', 'Health (Integrated Care Board)'],
    ];
    for (const [userId, partner] of leads) {
      const lead = await userPage(userId);
      const waiting = lead.locator('table', { has: lead.locator('caption', { hasText: 'Cases waiting for you' }) });
      expect(await text(waiting)).toContain('Sign off the rapid review');
      await lead.goto(caseUrl);
      const form = lead.locator('#rapid-review-signed-off');
      expect(await text(form)).toContain(`Signing off for: ${partner}`);
      await go(lead, form.getByRole('button', { name: 'Sign off the rapid review' }));
      expect(await text(lead.locator('.govuk-notification-banner--success'))).toContain('Sign off the rapid review: done');
      // Signed: the case no longer waits for this partner.
      expect(await lead.locator('#rapid-review-signed-off').count()).toBe(0);
      if (userId === 'north-lead-health') {
        await expectAccessible(lead, 'Case page (partner lead after sign-off)');
        await screenshot(lead, 'partner-leads-signed-off');
      }
      await lead.goto(`${api.baseUrl}/my-work`);
      expect(await text(lead.locator('body'))).not.toContain('Sign off the rapid review');
      await lead.context().close();
    }
    const history = await api.call('GET', `/api/cases/${caseUrl.split('/').at(-1)}/history`, { as: 'north-viewer' });
    const signOffs = history.body.items.filter((item: { type: string }) => item.type === 'rapid-review.signed-off');
    expect(signOffs.map((item: { fields: { partner: string } }) => item.fields.partner)).toEqual(['local-authority', 'police', 'health']);
  });

  it('a stale form tells the officer someone else changed the case and shows the new state', async () => {
    clock.set('2025-03-21T10:00:00Z');
    // Machine version 4 sends the rapid review only once the partners were told (through the API here).
    const id = caseUrl.split('/').at(-1)!;
    const current = await api.call('GET', `/api/cases/${id}`, { as: 'north-business-unit' });
    if (current.body.record.partnersInformed === null) {
      const told = await api.call('POST', `/api/cases/${id}/events`, {
        as: 'north-business-unit',
        headers: { 'If-Match': current.headers.get('etag') ?? '' },
        body: { type: 'partners.informed', informedOn: '2025-03-05' },
      });
      expect(told.status).toBe(200);
    }
    const first = await userPage('north-business-unit');
    const second = await first.context().newPage();
    await first.goto(caseUrl);
    await second.goto(caseUrl);

    await fillDate(first, '#rapid-review-submitted', 'submittedOn', '2025-03-21');
    await go(first, first.locator('#rapid-review-submitted').getByRole('button'));
    expect(await text(first.locator('#case-stage'))).toBe('Panel response');

    // The second tab still holds the old version: its change is refused, not applied twice.
    await fillDate(second, '#rapid-review-submitted', 'submittedOn', '2025-03-21');
    await go(second, second.locator('#rapid-review-submitted').getByRole('button'));
    const banner = second.locator('.govuk-notification-banner');
    expect(await text(banner)).toContain('Someone else changed this case');
    expect(await text(banner)).toContain('It is now at stage “Panel response”');
    expect(await text(second.locator('#case-stage'))).toBe('Panel response');
    await expectAccessible(second, 'Case page (conflict)');
    await screenshot(second, 'case-conflict');

    const history = await api.call('GET', `/api/cases/${caseUrl.split('/').at(-1)}/history`, { as: 'north-viewer' });
    expect(history.body.items.filter((item: { type: string }) => item.type === 'rapid-review.submitted')).toHaveLength(1);
    await first.context().close();
  });
});
