import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, go, launchBrowser, screenshot, signInAs, text } from './support/browser.js';
import { expectNoHorizontalOverflow, expectNoUndefined, newPhoneContext } from './support/page-checks.js';
import { seedReportingYear } from './support/seed-year.js';

// Issue 16 item 8: at 390 pixels the action plan list was 811 px wide and the calculator 422 px.
// Every action's cells, and every deadline the calculator works out, must still be readable.
const clock = fixedClock('2024-05-01T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  await seedReportingYear(api, clock);
  clock.set('2025-06-02T09:00:00Z');
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

describe('on a 390-pixel phone', () => {
  it('the action plan list fits, each action still labelled', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/action-plans`);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(4);
    // Each cell shows its column's heading before it (the headings row is hidden on a phone).
    const labels = (await rows
      .first()
      .locator('td')
      .evaluateAll((cells) =>
        cells.map((cell) => cell.ownerDocument.defaultView?.getComputedStyle(cell, '::before').content ?? ''),
      )) as string[];
    expect(labels).toEqual(expect.arrayContaining(['"Owner and lead: "', '"Target: "', '"Evidence of impact: "']));
    expect(await text(rows.first())).toContain('31 December 2024');
    await expectNoUndefined(page, 'Action plans (phone)');
    await expectNoHorizontalOverflow(page, 'Action plans (390 px)');
    await expectAccessible(page, 'Action plans (phone)');
    await screenshot(page, 'action-plans-phone');
    await page.context().close();
  });

  it('the deadline calculator fits, with its results', async () => {
    const page = await newPhoneContext(browser);
    await page.goto(`${api.baseUrl}/deadline-calculator`);
    await expectNoHorizontalOverflow(page, 'Calculator (390 px)');
    await page.check('input[name="start"][value="awareOn"]');
    await page.fill('input[name="date-day"]', '3');
    await page.fill('input[name="date-month"]', '3');
    await page.fill('input[name="date-year"]', '2025');
    await go(page, page.getByRole('button', { name: 'Work out the deadlines' }));
    // 5 and 15 working days after Monday 3 March 2025.
    const results = await text(page.locator('main table'));
    expect(results).toContain('Serious incident notification submitted to the Panel');
    expect(results).toContain('10 March 2025');
    expect(results).toContain('24 March 2025');
    await expectNoUndefined(page, 'Calculator results (phone)');
    await expectNoHorizontalOverflow(page, 'Calculator results (390 px)');
    await expectAccessible(page, 'Calculator results (phone)');
    await screenshot(page, 'calculator-phone');

    // The other starting points, and the form with its errors, fit too.
    for (const start of ['commissionedOn', 'publishOn']) {
      await page.goto(`${api.baseUrl}/deadline-calculator?start=${start}&date-day=3&date-month=3&date-year=2025`);
      expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0);
      await expectNoHorizontalOverflow(page, `Calculator results from ${start} (390 px)`);
    }
    await page.goto(`${api.baseUrl}/deadline-calculator?date-day=31&date-month=2&date-year=2025`);
    expect(await text(page.locator('.govuk-error-summary'))).toContain('There is a problem');
    await expectNoHorizontalOverflow(page, 'Calculator errors (390 px)');
    await page.context().close();
  });
});
