import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { fillDate, go, launchBrowser, screenshot, signInAs, text } from './support/browser.js';
import { checkPage, newPhoneContext } from './support/page-checks.js';
import { caseDriver } from './support/seed-year.js';

// An action plan built from a case page, on a phone-width screen: a recommendation and two actions
// added there appear on the case, on the action plan and in its CSV (with words, not codes); a
// target and lead change with reasons, and a RAG change with its reason, show on the action page.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  caseId = await caseDriver(api, clock).open('north-business-unit', '2025-03-03T10:00:00Z', {
    route: 'serious-incident',
    incidentOn: '2025-03-01',
    laAwareOn: '2025-03-03',
    children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
    laArea: 'Northshire',
  });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function addAction(
  page: Page,
  recommendation: string,
  action: { text: string; owner: string; lead: string; targetOn: string; rag: string },
) {
  await go(page, page.getByRole('link', { name: `Add an action to recommendation ${recommendation}` }));
  await page.fill('textarea[name="text"]', action.text);
  await page.selectOption('select[name="ownerOrganisationId"]', action.owner);
  await page.fill('input[name="lead"]', action.lead);
  await fillDate(page, 'main', 'targetOn', action.targetOn);
  await page.check(`input[name="rag"][value="${action.rag}"]`);
  await go(page, page.getByRole('button', { name: 'Add the action' }));
}

