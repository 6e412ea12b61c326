import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { go, launchBrowser, screenshot, signInAs, text } from './support/browser.js';
import { answerChild, answerDates, continueOn } from './support/open-case.js';
import { checkPage, newPhoneContext } from './support/page-checks.js';

// Opening a case as question pages, on a phone-width screen. Dates worked out by hand: the LA
// became aware on Monday 3 March 2025; the serious incident notification is due 5 working days
// later (Monday 10 March), the partners are told within 5 working days too (10 March), and the
// rapid review is due 15 working days later (Monday 24 March 2025).
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});


async function heading(page: Page): Promise<string> {
  return text(page.locator('h1'));
}

describe('opening a case one question at a time', () => {
  it('the business unit opens a serious incident: only its questions, check answers, and a confirmation listing the deadlines that started', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/cases/new`);
    expect(await heading(page)).toBe('Open a case');
    await checkPage(page, 'Open a case: route');
    await continueOn(page);
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Select what kind of case it is');
    await checkPage(page, 'Open a case: route (error)');
    await page.check('input[name="route"][value="serious-incident"]');
    await continueOn(page);

    // A serious incident asks no referrer and no reason: dates come next.
    expect(await heading(page)).toBe('When did it happen, and when did you become aware?');
    await checkPage(page, 'Open a case: dates');
    await continueOn(page);
    const summary = page.locator('.govuk-error-summary');
    expect(await text(summary)).toContain('Enter the date of the incident');
    expect(await summary.getByRole('link', { name: 'Enter the date of the incident' }).getAttribute('href')).toBe('#incidentOn-day');
    expect(await page.title()).toMatch(/^Error: /);
    await checkPage(page, 'Open a case: dates (error)');
    await answerDates(page, '2025-03-01', '2025-03-03');

    expect(await heading(page)).toBe('Where did it happen?');
    expect(await page.locator('input[name="leadPartnership"]').count()).toBe(0);
    // The back link returns to the dates, with the answers kept.
    await go(page, page.getByRole('link', { name: 'Back', exact: true }));
    expect(await page.locator('input[name="incidentOn-day"]').inputValue()).toBe('1');
    await continueOn(page);
    await page.fill('input[name="laArea"]', 'Northshire');
    await continueOn(page);

    expect(await heading(page)).toBe('About the child');
    await checkPage(page, 'Open a case: child');
    await continueOn(page);
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Select an age band or give the age in years');
    await answerChild(page, 1, { ageBand: '1-4', sex: 'female', legalStatus: ['child-protection-plan'] }, true);
    expect(await heading(page)).toBe('About child 2');
    await answerChild(page, 2, { ageBand: '5-9', sex: 'male' });

    expect(await heading(page)).toBe('Which agencies were involved with the child or family?');
    await page.check('input[name="agencies"][value="north-police"]');
    await page.check('input[name="agencies"][value="north-school"]');
    await continueOn(page);
    expect(await heading(page)).toBe('What happened');
    await page.fill('textarea[name="summary"]', 'Synthetic test incident: serious injury to an infant.');
    await continueOn(page);

    expect(await heading(page)).toBe('Check your answers before opening the case');
    const answers = await text(page.locator('main'));
    expect(answers).toContain('Serious incident (SIN route)');
    expect(answers).toContain('1 March 2025');
    expect(answers).toContain('3 March 2025');
    expect(answers).toContain('Northshire');
    expect(answers).not.toContain('Why is the case being referred?');
    await checkPage(page, 'Open a case: check your answers');
    // Change an answer and come straight back.
    await go(page, page.getByRole('link', { name: 'Change local authority area where the incident happened' }));
    await page.fill('input[name="laArea"]', 'North Shire');
    await continueOn(page);
    expect(await heading(page)).toBe('Check your answers before opening the case');
    expect(await text(page.locator('main'))).toContain('North Shire');
    await screenshot(page, 'open-case-check-answers-phone');

    await go(page, page.getByRole('button', { name: 'Open the case' }));
    expect(await text(page.locator('.govuk-panel__title'))).toBe('Case opened');
    expect(await text(page.locator('.govuk-panel__body'))).toContain('NTH-2025-0001');
    const started = await text(page.locator('.govuk-summary-list'));
    expect(started).toContain('Serious incident notification submitted to the Panel 10 March 2025');
    expect(started).toContain('Rapid review sent to the Panel 24 March 2025');
    expect(started).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await checkPage(page, 'Case opened (confirmation)');
    await screenshot(page, 'open-case-confirmation-phone');

    await go(page, page.getByRole('link', { name: 'Go to case NTH-2025-0001' }));
    expect(await text(page.locator('.govuk-summary-list').first())).toContain('Agencies involved Constabulary (synthetic), Riverside Academy (synthetic)');
    // The case keeps the agencies ticked, and the draft is gone.
    const stored = await api.database.connection.collection('cases').findOne({ reference: 'NTH-2025-0001' });
    expect(stored?.['caseData']).toMatchObject({ agencies: ['north-police', 'north-school'], laArea: 'North Shire' });
    expect(stored?.['caseData']['children']).toHaveLength(2);
    expect(await api.database.connection.collection('referral_drafts').countDocuments()).toBe(0);
  });

  it('a school refers a case: offered only the referral route, asked why, and told no deadlines have started', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-agency-school');
    await page.goto(`${api.baseUrl}/cases/new`);
    expect(await heading(page)).toBe('Refer a case');
    // A school is not offered the youth justice route.
    expect(await page.locator('input[name="route"]').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value))).toEqual(['referral']);
    await page.check('input[name="route"][value="referral"]');
    await continueOn(page);

    // An agency refers for itself: the referrer is not asked; the reason is.
    expect(await heading(page)).toBe('Why is the case being referred?');
    await checkPage(page, 'Refer a case: reason');
    await continueOn(page);
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Enter why the case is being referred');
    await page.fill('textarea[name="referralReason"]', 'Repeated absences were not followed up across agencies (synthetic).');
    await continueOn(page);
    const draftUrl = page.url();
    expect(draftUrl).toMatch(/\/cases\/new\/[a-f0-9]{32}\/dates$/);

    // Another user cannot open the draft.
    const other = await newPhoneContext(browser);
    await signInAs(other, api.baseUrl, 'north', 'north-agency-police');
    expect((await other.goto(draftUrl))?.status()).toBe(404);
    await other.context().close();

    await answerDates(page, '2025-02-20', '2025-02-24');
    await page.fill('input[name="laArea"]', 'Northshire');
    await continueOn(page);
    await answerChild(page, 1, { ageBand: '10-15', sex: 'male', legalStatus: ['child-in-need'] });
    await continueOn(page);
    await page.fill('input[name="themes"]', 'neglect, school attendance');
    await continueOn(page);
    expect(await heading(page)).toBe('Check your answers before sending the referral');
    const answers = await text(page.locator('main'));
    expect(answers).toContain('Riverside Academy (synthetic)');
    expect(answers).toContain('Repeated absences were not followed up across agencies (synthetic).');
    expect(answers).toContain('20 February 2025');
    await checkPage(page, 'Refer a case: check your answers');

    await go(page, page.getByRole('button', { name: 'Send the referral' }));
    expect(await text(page.locator('.govuk-panel__title'))).toBe('Referral sent');
    expect(await text(page.locator('main'))).toContain('No deadlines have started yet. They start when the partnership screens your referral.');
    await checkPage(page, 'Referral sent (confirmation)');
    await go(page, page.getByRole('link', { name: /^Go to case/ }));
    expect(await text(page.locator('.govuk-summary-list').first())).toContain('Reason for the referral Repeated absences were not followed up across agencies (synthetic).');
    const stored = await api.database.connection.collection('cases').findOne({ route: 'referral' });
    expect(stored?.['caseData']).toMatchObject({ referralReason: 'Repeated absences were not followed up across agencies (synthetic).' });
    expect(stored?.['referringOrganisationId']).toBe('north-school');
  });
});
