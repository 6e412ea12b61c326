import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, fillDate, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { answerChild, continueOn } from './support/open-case.js';

// A partner agency refers a case through the web pages, with a draft on the way, and cannot open
// a case of another agency (or of another partnership) by typing its address.
const clock = fixedClock('2025-05-12T09:30:00Z');
let api: ApiTestContext;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // The pages are signed into through the password-less development sign-in, an explicit opt-in.
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  ({ page } = await newUserContext(browser));
  await signInAs(page, api.baseUrl, 'north', 'north-agency-school');
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const REFERRAL = {
  route: 'referral',
  incidentOn: '2025-05-01',
  laAwareOn: '2025-05-02',
  children: [{ ageBand: '10-15', sex: 'male', legalStatus: ['child-in-need'] }],
  laArea: 'Northshire',
};

describe('an agency referral in the browser', () => {
  it('keeps its answers as a draft only its author sees, comes back to it, sends it and gets a confirmation with the reference', async () => {
    await go(page, page.getByRole('link', { name: 'Refer a case' }).first());
    expect(await text(page.locator('h1'))).toBe('Refer a case');
    // An agency refers on the routes open to its kind of organisation (a school: not youth justice).
    expect(
      await page
        .locator('input[name="route"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value)),
    ).toEqual(['referral']);
    await expectAccessible(page, 'Refer a case (agency)');

    await page.check('input[name="route"][value="referral"]');
    await continueOn(page);
    await page.fill('textarea[name="referralReason"]', 'A near miss with learning about attendance (synthetic).');
    await continueOn(page);
    await fillDate(page, 'main form', 'incidentOn', '2025-05-01');
    await fillDate(page, 'main form', 'laAwareOn', '2025-05-02');
    await continueOn(page);
    const draftUrl = page.url();
    expect(draftUrl).toMatch(/\/cases\/new\/[a-f0-9]{32}\/areas$/);
    const stored = await api.database.connection.collection('referral_drafts').find({}).toArray();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ partnershipId: 'north', userId: 'north-agency-school' });

    // Another user cannot open it.
    const other = await newUserContext(browser);
    await signInAs(other.page, api.baseUrl, 'north', 'north-agency-police');
    const response = await other.page.goto(draftUrl);
    expect(response?.status()).toBe(404);
    await other.context.close();

    // Leaving and coming back: the draft is offered, with its answers kept.
    await page.goto(`${api.baseUrl}/cases/new`);
    await go(page, page.getByRole('link', { name: /^Non-SIN referral from a partner agency, saved/ }));
    expect(await text(page.locator('h1'))).toBe('Check your answers before sending the referral');
    expect(await text(page.locator('main'))).toContain('1 May 2025');
    await go(page, page.getByRole('link', { name: 'Change local authority area where the incident happened' }));
    await page.fill('input[name="laArea"]', 'Northshire');
    await continueOn(page);
    await go(page, page.getByRole('link', { name: 'Change age band' }));
    await answerChild(page, 1, { ageBand: '10-15', sex: 'male', legalStatus: ['child-in-need'] });
    expect(await text(page.locator('h1'))).toBe('Check your answers before sending the referral');
    await go(page, page.getByRole('button', { name: 'Send the referral' }));

    expect(await text(page.locator('.govuk-panel__title'))).toBe('Referral sent');
    expect(await text(page.locator('.govuk-panel__body'))).toContain('NTH-2025-0001');
    await expectAccessible(page, 'Referral sent (confirmation)');
    await screenshot(page, 'agency-referral-confirmation');
    expect(await api.database.connection.collection('referral_drafts').countDocuments()).toBe(0);

    await go(page, page.getByRole('link', { name: 'Go to case NTH-2025-0001' }));
    expect(await text(page.locator('#case-stage'))).toBe('Screening');
    await expectAccessible(page, 'Case page (agency view)');
    const cases = await api.call('GET', '/api/cases', { as: 'north-chair' });
    expect(cases.body.items[0]).toMatchObject({ reference: 'NTH-2025-0001', route: 'referral', state: 'screening' });
  });

  it('cannot open another agency’s case, or another partnership’s, by its address', async () => {
    const police = await api.call('POST', '/api/cases', { as: 'north-agency-police', body: REFERRAL });
    expect(police.status).toBe(201);
    const south = await api.call('POST', '/api/cases', { as: 'south-business-unit', body: { ...REFERRAL, route: 'serious-incident' } });
    expect(south.status).toBe(201);

    for (const id of [police.body.id, south.body.id]) {
      const response = await page.goto(`${api.baseUrl}/cases/${id}`);
      expect(response?.status()).toBe(404);
      expect(await text(page.locator('h1'))).toBe('Page not found');
      expect(await page.content()).not.toContain(police.body.reference);
    }
    await expectAccessible(page, 'Page not found');
    await screenshot(page, 'agency-other-case-not-found');

    // The list shows only the school's own referral.
    await page.goto(`${api.baseUrl}/cases`);
    const rows = await page.locator('table tbody tr').allInnerTexts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('NTH-2025-0001');
    await expectAccessible(page, 'Cases list (agency)');
  });
});
