import type { Browser, Page } from 'playwright-core';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { expectNoHorizontalOverflow, expectNoUndefined, newPhoneContext } from './support/page-checks.js';
import { caseDriver, seedReportingYear } from './support/seed-year.js';

// Issue 16 item 6: the yearly report as a document. The year 2024 to 2025 is support/seed-year.ts
// (one serious incident, its SIN sent on time); last year, 2023 to 2024, has two more serious
// incidents, LA aware Mon 5 and Mon 12 February 2024, each notified two days later (on time). So
// "All notifications" is 1 this year and 2 last year.
const clock = fixedClock('2024-02-05T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  const cases = caseDriver(api, clock);
  for (const [aware, sent] of [
    ['2024-02-05', '2024-02-07'],
    ['2024-02-12', '2024-02-14'],
  ] as const) {
    const id = await cases.open('north-business-unit', `${aware}T10:00:00Z`, {
      route: 'serious-incident',
      incidentOn: aware,
      laAwareOn: aware,
      children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    });
    await cases.send(id, 'north-business-unit', `${sent}T10:00:00Z`, { type: 'sin.submitted', submittedOn: sent });
  }
  await seedReportingYear(api, clock);
  clock.set('2025-06-02T09:00:00Z');
  browser = await launchBrowser();
  ({ page } = await newUserContext(browser));
  await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** The visible text of a DOCX body, table cells separated by `|`. */
function documentText(bytes: Uint8Array): string {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['word/document.xml']!);
  return xml
    .replace(/<\/w:p>\s*<\/w:tc>/g, '</w:tc>')
    .replace(/<\/w:tc>/g, '|')
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('the yearly report as a document', () => {
  it('shows last year beside this year, every number a link to the cases it counts', async () => {
    await page.goto(`${api.baseUrl}/reports/yearly?year=2024`);
    const row = page.locator('tr', { has: page.locator('th, td', { hasText: /^All notifications$/ }) });
    expect(await row.locator('td').allTextContents()).toEqual(['1', '2']);
    expect(await text(page.locator('thead').first())).toContain('2023 to 2024');
    await expectAccessible(page, 'Yearly report document 2024');
    await expectNoUndefined(page, 'Yearly report document 2024');
    await go(page, row.locator('a').first());
    expect(await text(page.locator('h1'))).toBe('All notifications');
    expect((await page.locator('main table tbody tr').allTextContents()).map((t) => t.trim())).toEqual(['NTH-2024-0003']);
    await expectAccessible(page, 'The cases behind a figure');
    await page.goto(`${api.baseUrl}/reports/yearly?year=2024`);
    await go(
      page,
      page
        .locator('tr', { has: page.locator('th, td', { hasText: /^All notifications$/ }) })
        .locator('a')
        .nth(1),
    );
    expect((await page.locator('main table tbody tr').allTextContents()).map((t) => t.trim()).sort()).toEqual([
      'NTH-2024-0001',
      'NTH-2024-0002',
    ]);
  });

  it('saves the sections the business unit writes, and exports the whole as a Word file with last year beside this year', async () => {
    await page.goto(`${api.baseUrl}/reports/yearly?year=2024`);
    await page.locator('summary', { hasText: 'Write or change the report’s sections' }).click();
    await page.fill('#narrative-introduction', 'This year the partnership reviewed one serious incident (synthetic).');
    await page.fill('#narrative-howWellItWorked', 'Schools report using the 7-minute briefing (synthetic).');
    await go(page, page.getByRole('button', { name: 'Save the sections' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('The report’s sections are saved.');
    expect(await text(page.locator('main'))).toContain('This year the partnership reviewed one serious incident (synthetic).');
    await expectAccessible(page, 'Yearly report with its sections');
    await screenshot(page, 'yearly-report-document');

    const docx = await page.request.get(`${api.baseUrl}/reports/yearly.docx?year=2024`);
    expect(docx.status()).toBe(200);
    expect(docx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const body = documentText(new Uint8Array(await docx.body()));
    expect(body).toContain('Figure|2024 to 2025|2023 to 2024|');
    expect(body).toContain('All notifications|1|2|');
    expect(body).toContain('Serious incidents notified|1|2|');
    expect(body).toContain('This year the partnership reviewed one serious incident (synthetic).');
    expect(body).toContain('Our reviews and what changed because of them');
    expect(body).not.toContain('undefined');
  });

  it('is published by the chair: frozen, with who approved it', async () => {
    const chair = await newUserContext(browser);
    await signInAs(chair.page, api.baseUrl, 'north', 'north-chair');
    await chair.page.goto(`${api.baseUrl}/reports/yearly?year=2024`);
    await go(chair.page, chair.page.getByRole('button', { name: 'Publish the report' }));
    expect(await text(chair.page.locator('.govuk-error-summary'))).toContain('Enter who approved the report');
    await expectAccessible(chair.page, 'Publishing with errors');
    await chair.page.fill('#approvedBy', 'Safeguarding partners’ executive (synthetic)');
    await chair.page.fill('#approvedOn-day', '30');
    await chair.page.fill('#approvedOn-month', '5');
    await chair.page.fill('#approvedOn-year', '2025');
    await go(chair.page, chair.page.getByRole('button', { name: 'Publish the report' }));
    const main = await text(chair.page.locator('main'));
    expect(main).toContain('Safeguarding partners’ executive (synthetic)');
    expect(main).toContain('30 May 2025');
    expect(await chair.page.getByRole('button', { name: 'Publish the report' }).count()).toBe(0);
    expect(await chair.page.locator('summary', { hasText: 'Write or change the report’s sections' }).count()).toBe(0);
    await expectAccessible(chair.page, 'Published yearly report');
    await chair.context.close();
  });

  it('fits a 390-pixel phone', async () => {
    const phone = await newPhoneContext(browser);
    await signInAs(phone, api.baseUrl, 'north', 'north-viewer');
    await phone.goto(`${api.baseUrl}/reports/yearly?year=2024`);
    await expectNoHorizontalOverflow(phone, 'Yearly report (390 px)');
    await expectNoUndefined(phone, 'Yearly report (390 px)');
    await phone.context().close();
  });
});
