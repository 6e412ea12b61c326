import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, go, launchBrowser, signInAs, text } from './support/browser.js';
import { expectNoUndefined } from './support/page-checks.js';
import { caseDriver } from './support/seed-year.js';

// The chair screens a referral: the form shows the fields of the chosen outcome only (revealed
// under it), and without JavaScript the server still asks only what that outcome needs.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let referrals: string[];

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  const cases = caseDriver(api, clock);
  referrals = [];
  for (let i = 0; i < 2; i++) {
    referrals.push(
      await cases.open('north-agency-school', '2025-03-03T09:00:00Z', {
        route: 'referral',
        referringOrganisationId: 'north-school',
        incidentOn: '2025-02-20',
        laAwareOn: '2025-02-24',
        children: [{ ageBand: '10-15', sex: 'female', legalStatus: [] }],
        laArea: 'Northshire',
      }),
    );
  }
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function chairOn(caseId: string, javaScriptEnabled: boolean): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', javaScriptEnabled });
  const page = await context.newPage();
  await signInAs(page, api.baseUrl, 'north', 'north-chair');
  await page.goto(`${api.baseUrl}/cases/${caseId}`);
  return page;
}

describe('the screening form', () => {
  it('reveals the type of learning only under alternative learning, and the process only under referring elsewhere', async () => {
    const page = await chairOn(referrals[0]!, true);
    const form = page.locator('#referral-screened');
    expect(await form.locator('input[name="learningType"]').first().isVisible()).toBe(false);
    expect(await form.locator('input[name="process"]').first().isVisible()).toBe(false);
    await form.locator('input[name="outcome"][value="alternative-learning"]').check();
    expect(await form.locator('input[name="learningType"]').first().isVisible()).toBe(true);
    expect(await form.locator('input[name="process"]').first().isVisible()).toBe(false);
    await expectAccessible(page, 'Screening form, alternative learning chosen');
    await form.locator('textarea[name="reasons"]').fill('Learning is better drawn from a practitioner event (synthetic).');
    await go(page, form.getByRole('button'));
    const summary = await text(page.locator('.govuk-error-summary'));
    expect(summary).toContain('Select the type of alternative learning');
    expect(summary).not.toContain('process');
    await expectAccessible(page, 'Screening form (error)');
    await expectNoUndefined(page, 'Screening form (error)');
    // The answer is kept, and the field it needs is open to fill.
    await page.locator('#referral-screened input[name="learningType"][value="professional-learning-event"]').check();
    await go(page, page.locator('#referral-screened').getByRole('button'));
    expect(await text(page.locator('.govuk-notification-banner--success'))).toContain('Saved');
    await page.context().close();
  });

  it('without JavaScript, ignores a field typed under another outcome and asks for the one the chosen outcome needs', async () => {
    const page = await chairOn(referrals[1]!, false);
    const form = page.locator('#referral-screened');
    await form.locator('input[name="outcome"][value="refer-elsewhere"]').check();
    // Under another outcome, and not needed here: ignored, not refused.
    await form.locator('input[name="learningType"][value="what-works-well-review"]').check();
    await form.locator('textarea[name="reasons"]').fill('This belongs to a domestic homicide review (synthetic).');
    await go(page, form.getByRole('button'));
    const summary = await text(page.locator('.govuk-error-summary'));
    expect(summary).toContain('Select which process it goes to');
    expect(summary).not.toMatch(/alternative learning|only for/i);
    await page.locator('#referral-screened input[name="outcome"][value="refer-elsewhere"]').check();
    await page.locator('#referral-screened input[name="process"][value="domestic-homicide-review"]').check();
    await page.locator('#referral-screened input[name="learningType"][value="what-works-well-review"]').check();
    await page.locator('#referral-screened textarea[name="reasons"]').fill('This belongs to a domestic homicide review (synthetic).');
    await go(page, page.locator('#referral-screened').getByRole('button'));
    expect(await text(page.locator('.govuk-notification-banner--success'))).toContain('Saved');
    const stored = await api.call('GET', `/api/cases/${referrals[1]}/history`, { as: 'north-chair' });
    const screened = stored.body.items.find((item: { type: string }) => item.type === 'referral.screened');
    expect(screened.event ?? screened.fields ?? screened).toMatchObject({
      outcome: 'refer-elsewhere',
      process: 'domestic-homicide-review',
    });
    expect(JSON.stringify(screened)).not.toContain('what-works-well-review');
    await page.context().close();
  });
});
