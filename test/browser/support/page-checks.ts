import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectAccessible, text } from './browser.js';

/** A phone's width (an iPhone 12 to 15), the narrowest screen the service is checked at. */
export const PHONE_WIDTH = 390;

/** A fresh browser profile with a phone-sized window. */
export async function newPhoneContext(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: PHONE_WIDTH, height: 844 }, locale: 'en-GB' });
  return context.newPage();
}

/** The page never shows a value the code forgot to fill in. */
export async function expectNoUndefined(page: Page, label: string): Promise<void> {
  expect(await text(page.locator('body')), `${label} shows "undefined"`).not.toMatch(/undefined/i);
}

/** The page is no wider than its window: nothing makes a reader scroll sideways. */
export async function expectNoHorizontalOverflow(page: Page, label: string): Promise<void> {
  const widths = (await page.evaluate('({ page: document.documentElement.scrollWidth, window: window.innerWidth })')) as {
    page: number;
    window: number;
  };
  expect(widths.page, `${label} is ${widths.page} px wide in a ${widths.window} px window`).toBeLessThanOrEqual(widths.window);
}

/** What every page of the service must be: accessible (axe), with no "undefined", no sideways scrolling. */
export async function checkPage(page: Page, label: string): Promise<void> {
  await expectAccessible(page, label);
  await expectNoUndefined(page, label);
  await expectNoHorizontalOverflow(page, label);
}
