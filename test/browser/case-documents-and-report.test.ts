import { strFromU8, unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../support/api-fixture.js';
import { pdfBytes } from '../integration/documents/document-fixtures.js';
import { expectAccessible, fillDate, go, launchBrowser, newUserContext, screenshot, signInAs, text } from './support/browser.js';
import { expectNoUndefined } from './support/page-checks.js';
import { caseDriver } from './support/seed-year.js';

// Issue 15 in a real browser: the business unit uploads a PDF to a case, records the rapid
// review meeting with its attendees, writes and generates the rapid review report; the three
// partner leads sign version 1 ("2 of 3 signed" on the way); it is sent to the Panel, and the
// DOCX holds the decision and an agency's summary. The agency summaries come through the
// report's read port (the agency returns component is built separately).
const clock = fixedClock('2025-03-12T10:00:00Z');
const POLICE_SUMMARY = 'Two call-outs to the address in January; no referral was made.';
let api: ApiTestContext;
let browser: Browser;
let caseId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, {
    clock,
    env: { DEV_SIGN_IN: 'true' },
    agencyContributions: async () => [{ organisationName: 'Constabulary (synthetic)', summary: POLICE_SUMMARY }],
  });
  browser = await launchBrowser();
  const cases = caseDriver(api, clock);
  caseId = await cases.open('north-business-unit', '2025-03-12T10:00:00Z', {
    route: 'serious-incident',
    incidentOn: '2025-03-01',
    laAwareOn: '2025-03-03',
    children: [{ ageBand: '10-15', sex: 'female', legalStatus: ['child-in-need'] }],
    laArea: 'Northshire',
  });
  await cases.send(caseId, 'north-business-unit', '2025-03-12T10:00:00Z', {
    type: 'agency-information.requested',
    agencies: ['north-police', 'north-school'],
    requestedOn: '2025-03-04',
  });
  await cases.send(caseId, 'north-business-unit', '2025-03-12T10:00:00Z', { type: 'partners.informed', informedOn: '2025-03-05' });
  await cases.send(caseId, 'north-business-unit', '2025-03-12T10:00:00Z', { type: 'sin.submitted', submittedOn: '2025-03-07' });
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function casePageAs(userId: string): Promise<Page> {
  const { page } = await newUserContext(browser);
  await signInAs(page, api.baseUrl, 'north', userId);
  await page.goto(`${api.baseUrl}/cases/${caseId}`);
  return page;
}

