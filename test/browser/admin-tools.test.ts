import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { PROJECT_ROOT } from '../support/test-env.js';
import { go, launchBrowser, screenshot, signInAs, text } from './support/browser.js';
import { checkPage, newPhoneContext } from './support/page-checks.js';

// The admin's own menu and tools, on a phone-width screen: the access audit trail with filters and
// paging, calendar feed tokens (a user's own, an admin's revoke), the replay check and the move of
// a case stored on workflow edition 1 to edition 2.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;
let browser: Browser;
let oldCase: { id: string; reference: string };
let freshReference: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  browser = await launchBrowser();
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '1-4', sex: 'female', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  oldCase = { id: opened.body.id, reference: opened.body.reference };
  // A real edition-1 snapshot from the fixture corpus, as a case stored before edition 2.
  const fixture = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'test/unit/workflows/fixtures/v1/notification.json'), 'utf8')) as {
    persisted: unknown;
  };
  await api.database.connection.collection('cases').updateOne({ _id: oldCase.id as never }, { $set: { workflow: fixture.persisted } });
  const fresh = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  freshReference = fresh.body.reference;
  // 55 reads of the case list by the chair: more than one page of the trail.
  for (let i = 0; i < 55; i++) expect((await api.call('GET', '/api/cases', { as: 'north-chair' })).status).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function navigation(page: Page): Promise<string[]> {
  return (await page.locator('.govuk-service-navigation__list a').allInnerTexts()).map((item) => item.trim());
}

