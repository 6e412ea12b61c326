import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import {
  SCREENSHOTS,
  accessibilityLog,
  expectAccessible,
  go,
  launchBrowser,
  newUserContext,
  screenshot,
  signInAs,
} from './support/browser.js';
import { caseDriver, seedReportingYear } from './support/seed-year.js';

// axe-core on every page of the web app, as every role sees it, in the states that change what a
// page shows (errors, results, empty lists). None may have a serious or critical violation.
const clock = fixedClock('2024-05-01T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let sinCase: string;
let actionIds: string[];
let screening: string;

beforeAll(async () => {
  // The pages are signed into through the password-less development sign-in, an explicit opt-in.
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  ({ sinCase, actionIds } = await seedReportingYear(api, clock));
  // A case in screening with an information request to the school, so agency pages have something.
  const cases = caseDriver(api, clock);
  screening = await cases.open('north-business-unit', '2025-05-20T10:00:00Z', {
    route: 'referral',
    incidentOn: '2025-05-12',
    laAwareOn: '2025-05-19',
    referringOrganisationId: 'north-yjs',
    children: [{ ageYears: 15, sex: 'not-known', legalStatus: ['looked-after'] }],
    laArea: 'Northshire',
  });
  await cases.send(screening, 'north-business-unit', '2025-05-21T10:00:00Z', {
    type: 'agency-information.requested',
    agencies: ['north-school'],
  });
  clock.set('2025-06-02T09:00:00Z');
  browser = await launchBrowser();
});
afterAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  fs.writeFileSync(path.join(SCREENSHOTS, 'axe-summary.json'), `${JSON.stringify(accessibilityLog, null, 2)}\n`);
  const minor = accessibilityLog
    .flatMap((entry) => entry.violations)
    .filter((violation) => violation.impact !== 'serious' && violation.impact !== 'critical');
  console.log(
    `axe-core: ${accessibilityLog.length} pages checked; serious or critical: 0; minor or moderate: ${minor.length} (${[...new Set(minor.map((v) => v.id))].join(', ') || 'none'})`,
  );
  await browser?.close();
  await api?.close();
});

async function check(page: Page, url: string, label: string, status = 200) {
  const response = await page.goto(`${api.baseUrl}${url}`);
  expect(response?.status(), label).toBe(status);
  const title = await page.title();
  expect(title, `${label} has a page title`).toMatch(/ – Safeguarding reviews$/);
  expect(await page.locator('h1').count(), `${label} has one h1`).toBe(1);
  await expectAccessible(page, label);
}

describe('every page passes axe-core (no serious or critical violations)', () => {
  it('pages anyone can open', async () => {
    const { context, page } = await newUserContext(browser);
    await check(page, '/sign-in', 'Sign in');
    await check(page, '/sign-in/dev', 'Development sign-in');
    await check(page, '/deadline-calculator', 'Deadline calculator');
    await check(page, '/deadline-calculator?start=awareOn&date-day=3&date-month=3&date-year=2025', 'Deadline calculator (results)');
    await screenshot(page, 'deadline-calculator');
    await check(page, '/deadline-calculator?start=&date-day=31&date-month=2&date-year=', 'Deadline calculator (errors)', 400);
    await check(page, '/no-such-page', 'Page not found (anonymous)', 404);
    await context.close();
  });

  const ROLES: [string, { open: boolean; report: boolean; actions: boolean; seesCase: boolean }][] = [
    ['north-chair', { open: true, report: true, actions: true, seesCase: true }],
    ['north-business-unit', { open: true, report: true, actions: true, seesCase: true }],
    ['north-lead-police', { open: false, report: true, actions: true, seesCase: true }],
    ['north-agency-school', { open: true, report: false, actions: true, seesCase: false }],
    ['north-reviewer', { open: false, report: false, actions: false, seesCase: false }],
    ['north-viewer', { open: false, report: true, actions: true, seesCase: true }],
    ['north-admin', { open: false, report: true, actions: true, seesCase: true }],
  ];

  for (const [userId, can] of ROLES) {
    it(`pages for ${userId}`, async () => {
      const { context, page } = await newUserContext(browser);
      await signInAs(page, api.baseUrl, 'north', userId);
      await check(page, '/my-work', `My work (${userId})`);
      await check(page, '/cases', `Cases (${userId})`);
      await check(page, '/cases?route=serious-incident&overdue=true', `Cases filtered (${userId})`);
      if (can.seesCase) await check(page, `/cases/${sinCase}`, `Case page, action plan stage (${userId})`);
      if (can.seesCase || userId === 'north-agency-school') await check(page, `/cases/${screening}`, `Case page, screening (${userId})`);
      if (can.open) {
        await check(page, '/cases/new', `Open or refer a case (${userId})`);
        await page.locator('input[name="route"]').first().check();
        await go(page, page.getByRole('button', { name: 'Continue' }));
        await expectAccessible(page, `Opening, second question (${userId})`);
      } else {
        await check(page, '/cases/new', `Open a case refused (${userId})`, 403);
      }
      if (can.actions) {
        await check(page, '/action-plans', `Action plans (${userId})`);
        await check(page, `/action-plans/${userId === 'north-agency-school' ? actionIds[0] : actionIds[2]}`, `Action page (${userId})`);
      }
      if (can.report) await check(page, '/reports/yearly?year=2024', `Yearly report (${userId})`);
      await check(page, '/reports/yearly?year=2090', `Yearly report, year not started (${userId})`, can.report ? 200 : 403);
      await check(page, '/cases/00000000000000000000000000000000', `Case not found (${userId})`, 404);
      await check(page, '/feed-tokens', `Calendar feeds (${userId})`);
      // The case-log import page (issue 12): the business unit's only.
      if (userId === 'north-business-unit') {
        await check(page, '/imports/cases', 'Import case log');
        await go(page, page.getByRole('button', { name: 'Continue' }));
        await expectAccessible(page, 'Import case log (no file chosen)');
      } else {
        await check(page, '/imports/cases', `Import case log refused (${userId})`, 403);
      }
      // The administration pages (issue 12): the admin's only; everyone else is refused.
      if (userId === 'north-admin') {
        for (const [url, label] of [
          ['/admin', 'Administration'],
          ['/admin/organisations', 'Organisations'],
          ['/admin/organisations?show=all', 'Organisations, retired too'],
          ['/admin/organisations/new', 'Add an organisation'],
          ['/admin/organisations/north-school', 'Change an organisation'],
          ['/admin/users', 'Users'],
          ['/admin/users/new', 'Add a user'],
          ['/admin/users/north-viewer', 'Change a user'],
          ['/admin/settings', 'Settings'],
          ['/admin/changes', 'Change history'],
          ['/admin/audit', 'Access audit trail'],
          ['/admin/feed-tokens?userId=north-chair', 'Calendar feed tokens (admin)'],
          ['/admin/case-checks', 'Case checks'],
        ] as const) {
          await check(page, url, label);
        }
        await page.goto(`${api.baseUrl}/admin/users/new`);
        await go(page, page.getByRole('button', { name: 'Add user' }));
        await expectAccessible(page, 'Add a user (errors)');
      } else {
        await check(page, '/admin/users', `Users refused (${userId})`, 403);
      }
      if (userId === 'north-agency-school') await screenshot(page, 'agency-my-work');
      await context.close();
    });
  }
});
