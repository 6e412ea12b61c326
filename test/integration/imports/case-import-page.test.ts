import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { CASE_LOG, caseLogCsv } from './case-log-fixture.js';

/*
 * The case-log import page (issue 12 item 4) over real HTTP and the real database: a business-unit
 * user signed in on the web checks a file, imports it, and sees every problem of a bad one; the
 * form is multipart and carries its CSRF token.
 */
const clock = fixedClock('2025-06-16T09:00:00.000Z');
let ctx: ApiTestContext;

beforeAll(async () => {
  ctx = await startApiTestApp(import.meta.url, { clock, env: { DEV_SIGN_IN: 'true' } });
});
afterAll(() => ctx?.close());

function browser() {
  let cookie = '';
  return {
    async request(path: string, init: RequestInit = {}) {
      const response = await fetch(`${ctx.baseUrl}${path}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers ?? {}), ...(cookie ? { Cookie: cookie } : {}) },
      });
      const set = response.headers.getSetCookie().find((value) => value.startsWith('sre.sid='));
      if (set) cookie = set.split(';')[0]!;
      return response;
    },
  };
}

const csrfFrom = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

async function signedIn(user: string) {
  const client = browser();
  const token = csrfFrom(await (await client.request('/sign-in/dev')).text());
  const response = await client.request('/sign-in/dev', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, user }).toString(),
  });
  expect(response.status).toBe(303);
  return client;
}

function form(csrf: string | undefined, mode: string, csv: string) {
  const body = new FormData();
  if (csrf) body.set('_csrf', csrf);
  body.set('mode', mode);
  body.set('file', new Blob([csv], { type: 'text/csv' }), 'case-log.csv');
  return body;
}

const cases = () => ctx.database.connection.collection('cases');

describe('the import page', () => {
  it('checks a file, then imports it, showing what each row became', async () => {
    const client = await signedIn('north/north-business-unit');
    const page = await client.request('/imports/cases');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('type="file"');
    const csrf = csrfFrom(html);

    const checked = await client.request('/imports/cases', { method: 'POST', body: form(csrf, 'check', caseLogCsv(CASE_LOG.slice(0, 3))) });
    expect(checked.status).toBe(200);
    const checkedHtml = await checked.text();
    expect(checkedHtml).toContain('The file is ready to import');
    expect(checkedHtml.match(/Ready to import<\/td>/g)).toHaveLength(3);
    expect(await cases().countDocuments({ partnershipId: 'north' })).toBe(0);

    const imported = await client.request('/imports/cases', {
      method: 'POST',
      body: form(csrf, 'import', caseLogCsv(CASE_LOG.slice(0, 3))),
    });
    expect(imported.status).toBe(200);
    const importedHtml = await imported.text();
    expect(importedHtml).toContain('OLD-A01');
    expect(importedHtml.match(/Imported<\/td>/g)).toHaveLength(3);
    expect(await cases().countDocuments({ partnershipId: 'north' })).toBe(3);
  });

  it('shows every problem of a bad file by line and column, and imports nothing', async () => {
    const client = await signedIn('north/north-business-unit');
    const csrf = csrfFrom(await (await client.request('/imports/cases')).text());
    const bad = [
      { ...CASE_LOG[3]!, route: 'serious' },
      { ...CASE_LOG[4]!, incidentOn: '2025-99-01' },
    ];
    const response = await client.request('/imports/cases', { method: 'POST', body: form(csrf, 'import', caseLogCsv(bad)) });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('2 problems in the file');
    expect(html).toMatch(/<td class="govuk-table__cell">2<\/td><td class="govuk-table__cell">route<\/td>/);
    expect(html).toMatch(/<td class="govuk-table__cell">3<\/td><td class="govuk-table__cell">incidentOn<\/td>/);
    expect(await cases().countDocuments({ partnershipId: 'north' })).toBe(3);
  });

  it('refuses a form without its CSRF token, and anyone but the business unit', async () => {
    const client = await signedIn('north/north-business-unit');
    const refused = await client.request('/imports/cases', {
      method: 'POST',
      body: form(undefined, 'import', caseLogCsv(CASE_LOG.slice(5, 6))),
    });
    expect(refused.status).toBe(403);
    const chair = await signedIn('north/north-chair');
    expect((await chair.request('/imports/cases')).status).toBe(403);
    expect(await cases().countDocuments({ partnershipId: 'north' })).toBe(3);
  });
});
