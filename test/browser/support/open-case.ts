import type { Page } from 'playwright-core';
import { fillDate, go } from './browser.js';

/** One child's answers on its question page. */
export interface ChildAnswers {
  ageBand: string;
  sex: string;
  legalStatus?: string[];
}

/** Clicks the question page's Continue button and waits for the next page. */
export async function continueOn(page: Page): Promise<void> {
  await go(page, page.getByRole('button', { name: 'Continue' }));
}

/** Answers the dates page (the partners' date left blank: the same day). */
export async function answerDates(page: Page, incidentOn: string, laAwareOn: string): Promise<void> {
  await fillDate(page, 'main form', 'incidentOn', incidentOn);
  await fillDate(page, 'main form', 'laAwareOn', laAwareOn);
  await continueOn(page);
}

/** Answers a child's page; `another` says whether another child follows. */
export async function answerChild(page: Page, n: number, child: ChildAnswers, another = false): Promise<void> {
  await page.selectOption(`select[name="child-${n}-ageBand"]`, child.ageBand);
  await page.check(`input[name="child-${n}-sex"][value="${child.sex}"]`);
  for (const status of child.legalStatus ?? []) await page.check(`input[name="child-${n}-legalStatus"][value="${status}"]`);
  await page.check(`input[name="anotherChild"][value="${another ? 'yes' : 'no'}"]`);
  await continueOn(page);
}

/** The notification criteria page of a notifying route, then the partners' agreement page left blank (not decided yet). */
export async function answerCriteria(page: Page, criteria: { harm: string; abuseOrNeglect: string; location: string }): Promise<void> {
  await page.check(`input[name="criteria-harm"][value="${criteria.harm}"]`);
  await page.check(`input[name="criteria-abuseOrNeglect"][value="${criteria.abuseOrNeglect}"]`);
  await page.check(`input[name="criteria-location"][value="${criteria.location}"]`);
  await continueOn(page);
  await continueOn(page);
}
