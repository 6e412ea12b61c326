import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { seedReportingYear } from './support/seed-year.js';

// The yearly report for 2024 to 2025, over a small year worked out by hand (support/seed-year.ts):
// one rapid review, on time; one SIN, on time; the Panel agreed no local review; one referral
// screened to no further action; four actions: red, amber, green, and complete with evidence.
const clock = fixedClock('2024-05-01T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // The pages are signed into through the password-less development sign-in, an explicit opt-in.
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  await seedReportingYear(api, clock);
  clock.set('2025-06-02T09:00:00Z');
  browser = await launchBrowser();
  ({ page } = await newUserContext(browser));
  await signInAs(page, api.baseUrl, 'north', 'north-chair');
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('the yearly report in the browser', () => {
  it('renders its charts as accessible SVG with the numbers beside them', async () => {
    await go(page, page.getByRole('link', { name: 'Yearly report' }));
    expect(await text(page.locator('h1'))).toBe('Yearly report 2025 to 2026');
    await page.selectOption('select[name="year"]', '2024');
    await go(page, page.getByRole('button', { name: 'Show the year' }));
    expect(await text(page.locator('h1'))).toBe('Yearly report 2024 to 2025');
    expect(await text(page.locator('main'))).toContain('Reporting year 1 April 2024 to 31 March 2025');

    const charts = page.locator('svg.app-chart[role="img"]');
    expect(await charts.count()).toBe(6);
    const onTime = page.locator('#chart-rapid-review-on-time');
    expect(await onTime.locator('title').textContent()).toBe('Rapid reviews sent within 15 working days: 100% on time');
    expect(await onTime.locator('desc').textContent()).toBe(
      'Rapid reviews sent within 15 working days: 100% on time: Within 15 working days 1 (100%); Late 0 (0%).',
    );
    // The number is written beside the bar, not only in the bar's length.
    expect(await onTime.locator('text').allTextContents()).toEqual(['Within 15 working days', '1 (100%)', 'Late', '0 (0%)']);
    const outcomes = page.locator('#chart-rapid-review-outcomes');
    expect(await outcomes.locator('desc').textContent()).toContain(
      'No local review 1; Local review 0; National review 0; Notification withdrawn 0',
    );
    expect(await page.locator('#chart-screening-outcomes desc').textContent()).toContain('No further action 1');
    const rag = await page.locator('#chart-actions-by-rag desc').textContent();
    expect(rag).toContain('Red 1 (0 with evidence)');
    expect(rag).toContain('Amber 1');
    expect(rag).toContain('Green 1');
    expect(rag).toContain('Complete 1 (1 with evidence)');
    await expectAccessible(page, 'Yearly report 2024');
    await screenshot(page, 'yearly-report-charts');

    const csv = await page.request.get(`${api.baseUrl}/reports/yearly.csv?year=2024`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const body = await csv.text();
    expect(body).toContain('rapidReviews.completed,1,NTH-2024-0001');
    expect(body).toContain('rapidReviews.withinFifteenWorkingDays,1,NTH-2024-0001');
    expect(await page.locator('a[href="/reports/yearly.csv?year=2024"]').count()).toBe(1);
  });

  it('is not shown to agency users', async () => {
    const agency = await newUserContext(browser);
    await signInAs(agency.page, api.baseUrl, 'north', 'north-agency-school');
    expect(await agency.page.getByRole('link', { name: 'Yearly report' }).count()).toBe(0);
    const response = await agency.page.goto(`${api.baseUrl}/reports/yearly?year=2024`);
    expect(response?.status()).toBe(403);
    expect(await text(agency.page.locator('h1'))).toBe('You cannot do this');
    await expectAccessible(agency.page, 'Forbidden page');
    await agency.context.close();
  });
});
