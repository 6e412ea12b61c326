import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApi } from '../../src/api.js';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { runScript } from '../support/run-script.js';
import { TEST_DATA_ROOT } from '../support/test-env.js';
import { expectAccessible, go, launchBrowser, newUserContext, signInAs, text } from './support/browser.js';

// Issue 12, "Done when": on a fresh database with no seed, one `npm run admin` command creates a
// partnership and a second its first admin; that admin signs in (development sign-in) and adds an
// organisation and a business-unit user in the browser; the new user can then sign in.
const dataDir = path.join(TEST_DATA_ROOT, `admin-browser-${process.pid}`);
let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(dataDir, { recursive: true });
  // The whole service, with nothing seeded (startWebApp seeds north and south; this must not).
  app = await startTestApp(import.meta.filename, (database, config) => createApi(database, config), {
    DATA_DIR: dataDir,
    DEV_SIGN_IN: 'true',
  });
  browser = await launchBrowser();
  ({ page } = await newUserContext(browser));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** `npm run admin -- …` on the running service's database. */
const admin = (args: string[]) =>
  runScript('scripts/admin.ts', args, {
    DATA_DIR: dataDir,
    MONGODB_URI: inject('mongoUri'),
    DATABASE_NAME: app.database.name,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
  });

describe('a new partnership adopts the service', () => {
  let adminId = '';

  it('has nothing at first; two admin commands create the partnership and its first administrator', async () => {
    expect(await app.database.connection.collection('partnerships').countDocuments({})).toBe(0);
    const partnership = await admin([
      'partnership',
      'create',
      '--id',
      'westdale',
      '--name',
      'Westdale Safeguarding Children Partnership',
      '--prefix',
      'WDL',
    ]);
    expect(partnership.code, partnership.stderr).toBe(0);
    const user = await admin([
      'user',
      'add',
      '--partnership',
      'westdale',
      '--email',
      'wren.admin@westdale.example.org',
      '--name',
      'Wren Admin',
      '--role',
      'admin',
    ]);
    expect(user.code, user.stderr).toBe(0);
    adminId = /^added user (\S+) \(admin\)/.exec(user.stdout)![1]!;
  });

  it('the administrator signs in and adds an organisation', async () => {
    await signInAs(page, app.baseUrl, 'westdale', adminId);
    await go(page, page.getByRole('link', { name: 'Administration' }).first());
    expect(await text(page.locator('h1'))).toBe('Administration');
    await expectAccessible(page, 'Administration');

    await go(page, page.getByRole('link', { name: 'Organisations' }));
    expect(await text(page.locator('main'))).toContain('There are no organisations yet.');
    await go(page, page.getByRole('button', { name: 'Add an organisation' }));
    await expectAccessible(page, 'Add an organisation');

    // Nothing filled in: the GOV.UK error summary names the field.
    await go(page, page.getByRole('button', { name: 'Add organisation' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('Enter the organisation’s name');
    await expectAccessible(page, 'Add an organisation (errors)');

    await page.fill('input[name="name"]', 'Westdale Constabulary (synthetic)');
    await page.selectOption('select[name="kind"]', 'police');
    await page.selectOption('select[name="partner"]', 'police');
    await go(page, page.getByRole('button', { name: 'Add organisation' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Westdale Constabulary (synthetic) was added.');
    const row = await text(page.locator('table tbody tr').first());
    expect(row).toContain('Westdale Constabulary (synthetic)');
    expect(row).toContain('Police');
    expect(row).toContain('Active');
    await expectAccessible(page, 'Organisations');
  });

  it('the administrator adds a business-unit user; a role that needs an organisation is refused on the form', async () => {
    await page.goto(`${app.baseUrl}/admin/users`);
    await go(page, page.getByRole('button', { name: 'Add a user' }));
    await page.fill('input[name="name"]', 'Blake Officer');
    await page.fill('input[name="email"]', 'Blake.Officer@westdale.example.org');
    await page.check('input[name="role"][value="agency"]');
    await go(page, page.getByRole('button', { name: 'Add user' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('An agency user must belong to an organisation');
    expect(await page.locator('input[name="name"]').inputValue()).toBe('Blake Officer');

    await page.check('input[name="role"][value="business-unit"]');
    await go(page, page.getByRole('button', { name: 'Add user' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Blake Officer can now sign in as business unit.');
    expect(await text(page.locator('table'))).toContain('blake.officer@westdale.example.org');
    await expectAccessible(page, 'Users');

    const stored = await app.database.connection.collection('users').findOne({ email: 'blake.officer@westdale.example.org' });
    expect(stored).toMatchObject({ partnershipId: 'westdale', role: 'business-unit', name: 'Blake Officer', disabled: false });

    await go(page, page.getByRole('link', { name: 'Administration' }).first());
    await go(page, page.getByRole('link', { name: 'Change history' }));
    const history = await text(page.locator('table'));
    expect(history).toContain('Wren Admin');
    expect(history).toContain('(at the server)');
    expect(history).toContain('User Blake Officer');
    expect(history).toContain('Organisation Westdale Constabulary (synthetic)');
    await expectAccessible(page, 'Change history');

    // The new user signs in, in a browser of their own.
    const other = await newUserContext(browser);
    await signInAs(other.page, app.baseUrl, 'westdale', String(stored!['_id']));
    expect(await text(other.page.locator('.app-user'))).toContain('Signed in as Blake Officer (Business unit)');
    await other.context.close();
  });

  it('the administrator shortens a local clock; a guidance clock cannot be lengthened', async () => {
    await page.goto(`${app.baseUrl}/admin/settings`);
    expect(await page.locator('input[name="referencePrefix"]').inputValue()).toBe('WDL');
    await page.fill('input[name="clock-agency-returns"]', '8');
    await page.fill('input[name="clock-rapid-review"]', '20');
    await go(page, page.getByRole('button', { name: 'Save settings' }));
    expect(await text(page.locator('.govuk-error-summary'))).toContain('a partnership may shorten it but not lengthen it');
    expect(await text(page.locator('#clock-rapid-review-error'))).toContain(
      'Rapid review sent to the Panel is set by guidance at 15 working days',
    );
    const unchanged = await app.database.connection.collection('partnerships').findOne({ _id: 'westdale' as never });
    expect(unchanged?.['clockOverrides']).toEqual({});

    await page.fill('input[name="clock-rapid-review"]', '');
    await go(page, page.getByRole('button', { name: 'Save settings' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('The partnership’s settings were saved.');
    expect(await page.locator('input[name="clock-agency-returns"]').inputValue()).toBe('8');
    const saved = await app.database.connection.collection('partnerships').findOne({ _id: 'westdale' as never });
    expect(saved?.['clockOverrides']).toEqual({ 'agency-returns': { length: 8 } });
  });
});
