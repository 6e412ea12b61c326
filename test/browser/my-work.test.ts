import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { expectNoHorizontalOverflow, expectNoUndefined, newPhoneContext } from './support/page-checks.js';
import { caseDriver } from './support/seed-year.js';

// In `north`, dates worked out by hand, seen on Monday 3 March 2025:
// - NTH-2025-0001, a serious incident the LA heard of on Monday 10 February, its notification sent
//   on 12 February: the partners were to be told by 17 February (5 working days) and the agencies'
//   information is due 24 February (10 working days), both overdue; the chair may withdraw it;
// - NTH-2025-0002, a referral from the school, not yet screened: no deadline; the chair screens it;
// - an action the school owns with a target of 28 February: overdue.
const clock = fixedClock('2025-02-10T10:00:00Z');
const CHILD = [{ ageBand: '5-9', sex: 'male', legalStatus: [] }];
let api: ApiTestContext;
let browser: Browser;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  const cases = caseDriver(api, clock);
  const incident = await cases.open('north-business-unit', '2025-02-10T10:00:00Z', {
    route: 'serious-incident',
    incidentOn: '2025-02-08',
    laAwareOn: '2025-02-10',
    children: CHILD,
    laArea: 'Northshire',
  });
  await cases.send(incident, 'north-business-unit', '2025-02-12T10:00:00Z', { type: 'sin.submitted', submittedOn: '2025-02-12' });
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-business-unit',
    body: { source: 'rapid-review', caseId: incident, text: 'Share attendance concerns with health visiting (synthetic).' },
  });
  expect(recommendation.status, JSON.stringify(recommendation.body)).toBe(201);
  const action = await api.call('POST', '/api/actions', {
    as: 'north-business-unit',
    body: {
      recommendationId: recommendation.body.id,
      text: 'Attendance audit (synthetic)',
      ownerOrganisationId: 'north-school',
      lead: 'Named lead (synthetic)',
      targetOn: '2025-02-28',
      rag: 'amber',
    },
  });
  expect(action.status, JSON.stringify(action.body)).toBe(201);
  await cases.open('north-agency-school', '2025-02-20T10:00:00Z', {
    route: 'referral',
    incidentOn: '2025-02-18',
    laAwareOn: '2025-02-19',
    children: CHILD,
    laArea: 'Northshire',
  });
  clock.set('2025-03-03T10:00:00Z');
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function myWork(userId: string, page?: Page): Promise<Page> {
  const target = page ?? (await newUserContext(browser)).page;
  await signInAs(target, api.baseUrl, 'north', userId);
  await target.goto(`${api.baseUrl}/my-work`);
  return target;
}

function table(page: Page, caption: string) {
  return page.locator('table', { has: page.locator('caption', { hasText: caption }) });
}

describe('My work', () => {
  it('names the case on every overdue row, never "undefined"', async () => {
    const page = await myWork('north-business-unit');
    const overdue = table(page, 'Overdue deadlines');
    const rows = overdue.locator('tbody tr');
    expect(await text(overdue)).toContain('Safeguarding partners told of the incident');
    expect(await text(overdue)).toContain('17 February 2025');
    expect(await rows.count()).toBeGreaterThan(0);
    for (const reference of await rows.locator('td:first-child').allInnerTexts()) expect(reference.trim()).toBe('NTH-2025-0001');
    await expectNoUndefined(page, 'My work (business unit)');
    await expectAccessible(page, 'My work (business unit)');
    await screenshot(page, 'my-work-business-unit');
    await page.context().close();

    const deadlines = await api.call('GET', '/api/deadlines?status=overdue', { as: 'north-business-unit' });
    expect(deadlines.status).toBe(200);
    expect(deadlines.body.items.length).toBeGreaterThan(0);
    for (const item of deadlines.body.items)
      expect(item).toMatchObject({ reference: 'NTH-2025-0001', route: 'serious-incident', state: 'rapidReview.gathering' });

    const phone = await myWork('north-business-unit', await newPhoneContext(browser));
    await expectNoHorizontalOverflow(phone, 'My work (business unit, 390 px)');
    await screenshot(phone, 'my-work-business-unit-phone');
    await phone.context().close();
  });

  it('lists the cases waiting for the chair soonest deadline first, the undated last', async () => {
    const page = await myWork('north-chair');
    const references = (await table(page, 'Cases waiting for you').locator('tbody tr td:first-child').allInnerTexts()).map((cell) =>
      cell.trim(),
    );
    expect(references).toEqual(['NTH-2025-0001', 'NTH-2025-0002']);
    await expectNoUndefined(page, 'My work (chair)');
    await expectAccessible(page, 'My work (chair)');
    await page.context().close();

    const phone = await myWork('north-chair', await newPhoneContext(browser));
    await expectNoHorizontalOverflow(phone, 'My work (chair, 390 px)');
    await phone.context().close();
  });

  it('never tells a school that nothing is overdue when its own action is, and fits a phone', async () => {
    const page = await myWork('north-agency-school', await newPhoneContext(browser));
    expect(await text(table(page, 'Outstanding actions'))).toContain('28 February 2025 (overdue)');
    const main = await text(page.locator('main'));
    expect(main).not.toContain('Nothing is overdue');
    expect(await text(page.locator('#overdue-summary'))).toContain('1 action Riverside Academy (synthetic) owns is past its target date');
    await expectNoUndefined(page, 'My work (school)');
    await expectNoHorizontalOverflow(page, 'My work (school, 390 px)');
    await expectAccessible(page, 'My work (school, phone)');
    await screenshot(page, 'my-work-school-phone');
    await page.context().close();
  });
});
