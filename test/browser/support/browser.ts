import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { expect, inject } from 'vitest';
import { PROJECT_ROOT } from '../../support/test-env.js';

/**
 * The Chromium the browser project's global setup found or installed (CHROMIUM_PATH, Debian's
 * /usr/bin/chromium, or a Playwright download; see find-chromium.ts), headless, driven by playwright-core.
 */
export function chromiumPath(): string {
  const resolved = inject('chromiumPath');
  if (!resolved)
    throw new Error(
      'No Chromium path was provided: run the browser tests through test/vitest.config.ts (its browser project global setup finds Chromium).',
    );
  return resolved;
}

export const SCREENSHOTS = path.join(PROJECT_ROOT, '.screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

/** A fresh browser profile (its own cookies) for one user. */
export async function newUserContext(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  return { context, page };
}

/** Saves a full-page screenshot as `.screenshots/NAME.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Signs in through the development sign-in page as a seeded user (`north-chair`). */
export async function signInAs(page: Page, baseUrl: string, partnershipId: string, userId: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in/dev`);
  await page.check(`input[name="user"][value="${partnershipId}/${userId}"]`);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/sign-in')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  page: string;
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Every page checked in this run, and what axe found on each (for the summary). */
export const accessibilityLog: { page: string; violations: AxeFinding[] }[] = [];

/**
 * Runs axe-core on the page as it is now (its source evaluated in the page, so the page's own CSP
 * does not apply) and fails on any serious or critical violation.
 */
export async function expectAccessible(page: Page, label: string): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  const findings = result.violations.map((violation) => ({
    page: label,
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(' ')).slice(0, 5),
  }));
  accessibilityLog.push({ page: label, violations: findings });
  const serious = findings.filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
  return findings;
}

/** Fills a GOV.UK date input (`NAME-day`, `NAME-month`, `NAME-year`) inside `scope`. */
export async function fillDate(page: Page, scope: string, name: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-');
  await page.fill(`${scope} input[name="${name}-day"]`, String(Number(day)));
  await page.fill(`${scope} input[name="${name}-month"]`, String(Number(month)));
  await page.fill(`${scope} input[name="${name}-year"]`, year!);
}

/** The element's visible text with runs of white space made single spaces. */
export async function text(locator: Locator): Promise<string> {
  try {
    return (await locator.innerText({ timeout: 10_000 })).replace(/\s+/g, ' ').trim();
  } catch (error) {
    // Keep what the page showed, to see why.
    await screenshot(locator.page(), `failure-${Date.now()}`).catch(() => undefined);
    fs.writeFileSync(
      path.join(SCREENSHOTS, `failure-${Date.now()}.html`),
      await locator
        .page()
        .content()
        .catch(() => ''),
    );
    throw error;
  }
}

/** Clicks something that loads a new page (a link, a form's button) and waits for that page. */
export async function go(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
}