describe('the admin’s tools', () => {
  it('only the admin’s menu has the admin links, and nobody else may open them', async () => {
    const admin = await newPhoneContext(browser);
    await signInAs(admin, api.baseUrl, 'north', 'north-admin');
    expect(await navigation(admin)).toEqual(expect.arrayContaining(['Administration', 'Access audit', 'Case checks']));
    const chair = await newPhoneContext(browser);
    await signInAs(chair, api.baseUrl, 'north', 'north-chair');
    expect((await navigation(chair)).filter((item) => ['Administration', 'Access audit', 'Case checks'].includes(item))).toEqual([]);
    for (const address of ['/admin/audit', '/admin/feed-tokens', '/admin/case-checks']) {
      expect((await chair.goto(`${api.baseUrl}${address}`))?.status(), address).toBe(403);
    }
    await admin.context().close();
    await chair.context().close();
  });

  it('the access audit trail filters by user and outcome and pages through', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-admin');
    await page.goto(`${api.baseUrl}/admin/audit`);
    await checkPage(page, 'Access audit trail');
    await page.selectOption('select[name="userId"]', 'north-chair');
    await page.fill('input[name="action"]', 'case.list');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    expect(page.url()).toContain('userId=north-chair');
    // The 55 API reads, and the chair's My work page in the first test (it lists cases too).
    expect(await text(page.locator('#audit-total'))).toBe('56 entries.');
    expect(await page.locator('main table tbody tr').count()).toBe(50);
    expect(await text(page.locator('main table tbody tr').first())).toContain('Alex Chair');
    await checkPage(page, 'Access audit trail, filtered');
    await screenshot(page, 'admin-audit-phone');
    await go(page, page.getByRole('link', { name: /Next/ }));
    expect(page.url()).toContain('page=2');
    expect(await page.locator('main table tbody tr').count()).toBe(6);
    await page.selectOption('select[name="outcome"]', 'denied');
    await go(page, page.getByRole('button', { name: 'Apply filters' }));
    expect(await text(page.locator('main'))).toContain('No entries match these filters.');
    await page.context().close();
  });

  it('a user makes a calendar feed and sees its address once; the admin revokes it', async () => {
    const chair = await newPhoneContext(browser);
    await signInAs(chair, api.baseUrl, 'north', 'north-chair');
    await go(chair, chair.getByRole('link', { name: 'Calendar feeds' }));
    expect(await text(chair.locator('main'))).toContain('You have no calendar feeds.');
    await checkPage(chair, 'Calendar feeds');
    await chair.fill('input[name="label"]', 'Work laptop');
    await go(chair, chair.getByRole('button', { name: 'Make a feed' }));
    const address = await text(chair.locator('#feed-url'));
    expect(address).toMatch(/\/api\/deadlines\.ics\?token=sft_[A-Za-z0-9_-]{43}$/);
    await checkPage(chair, 'New calendar feed');
    const feed = await chair.request.get(address);
    expect(feed.status()).toBe(200);
    await chair.goto(`${api.baseUrl}/feed-tokens`);
    expect(await text(chair.locator('main'))).toContain('Work laptop');
    expect(await chair.content()).not.toContain('sft_');

    const admin = await newPhoneContext(browser);
    await signInAs(admin, api.baseUrl, 'north', 'north-admin');
    await admin.goto(`${api.baseUrl}/admin/feed-tokens`);
    await admin.selectOption('select[name="userId"]', 'north-chair');
    await go(admin, admin.getByRole('button', { name: 'Show their feeds' }));
    expect(await text(admin.locator('main'))).toContain('Work laptop');
    await checkPage(admin, 'Calendar feed tokens (admin)');
    await go(admin, admin.getByRole('button', { name: 'Revoke the feed Work laptop' }));
    expect(await text(admin.locator('.govuk-notification-banner'))).toContain('Feed token revoked');
    expect(await text(admin.locator('main'))).toContain('has no calendar feeds');
    expect((await chair.request.get(address)).status()).toBe(401);
    await chair.context().close();
    await admin.context().close();
  });

  it('the replay check says whether a case replays to what is stored, and the admin moves a case from edition 1 to edition 2', async () => {
    const page = await newPhoneContext(browser);
    await signInAs(page, api.baseUrl, 'north', 'north-admin');
    await page.goto(`${api.baseUrl}/admin/case-checks`);
    await checkPage(page, 'Case checks');
    await page.fill('input[name="reference"]', 'NTH-2099-0001');
    await go(page, page.getByRole('button', { name: 'Check the case' }));
    expect(await text(page.locator('#case-check-result'))).toBe('No case has the reference NTH-2099-0001.');
    await page.fill('input[name="reference"]', freshReference);
    await go(page, page.getByRole('button', { name: 'Check the case' }));
    const fresh = await text(page.locator('.govuk-summary-list'));
    expect(fresh).toContain('Edition 4 (current)');
    expect(fresh).toContain('Consistent');
    expect(await text(page.locator('#case-check-result'))).toBe('Replaying the history gives exactly what is stored.');
    expect(await page.getByRole('button', { name: 'Move the case' }).count()).toBe(0);
    await checkPage(page, 'Case check, consistent');

    // The stored edition-1 snapshot is not what this case's own history replays to: said, with the differences.
    await page.fill('input[name="reference"]', oldCase.reference);
    await go(page, page.getByRole('button', { name: 'Check the case' }));
    const summary = await text(page.locator('.govuk-summary-list'));
    expect(summary).toContain('Edition 1 (current is 4)');
    expect(summary).toContain('Differs');
    expect(await page.locator('#case-check-result li').count()).toBeGreaterThan(0);
    await checkPage(page, 'Case check, edition 1');
    await page.check('input[name="toVersion"][value="2"]');
    await go(page, page.getByRole('button', { name: 'Move the case' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain(`Case ${oldCase.reference} is now on workflow edition 2`);
    expect(await text(page.locator('.govuk-summary-list'))).toContain('Edition 2 (current is 4)');
    const history = await api.call('GET', `/api/cases/${oldCase.id}/history`, { as: 'north-admin' });
    expect(history.body.items.at(-1)).toMatchObject({ type: 'machine.migrated', fields: { fromVersion: 1, toVersion: 2 } });
    await screenshot(page, 'admin-case-check-phone');
    await page.context().close();
  });
});
