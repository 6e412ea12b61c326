import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { fillDate, go, launchBrowser, screenshot, signInAs, text } from './support/browser.js';
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

/** Sets (or, with null, removes) the north partnership's managed themes, as its administrator. */
async function setThemes(themes: string[] | null): Promise<void> {
  const current = await api.call('GET', '/api/partnership', { as: 'north-admin' });
  const set = await api.call('PATCH', '/api/partnership', {
    as: 'north-admin',
    body: { themes },
    headers: { 'If-Match': current.headers.get('etag') ?? '' },
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
}

async function heading(page: Page): Promise<string> {
  return text(page.locator('h1'));
}

describe('opening a case one question at a time', () => {
  it('the business unit opens a serious incident: only its questions, check answers, and a confirmation listing the deadlines that started', async () => {
    // The partnership keeps a list of themes: the "What happened" page offers it as checkboxes.
    await setThemes(['neglect', 'domestic abuse']);
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

    // A serious incident is notified: why, and whether the three partners agree.
    expect(await heading(page)).toBe('Does the incident meet the criteria for notifying the Panel?');
    await checkPage(page, 'Open a case: notification criteria');
    await continueOn(page);
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Select whether the child died or was seriously harmed');
    await checkPage(page, 'Open a case: notification criteria (error)');
    await page.check('input[name="criteria-harm"][value="serious-harm"]');
    await page.check('input[name="criteria-abuseOrNeglect"][value="suspected"]');
    await page.check('input[name="criteria-location"][value="in-area"]');
    await continueOn(page);

    expect(await heading(page)).toBe('Have the safeguarding partners agreed to notify the incident?');
    await checkPage(page, 'Open a case: partners’ agreement');
    await page.check('input[name="agreement-health"][value="no"]');
    await continueOn(page);
    const agreementErrors = await text(page.locator('.govuk-error-summary'));
    expect(agreementErrors).toContain('Select whether the local authority agrees the incident is notified');
    expect(agreementErrors).toContain('Enter why a partner dissents');
    await checkPage(page, 'Open a case: partners’ agreement (error)');
    await page.check('input[name="agreement-local-authority"][value="yes"]');
    await page.check('input[name="agreement-police"][value="yes"]');
    await fillDate(page, 'main form', 'agreementOn', '2025-03-03');
    await page.fill('textarea[name="agreementDissent"]', 'Health sees no sign of abuse yet (synthetic).');
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
    await page.check('input[name="themes"][value="neglect"]');
    // "Other" reveals its text field (GOV.UK conditional reveal).
    expect(await page.locator('input[name="otherTheme"]').isVisible()).toBe(false);
    await page.check('input[name="themes"][value="other"]');
    expect(await page.locator('input[name="otherTheme"]').isVisible()).toBe(true);
    await checkPage(page, 'Open a case: what happened, with the partnership’s themes');
    await page.fill('input[name="otherTheme"]', 'online gaming');
    await continueOn(page);

    expect(await heading(page)).toBe('Check your answers before opening the case');
    const answers = await text(page.locator('main'));
    expect(answers).toContain('Serious incident (SIN route)');
    expect(answers).toContain('1 March 2025');
    expect(answers).toContain('3 March 2025');
    expect(answers).toContain('Northshire');
    expect(answers).not.toContain('Why is the case being referred?');
    expect(answers).toContain('The child was seriously harmed');
    expect(answers).toContain('No, dissents');
    expect(answers).toContain('Health sees no sign of abuse yet (synthetic).');
    expect(answers).toContain('neglect, Other: online gaming');
    await checkPage(page, 'Open a case: check your answers');
    // Change a criterion and come straight back.
    await go(page, page.getByRole('link', { name: 'Change is abuse or neglect known or suspected?' }));
    expect(await heading(page)).toBe('Does the incident meet the criteria for notifying the Panel?');
    await page.check('input[name="criteria-abuseOrNeglect"][value="known"]');
    await continueOn(page);
    expect(await heading(page)).toBe('Check your answers before opening the case');
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
    expect(await text(page.locator('.govuk-summary-list').first())).toContain(
      'Agencies involved Constabulary (synthetic), Riverside Academy (synthetic)',
    );
    // The case keeps the agencies ticked, and the draft is gone.
    const stored = await api.database.connection.collection('cases').findOne({ reference: 'NTH-2025-0001' });
    expect(stored?.['caseData']).toMatchObject({ agencies: ['north-police', 'north-school'], laArea: 'North Shire' });
    expect(stored?.['caseData']['children']).toHaveLength(2);
    expect(await api.database.connection.collection('referral_drafts').countDocuments()).toBe(0);
    expect(stored?.['caseData']['themes']).toEqual(['neglect', 'other: online gaming']);
    const id = String(stored?.['_id']);
    const view = await api.call('GET', `/api/cases/${id}`, { as: 'north-business-unit' });
    expect(view.body.record).toMatchObject({
      notificationCriteria: { harm: 'serious-harm', abuseOrNeglect: 'known', location: 'in-area' },
      partnersAgreement: {
        agreedOn: '2025-03-03',
        partners: [
          { partner: 'local-authority', agrees: true },
          { partner: 'police', agrees: true },
          { partner: 'health', agrees: false },
        ],
      },
    });
    await setThemes(null);
  });

  it('a school refers a case: offered only the referral route, asked why, and told no deadlines have started', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-agency-school');
    await page.goto(`${api.baseUrl}/cases/new`);
    expect(await heading(page)).toBe('Refer a case');
    // A school is not offered the youth justice route.
    expect(
      await page
        .locator('input[name="route"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value)),
    ).toEqual(['referral']);
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
    expect(await text(page.locator('main'))).toContain(
      'No deadlines have started yet. They start when the partnership screens your referral.',
    );
    await checkPage(page, 'Referral sent (confirmation)');
    await go(page, page.getByRole('link', { name: /^Go to case/ }));
    expect(await text(page.locator('.govuk-summary-list').first())).toContain(
      'Reason for the referral Repeated absences were not followed up across agencies (synthetic).',
    );
    const stored = await api.database.connection.collection('cases').findOne({ route: 'referral' });
    expect(stored?.['caseData']).toMatchObject({ referralReason: 'Repeated absences were not followed up across agencies (synthetic).' });
    expect(stored?.['referringOrganisationId']).toBe('north-school');
  });
});
