import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { expectAccessible, fillDate, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { expectNoHorizontalOverflow, expectNoUndefined, newPhoneContext } from './support/page-checks.js';
import { caseDriver } from './support/seed-year.js';

// One serious incident in `north`, dates worked out by hand: the LA became aware on Monday
// 3 March 2025, so the notification is due Monday 10 March and the rapid review Monday 24 March.
// Information asked of the school on 5 March: its clock (10 working days from 3 March) is due
// Monday 17 March; it starts after the rapid review's clock but falls due before it.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let caseId: string;
let cases: ReturnType<typeof caseDriver>;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "12 March 2025" → "2025-03-12", read off the page by the test itself. */
function isoOf(written: string): string {
  const match = /(\d{1,2}) ([A-Z][a-z]+) (\d{4})/.exec(written);
  if (!match) throw new Error(`no date in "${written}"`);
  return `${match[3]}-${String(MONTHS.indexOf(match[2]!) + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  cases = caseDriver(api, clock);
  caseId = await cases.open('north-business-unit', '2025-03-03T10:00:00Z', {
    route: 'serious-incident',
    incidentOn: '2025-03-01',
    laAwareOn: '2025-03-03',
    children: [{ ageBand: 'under-1', sex: 'female', legalStatus: ['child-protection-plan'] }],
    laArea: 'Northshire',
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function signedIn(userId: string, page?: Page): Promise<Page> {
  const target = page ?? (await newUserContext(browser)).page;
  await signInAs(target, api.baseUrl, 'north', userId);
  await target.goto(`${api.baseUrl}/cases/${caseId}`);
  return target;
}

describe('the case page', () => {
  it('says a refused date in words, beside its field, not as code', async () => {
    const page = await signedIn('north-business-unit');
    // 5 March is after today (3 March): the workflow refuses it.
    await fillDate(page, '#sin-submitted', 'submittedOn', '2025-03-05');
    await go(page, page.locator('#sin-submitted').getByRole('button'));
    const summary = await text(page.locator('.govuk-error-summary'));
    expect(summary).toContain('Date submitted must be today or in the past: 5 March 2025 is after today, 3 March 2025');
    expect(summary).not.toMatch(/submittedOn|\d{4}-\d{2}-\d{2}/);
    expect(await page.locator('.govuk-error-summary a').first().getAttribute('href')).toBe('#sin-submitted-submittedOn-day');
    expect(await text(page.locator('#case-stage'))).toBe('Notification');
    await expectNoUndefined(page, 'Case page (refused date)');
    await expectAccessible(page, 'Case page (refused date)');
    await page.context().close();
  });

  it('lists the deadlines by date, the child in words, the workflow as stages, and puts withdrawing last behind a warning and a confirmation', async () => {
    await cases.send(caseId, 'north-business-unit', '2025-03-04T10:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-04' });
    await cases.send(caseId, 'north-business-unit', '2025-03-05T10:00:00Z', {
      type: 'agency-information.requested',
      agencies: ['north-school'],
      dueOn: '2025-03-12',
    });
    clock.set('2025-03-06T10:00:00Z');
    const page = await signedIn('north-business-unit');

    const rows = page.locator('#deadlines-table tbody tr');
    const titles = (await rows.locator('td:first-child').allInnerTexts()).map((title) => title.trim());
    const due = (await rows.locator('td:nth-child(2)').allInnerTexts()).map(isoOf);
    expect(due).toEqual([...due].sort());
    expect(titles.indexOf('Agency information returns in')).toBeGreaterThan(
      titles.indexOf('Serious incident notification submitted to the Panel'),
    );
    expect(titles.indexOf('Agency information returns in')).toBeLessThan(titles.indexOf('Rapid review sent to the Panel'));
    expect(due).toEqual(expect.arrayContaining(['2025-03-10', '2025-03-17', '2025-03-24']));

    const about = await text(page.locator('.govuk-summary-list').first());
    expect(about).toContain('Age: Under 1; sex: female; legal status: child protection plan');
    expect(about).not.toContain('age band under-1');
    // The workflow: a list of stages, never diagram source.
    expect(await page.locator('ol.govuk-task-list li').count()).toBeGreaterThan(3);
    expect(await text(page.locator('body'))).not.toMatch(/stateDiagram|\[\*\]|-->/);

    const forms = page.locator('main form[action$="/events"]');
    const ids = await forms.evaluateAll((elements) => elements.map((element) => element.id));
    expect(ids.length).toBeGreaterThan(1);
    expect(ids[0]).not.toBe('sin-withdrawn');
    expect(ids.at(-1)).toBe('sin-withdrawn');
    const withdraw = page.locator('#sin-withdrawn');
    expect(await withdraw.getByRole('button', { name: 'Withdraw the notification' }).getAttribute('class')).toContain(
      'govuk-button--warning',
    );
    await expectAccessible(page, 'Case page (rapid review gathering)');

    // Sent without ticking the confirmation: refused, the notification still stands.
    await withdraw.locator('textarea[name="reasons"]').fill('Sent in error (synthetic).');
    await go(page, withdraw.getByRole('button', { name: 'Withdraw the notification' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Confirm that the notification to the Panel should be withdrawn');
    expect(await text(page.locator('#case-stage'))).toBe('Rapid review: gathering');
    expect(await page.locator('#sin-withdrawn textarea[name="reasons"]').inputValue()).toBe('Sent in error (synthetic).');
    await expectAccessible(page, 'Case page (withdrawal not confirmed)');
    const history = await api.call('GET', `/api/cases/${caseId}/history`, { as: 'north-viewer' });
    expect(history.body.items.map((item: { type: string }) => item.type)).not.toContain('sin.withdrawn');
    await expectNoUndefined(page, 'Case page (business unit)');
    await screenshot(page, 'case-page-withdraw-unconfirmed');
    await page.context().close();
  });

  it('shows the partners who have signed off, and keeps that from an agency', async () => {
    await cases.send(caseId, 'north-agency-school', '2025-03-07T10:00:00Z', {
      type: 'agency-information.returned',
      agency: 'north-school',
    });
    await cases.send(caseId, 'north-business-unit', '2025-03-10T10:00:00Z', { type: 'rapid-review.meeting-held', heldOn: '2025-03-10' });
    await cases.send(caseId, 'north-chair', '2025-03-11T10:00:00Z', {
      type: 'rapid-review.decided',
      localReview: true,
      nationalReviewSuggested: false,
      criteriaMet: ['improvements-needed'],
      reasons: 'Multi-agency learning (synthetic).',
    });
    await cases.send(caseId, 'north-lead-police', '2025-03-12T10:00:00Z', { type: 'rapid-review.signed-off', partner: 'police' });
    clock.set('2025-03-12T12:00:00Z');

    const page = await signedIn('north-business-unit');
    const signOffs = await text(page.locator('#sign-offs + .govuk-summary-list'));
    expect(signOffs).toContain('Rapid review decision');
    expect(signOffs).toContain('Police: signed off on 12 March 2025');
    expect(signOffs).toContain('Local authority: not yet signed off');
    expect(signOffs).toContain('Health (Integrated Care Board): not yet signed off');
    // The decision's criteria in words, never as codes.
    const timeline = await text(page.locator('.app-timeline'));
    expect(timeline).toContain('It highlights or may highlight improvements needed to safeguard and promote the welfare of children');
    expect(timeline).not.toMatch(/improvements-needed|Improvements needed/);
    await expectAccessible(page, 'Case page (sign-offs)');
    await screenshot(page, 'case-page-sign-offs');
    await page.context().close();

    const school = await signedIn('north-agency-school', await newPhoneContext(browser));
    expect(await text(school.locator('h1'))).toBe('Case NTH-2025-0001');
    expect(await school.locator('#sign-offs').count()).toBe(0);
    expect(await text(school.locator('main'))).not.toContain('signed off on');
    expect(await text(school.locator('main'))).not.toContain('Multi-agency learning');
    await expectNoUndefined(school, 'Case page (school)');
    await expectNoHorizontalOverflow(school, 'Case page (school, 390 px)');
    await expectAccessible(school, 'Case page (school, phone)');
    await school.context().close();

    const officer = await signedIn('north-business-unit', await newPhoneContext(browser));
    await expectNoHorizontalOverflow(officer, 'Case page (business unit, 390 px)');
    await screenshot(officer, 'case-page-phone');
    await officer.context().close();
  });

  it('withdraws the notification once the box is ticked', async () => {
    const second = await cases.open('north-business-unit', '2025-03-12T13:00:00Z', {
      route: 'serious-incident',
      incidentOn: '2025-03-10',
      laAwareOn: '2025-03-11',
      children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    });
    await cases.send(second, 'north-business-unit', '2025-03-12T14:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-12' });
    const { page } = await newUserContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/cases/${second}`);
    const withdraw = page.locator('#sin-withdrawn');
    await withdraw.locator('textarea[name="reasons"]').fill('The incident did not meet the criteria (synthetic).');
    await withdraw.locator('input[name="confirm"][value="yes"]').check();
    await go(page, withdraw.getByRole('button', { name: 'Withdraw the notification' }));
    expect(await text(page.locator('.govuk-notification-banner--success'))).toContain('Withdraw the notification: done');
    expect(await text(page.locator('.app-timeline'))).toContain('Notification withdrawn');
    await expectNoUndefined(page, 'Case page (withdrawn)');
    await expectAccessible(page, 'Case page (withdrawn)');
    const history = await api.call('GET', `/api/cases/${second}/history`, { as: 'north-viewer' });
    expect(history.body.items.map((item: { type: string }) => item.type)).toContain('sin.withdrawn');
    await page.context().close();
  });
});