describe('an action plan from the case page', () => {
  it('adds a recommendation and two actions, which show on the case, the action plan and the CSV in words', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-business-unit');
    await page.goto(`${api.baseUrl}/cases/${caseId}`);
    expect(await text(page.locator('#action-plan'))).toBe('Action plan');
    expect(await text(page.locator('main'))).toContain('No recommendations on this case yet.');

    await go(page, page.getByRole('button', { name: 'Add a recommendation' }));
    await checkPage(page, 'Add a recommendation');
    await go(page, page.getByRole('button', { name: 'Add the recommendation' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Enter the recommendation');
    await checkPage(page, 'Add a recommendation (error)');
    await page.fill('textarea[name="text"]', 'Schools share attendance concerns with health visitors (synthetic).');
    await go(page, page.getByRole('button', { name: 'Add the recommendation' }));
    expect(page.url()).toContain(`/cases/${caseId}`);
    expect(await text(page.locator('.govuk-notification-banner--success'))).toContain('Recommendation NTH-R-0001 is on the case');
    expect(await text(page.locator('main'))).toContain('Schools share attendance concerns with health visitors (synthetic).');

    await go(page, page.getByRole('link', { name: 'Add an action to recommendation NTH-R-0001' }));
    await checkPage(page, 'Add an action');
    await go(page, page.getByRole('link', { name: 'Back' }));
    await addAction(page, 'NTH-R-0001', {
      text: 'Train pastoral staff on attendance referrals (synthetic).',
      owner: 'north-school',
      lead: 'Head of pastoral care',
      targetOn: '2025-09-30',
      rag: 'amber',
    });
    await addAction(page, 'NTH-R-0001', {
      text: 'Police share missing-episode data weekly (synthetic).',
      owner: 'north-police',
      lead: 'Detective inspector',
      targetOn: '2025-06-30',
      rag: 'red',
    });
    const plan = await text(page.locator('.app-recommendation'));
    expect(plan).toContain('Action NTH-R-0001.1: Train pastoral staff on attendance referrals (synthetic).');
    expect(plan).toContain('target 30 September 2025');
    expect(plan).toContain('Action NTH-R-0001.2: Police share missing-episode data weekly (synthetic).');
    expect(plan).toContain('target 30 June 2025');
    await checkPage(page, 'Case page with its action plan');
    await screenshot(page, 'case-action-plan-phone');

    // The action plan, narrowed to this case, lists both; the CSV says words, not codes.
    await go(page, page.getByRole('link', { name: 'See this case’s actions on the action plan' }));
    expect(await page.locator('main table tbody tr').count()).toBe(2);
    await checkPage(page, 'Action plan for a case');
    const csvHref = await page.getByRole('link', { name: /Download these actions as CSV/ }).getAttribute('href');
    expect(csvHref).toBe(`/action-plans.csv?caseId=${caseId}`);
    const csv = await (await page.request.get(`${api.baseUrl}${csvHref}`)).text();
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).not.toContain('Owner id');
    expect(lines[1]).toContain('NTH-R-0001.1,NTH-R-0001,Rapid review,');
    expect(lines[1]).toContain(',Amber,Open,');
    expect(lines[1]).toContain('Train pastoral staff on attendance referrals (synthetic).');
    expect(lines[2]).toContain(',Red,Open,');
    expect(csv).not.toMatch(/,(amber|red|open|rapid-review|north-school|north-police),/);

    // Each action links back to its case, and shows the recommendation's text.
    await page.goto(`${api.baseUrl}/cases/${caseId}`);
    await go(page, page.getByRole('link', { name: 'Action NTH-R-0001.1' }));
    expect(await text(page.locator('.govuk-summary-list'))).toContain(
      'NTH-R-0001: Schools share attendance concerns with health visitors (synthetic).',
    );
    expect(await page.locator('.govuk-summary-list').getByRole('link', { name: 'NTH-' }).getAttribute('href')).toBe(`/cases/${caseId}`);
    expect(await text(page.locator('main'))).toContain('The RAG rating has not changed since the action was added.');
    await checkPage(page, 'Action page');
  });

  it('changes a target and a lead with reasons, and a RAG rating with its reason, all visible on the action page', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-chair');
    await page.goto(`${api.baseUrl}/cases/${caseId}`);
    await go(page, page.getByRole('link', { name: 'Action NTH-R-0001.2' }));

    await go(page, page.getByRole('link', { name: 'Change the target or lead' }));
    await checkPage(page, 'Change the target or lead');
    expect(await page.inputValue('input[name="lead"]')).toBe('Detective inspector');
    await fillDate(page, 'main', 'targetOn', '2025-08-29');
    await go(page, page.getByRole('button', { name: 'Save the change' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Enter the reason for the change');
    await checkPage(page, 'Change the target or lead (error)');
    await page.fill('input[name="lead"]', 'Detective chief inspector');
    await page.fill('textarea[name="reason"]', 'Data-sharing agreement needs the force solicitor (synthetic).');
    await go(page, page.getByRole('button', { name: 'Save the change' }));
    const changes = await text(page.locator('main'));
    expect(changes).toContain('Lead from Detective inspector to Detective chief inspector; Target from 30 June 2025 to 29 August 2025');
    expect(changes).toContain('Reason: Data-sharing agreement needs the force solicitor (synthetic).');
    expect(await text(page.locator('.govuk-summary-list'))).toContain('29 August 2025');

    await page.check('#rag input[name="rag"][value="amber"]');
    await page.fill('#rag textarea[name="reason"]', 'First weekly return received (synthetic).');
    await go(page, page.locator('#rag').getByRole('button'));
    const history = await text(page.locator('main'));
    expect(history).toContain('Red to Amber');
    expect(history).toContain('Reason: First weekly return received (synthetic).');
    await checkPage(page, 'Action page with RAG history');
    await screenshot(page, 'action-rag-history-phone');
  });

  it('the owning agency changes its action’s lead with a reason, and is not offered the target', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-agency-school');
    await page.goto(`${api.baseUrl}/action-plans`);
    await go(page, page.getByRole('link', { name: 'NTH-R-0001.1' }));
    await go(page, page.getByRole('link', { name: 'Change the lead' }));
    expect(await page.locator('input[name="targetOn-day"]').count()).toBe(0);
    await checkPage(page, 'Change the lead (agency)');
    await page.fill('input[name="lead"]', 'Deputy head of pastoral care');
    await page.fill('textarea[name="reason"]', 'The head of pastoral care is on leave until July (synthetic).');
    await go(page, page.getByRole('button', { name: 'Save the change' }));
    const main = await text(page.locator('main'));
    expect(main).toContain('Lead from Head of pastoral care to Deputy head of pastoral care');
    expect(main).toContain('Reason: The head of pastoral care is on leave until July (synthetic).');
    // The agency does not see which case the action came from.
    expect(await page.locator(`a[href="/cases/${caseId}"]`).count()).toBe(0);
  });
});
