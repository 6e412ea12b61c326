import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, fillDate, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { seedReportingYear } from './support/seed-year.js';

// Action plans through the web pages: an agency sees and updates only the actions it owns; the
// chair signs off completion; the table exports as CSV.
const clock = fixedClock('2024-05-01T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let actionIds: string[];

beforeAll(async () => {
  // The pages are signed into through the password-less development sign-in, an explicit opt-in.
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  ({ actionIds } = await seedReportingYear(api, clock));
  clock.set('2025-06-02T09:00:00Z');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('action plans in the browser', () => {
  it('an agency filters its own actions by RAG, adds a progress note and evidence of impact, and exports CSV', async () => {
    const { context, page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-agency-school');
    await go(page, page.getByRole('link', { name: 'Action plans' }));
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await text(page.locator('main table'))).not.toContain('north-police');
    expect(await rows.locator('.govuk-tag').allInnerTexts()).toEqual(
      expect.arrayContaining(['RED', 'COMPLETE'].map((tag) => expect.stringMatching(new RegExp(tag, 'i')))),
    );
    await expectAccessible(page, 'Action plans (agency)');

    await page.selectOption('select[name="rag"]', 'red');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    expect(await rows.count()).toBe(1);
    expect(page.url()).toContain('rag=red');
    const csvHref = await page.getByRole('link', { name: /Download these actions as CSV/ }).getAttribute('href');
    expect(csvHref).toBe('/action-plans.csv?rag=red');
    const csv = await page.request.get(`${api.baseUrl}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Reference');
    expect(lines[1]).toContain(',Red,');

    await go(page, rows.first().getByRole('link'));
    await go(page, page.locator('#note').getByRole('button'));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Enter the progress note');
    await expectAccessible(page, 'Action page (error)');
    await page.fill('#note textarea[name="text"]', 'Training delivered to all pastoral staff (synthetic).');
    await go(page, page.locator('#note').getByRole('button'));
    expect(await text(page.locator('.govuk-notification-banner--success'))).toContain('Add a progress note: done');
    expect(await text(page.locator('main'))).toContain('Training delivered to all pastoral staff (synthetic).');

    await page.fill('#impact textarea[name="text"]', 'Attendance concerns now referred within a week (synthetic audit).');
    await fillDate(page, '#impact', 'evidencedOn', '2025-05-30');
    await go(page, page.locator('#impact').getByRole('button'));
    expect(await text(page.locator('main'))).toContain('Attendance concerns now referred within a week');
    await expectAccessible(page, 'Action page (agency)');
    await screenshot(page, 'action-progress-and-impact');

    // Another organisation's action answers as if it were not there.
    const police = await page.goto(`${api.baseUrl}/action-plans/${actionIds[2]}`);
    expect(police?.status()).toBe(404);
    await context.close();
  });

  it('the chair signs off an action awaiting sign-off', async () => {
    const { context, page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-chair');
    await page.goto(`${api.baseUrl}/action-plans/${actionIds[3]}`);
    await go(page, page.locator('#sign-off').getByRole('button', { name: 'Sign off the action as complete' }));
    expect(await text(page.locator('main'))).toContain('Signed off');
    expect(await text(page.locator('.govuk-summary-list'))).toContain('Complete');
    await expectAccessible(page, 'Action page (signed off)');
    await screenshot(page, 'action-signed-off');
    await context.close();
  });
});
