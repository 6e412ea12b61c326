import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { expectNoHorizontalOverflow, expectNoUndefined, newPhoneContext } from './support/page-checks.js';
import { caseDriver } from './support/seed-year.js';

// Four cases in `north` on Monday 3 March 2025, dates worked out by hand:
// - NTH-2025-0001, a referral from a school, not yet screened: no deadline;
// - NTH-2025-0002, a serious incident the LA heard of on 3 March: notification due 10 March (5 working days);
// - NTH-2025-0003, a serious incident the LA heard of on Monday 24 February: notification due 3 March;
// - NTH-2025-0004, a referral screened to no further action: closed.
// Soonest deadline first with the undated last reads 0003, 0002, 0001; 0004 only among the closed.
const clock = fixedClock('2025-03-03T09:00:00Z');
const CHILD = [{ ageBand: '1-4', sex: 'female', legalStatus: [] }];
let api: ApiTestContext;
let browser: Browser;
const ids: Record<string, string> = {};

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  const cases = caseDriver(api, clock);
  const referral = { route: 'referral', incidentOn: '2025-02-27', laAwareOn: '2025-02-28', children: CHILD, laArea: 'Northshire' };
  ids['0001'] = await cases.open('north-agency-school', '2025-03-03T09:00:00Z', referral);
  ids['0002'] = await cases.open('north-business-unit', '2025-03-03T09:10:00Z', {
    route: 'serious-incident',
    incidentOn: '2025-03-01',
    laAwareOn: '2025-03-03',
    children: CHILD,
    laArea: 'Northshire',
  });
  ids['0003'] = await cases.open('north-business-unit', '2025-03-03T09:20:00Z', {
    route: 'serious-incident',
    incidentOn: '2025-02-22',
    laAwareOn: '2025-02-24',
    children: CHILD,
    laArea: 'Northshire',
  });
  ids['0004'] = await cases.open('north-agency-school', '2025-03-03T09:30:00Z', referral);
  await cases.send(ids['0004'], 'north-chair', '2025-03-03T09:40:00Z', {
    type: 'referral.screened',
    outcome: 'no-further-action',
    reasons: 'Single-agency follow-up (synthetic).',
  });
  clock.set('2025-03-03T10:00:00Z');
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function signedIn(userId: string, page?: Page): Promise<Page> {
  const target = page ?? (await newUserContext(browser)).page;
  await signInAs(target, api.baseUrl, 'north', userId);
  return target;
}

/** The references in the list's table, top to bottom. */
async function listedReferences(page: Page): Promise<string[]> {
  return (await page.locator('table tbody tr td:first-child').allInnerTexts()).map((cell) => cell.trim());
}

function rowOf(page: Page, reference: string) {
  return page.locator('table tbody tr', { hasText: reference });
}