describe('documents, the meeting and the rapid review report on the case page', () => {
  it('the business unit uploads a PDF, and a renamed executable is refused with a clear message', async () => {
    const page = await casePageAs('north-business-unit');
    await page.selectOption('#upload-kind', 'other');
    await page.fill('#upload-title', 'Strategy meeting notes');
    await page.setInputFiles('#upload-file', { name: 'notes.pdf', mimeType: 'application/pdf', buffer: pdfBytes('strategy notes') });
    await go(page, page.locator('#upload-document').getByRole('button', { name: 'Upload document' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('Strategy meeting notes is stored as version 1.');
    expect(await text(page.locator('#documents-table'))).toContain('Strategy meeting notes');

    const download = await page.request.get(
      await page
        .locator('#documents-table a')
        .first()
        .getAttribute('href')
        .then((href) => `${api.baseUrl}${href}`),
    );
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toBe('attachment; filename="notes.pdf"');
    expect(download.headers()['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(await download.body()).equals(pdfBytes('strategy notes'))).toBe(true);

    const executable = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    await page.setInputFiles('#upload-file', { name: 'report.pdf', mimeType: 'application/pdf', buffer: executable });
    await go(page, page.locator('#upload-document').getByRole('button', { name: 'Upload document' }));
    expect(await text(page.locator('.govuk-notification-banner'))).toContain('The file was not uploaded');
    expect(await page.locator('#documents-table tbody tr').count()).toBe(1);
    await expectNoUndefined(page, 'Case page (documents)');
    await expectAccessible(page, 'Case page (documents)');
    await page.context().close();
  });

  it('the business unit records the rapid review meeting with its attendees', async () => {
    const page = await casePageAs('north-business-unit');
    await fillDate(page, '#record-meeting', 'heldOn', '2025-03-11');
    await page.selectOption('#meeting-attendee-0-organisation', 'north-police');
    await page.fill('#meeting-attendee-0-role', 'Detective Inspector');
    await page.selectOption('#meeting-attendee-1-organisation', 'north-school');
    await page.fill('#meeting-attendee-1-role', 'Designated safeguarding lead');
    await page.fill('#meeting-minutesText', 'Agreed a local review.');
    await go(page, page.locator('#record-meeting').getByRole('button'));
    const meetings = await text(page.locator('#meetings ~ ul').first());
    expect(meetings).toContain('Constabulary (synthetic): Detective Inspector');
    expect(meetings).toContain('Riverside Academy (synthetic): Designated safeguarding lead');
    expect(await text(page.locator('#case-stage'))).toBe('Rapid review: deciding');
    expect(await page.locator('#record-meeting').count()).toBe(0);
    await expectAccessible(page, 'Case page (meeting recorded)');
    await page.context().close();
  });

  it('the chair decides at that meeting, and the business unit writes and generates version 1', async () => {
    const meetings = await api.call('GET', `/api/cases/${caseId}/meetings`, { as: 'north-chair' });
    const version = (await api.call('GET', `/api/cases/${caseId}`, { as: 'north-chair' })).body.version;
    const decided = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-chair',
      headers: { 'If-Match': `"${version}"` },
      body: {
        type: 'rapid-review.decided',
        localReview: true,
        nationalReviewSuggested: false,
        criteriaMet: ['multi-agency-working'],
        reasons: 'Information was not shared between police and school.',
        decidedOn: '2025-03-11',
        meetingId: meetings.body.items[0].id,
      },
    });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);

    const page = await casePageAs('north-business-unit');
    await page.fill('#report-analysis', 'Each agency held part of the picture.');
    await page.fill('#report-safety', 'Sibling seen by children’s social care the same day.');
    await page.fill('#report-learning', 'Call-outs to a family with a school-age child are shared with the school.');
    await go(page, page.locator('#report-text').getByRole('button'));
    await go(page, page.locator('#generate-report').getByRole('button'));
    expect(await text(page.locator('#report-version-1'))).toContain('0 of 3 signed');
    await expectAccessible(page, 'Case page (report generated)');
    await page.context().close();
  });

  it('three partner leads sign version 1 ("2 of 3 signed" after two), and it is sent to the Panel', async () => {
    for (const [lead, count] of [
      ['north-lead-la', '1 of 3 signed'],
      ['north-lead-police', '2 of 3 signed'],
      ['north-lead-health', '3 of 3 signed'],
    ] as const) {
      const page = await casePageAs(lead);
      await go(page, page.locator('#sign-report').getByRole('button', { name: 'Sign off version 1' }));
      expect(await text(page.locator('#report-version-1'))).toContain(count);
      expect(await page.locator('#sign-report').count()).toBe(0);
      if (lead === 'north-lead-police') await expectAccessible(page, 'Case page (partner lead signed)');
      await page.context().close();
    }

    const page = await casePageAs('north-business-unit');
    expect(await text(page.locator('#report-version-1'))).toContain('Signed by all three partners');
    await fillDate(page, '#send-report', 'submittedOn', '2025-03-12');
    await go(page, page.locator('#send-report').getByRole('button'));
    expect(await text(page.locator('#rapid-review-report'))).toBe('Rapid review report');
    expect(await text(page.locator('#rapid-review-report + p'))).toBe('Version 1 was sent to the Panel on 12 March 2025.');
    expect(await text(page.locator('#case-stage'))).toBe('Panel response');

    const href = await page.locator('#report-version-1 a').getAttribute('href');
    const docx = await page.request.get(`${api.baseUrl}${href}`);
    expect(docx.status()).toBe(200);
    const xml = strFromU8(unzipSync(new Uint8Array(await docx.body()))['word/document.xml']!);
    expect(xml).toContain('Decision: a local child safeguarding practice review will be held.');
    expect(xml).toContain('Reasons: Information was not shared between police and school.');
    expect(xml).toContain(`Constabulary (synthetic): ${POLICE_SUMMARY}`);
    expect(xml).toContain(
      'Attended by: Constabulary (synthetic) (Detective Inspector); Riverside Academy (synthetic) (Designated safeguarding lead).',
    );
    await screenshot(page, 'case-documents-meeting-report');
    await expectNoUndefined(page, 'Case page (report sent)');
    await expectAccessible(page, 'Case page (report sent)');
    await page.context().close();
  });
});