describe('the case list', () => {
  it('lists open cases, soonest deadline first, with the undated last, saying which deadline and writing dates out', async () => {
    const page = await signedIn('north-business-unit');
    await page.goto(`${api.baseUrl}/cases`);
    expect(await listedReferences(page)).toEqual(['NTH-2025-0003', 'NTH-2025-0002', 'NTH-2025-0001']);
    expect(await page.locator('input[name="status"][value="open"]').isChecked()).toBe(true);

    const next = await text(rowOf(page, 'NTH-2025-0003'));
    expect(next).toContain('3 March 2025');
    expect(next).toContain('Serious incident notification submitted to the Panel');
    expect(await text(rowOf(page, 'NTH-2025-0002'))).toContain('10 March 2025');
    // Every date in the table is written out, as on the rest of the service.
    expect(await text(page.locator('table'))).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await expectNoUndefined(page, 'Cases');
    await expectAccessible(page, 'Cases (open)');
    await screenshot(page, 'case-list-open');
    await page.context().close();
  });

  it('shows closed cases when asked, and finds a case by part of its reference', async () => {
    const page = await signedIn('north-business-unit');
    await page.goto(`${api.baseUrl}/cases`);
    await page.check('input[name="status"][value="closed"]');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    expect(await listedReferences(page)).toEqual(['NTH-2025-0004']);
    expect(await text(rowOf(page, 'NTH-2025-0004'))).toContain('Closed');
    await expectAccessible(page, 'Cases (closed)');

    await page.check('input[name="status"][value="all"]');
    await page.fill('input[name="reference"]', 'nth-2025-0002');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    expect(await listedReferences(page)).toEqual(['NTH-2025-0002']);
    expect(await page.inputValue('input[name="reference"]')).toBe('nth-2025-0002');

    await page.fill('input[name="reference"]', '0009');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    expect(await text(page.locator('main'))).toContain('No cases match these filters.');
    await expectNoUndefined(page, 'Cases (search)');
    await expectAccessible(page, 'Cases (search, none found)');
    await page.context().close();
  });

  it('the API lists the same way: undated after dated, across pages too, and open or closed on request', async () => {
    const references = async (query: string) => {
      const response = await api.call('GET', `/api/cases${query}`, { as: 'north-business-unit' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return { refs: response.body.items.map((item: { reference: string }) => item.reference) as string[], body: response.body };
    };
    const all = await references('');
    expect(all.refs.slice(0, 2)).toEqual(['NTH-2025-0003', 'NTH-2025-0002']);
    expect([...all.refs.slice(2)].sort()).toEqual(['NTH-2025-0001', 'NTH-2025-0004']);
    expect(all.body.total).toBe(4);
    expect(all.body.items[0].nextDeadline).toEqual({
      clockId: 'sin-notification',
      title: 'Serious incident notification submitted to the Panel',
      dueOn: '2025-03-03',
    });

    // One a page: the second page is the last dated case, the third the first undated one.
    expect((await references('?pageSize=1&page=2')).refs).toEqual(['NTH-2025-0002']);
    expect((await references('?pageSize=1&page=3')).refs).toEqual([all.refs[2]]);
    expect((await references('?pageSize=1&page=5')).refs).toEqual([]);

    expect((await references('?status=open')).refs).toEqual(['NTH-2025-0003', 'NTH-2025-0002', 'NTH-2025-0001']);
    expect((await references('?status=closed')).refs).toEqual(['NTH-2025-0004']);
    expect((await references('?reference=0003')).refs).toEqual(['NTH-2025-0003']);
    // Closed cases have no deadline, so none is due within any number of days.
    expect((await references('?status=closed&dueWithin=260')).refs).toEqual([]);
    expect((await references('?status=open&dueWithin=5')).refs).toEqual(['NTH-2025-0003', 'NTH-2025-0002']);
  });

  it('a school sees only its own referrals, with no deadline detail, and the list fits a phone', async () => {
    const page = await signedIn('north-agency-school', await newPhoneContext(browser));
    await page.goto(`${api.baseUrl}/cases?status=all`);
    expect([...(await listedReferences(page))].sort()).toEqual(['NTH-2025-0001', 'NTH-2025-0004']);
    expect(await text(page.locator('main'))).not.toContain('Serious incident notification');
    await expectNoUndefined(page, 'Cases (school)');
    await expectNoHorizontalOverflow(page, 'Cases (school, 390 px)');
    await expectAccessible(page, 'Cases (school, phone)');

    const api390 = await api.call('GET', '/api/cases', { as: 'north-agency-school' });
    for (const item of api390.body.items) expect(item.nextDeadline).toBeUndefined();
    await page.context().close();

    const officer = await signedIn('north-business-unit', await newPhoneContext(browser));
    await officer.goto(`${api.baseUrl}/cases`);
    await expectNoHorizontalOverflow(officer, 'Cases (business unit, 390 px)');
    await screenshot(officer, 'case-list-phone');
    await officer.context().close();
  });
});
