import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '../../../src/access/token-verifier.js';
import { createApi } from '../../../src/api.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { tenantFixture, upsertTenant } from '../../../scripts/seed/tenant.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';
import { readCsv } from '../../unit/shared/csv-reader.js';
import { createAction, createRecommendation, openCase, sendEvent } from './action-fixture.js';

// The CSV export opens cleanly in Excel: UTF-8 with a BOM, CRLF records, RFC 4180 quoting, and
// formula-like cells neutralised. Read back with an independent strict RFC 4180 reader.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseReference: string;

const AWKWARD_TEXT = 'Share plans, "quickly",\nwith police\r\nand school';
const FORMULA_LEAD = '=HYPERLINK("http://evil.example","click")';

/** The raw bytes of a response (fetch's text() would silently drop the BOM). */
async function raw(baseUrl: string, token: string, url: string, accept: string) {
  const response = await fetch(`${baseUrl}${url}`, { headers: { Authorization: `Bearer ${token}`, Accept: accept } });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

async function csvOf(url: string, as: string) {
  const response = await raw(api.baseUrl, await api.token(as), url, 'text/csv');
  expect(response.status).toBe(200);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(response.bytes);
  expect(text.startsWith('\uFEFF')).toBe(true);
  return { ...response, text, records: readCsv(text.slice(1)) };
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await openCase(api);
  caseReference = opened.reference;
  const recommendation = await createRecommendation(api, {
    source: 'local-review',
    caseId: opened.id,
    priority: 'neglect',
    text: '@mention, "quoted" recommendation',
  });
  const first = await createAction(api, {
    recommendationId: recommendation.id,
    text: AWKWARD_TEXT,
    ownerOrganisationId: 'north-childrens-services',
    lead: FORMULA_LEAD,
    targetOn: '2025-03-02',
  });
  expect(
    (await sendEvent(api, 'north-business-unit', first.id, 1, { type: 'action.progress-noted', text: '+1 more team trained' })).status,
  ).toBe(200);
  await createAction(api, {
    recommendationId: recommendation.id,
    text: '-minus first',
    ownerOrganisationId: 'north-school',
    lead: '@SUM(A1:A2)',
    targetOn: '2025-12-31',
    rag: 'red',
  });
  await createAction(api, {
    recommendationId: recommendation.id,
    text: 'Plain',
    ownerOrganisationId: 'north-police',
    lead: 'Plain lead',
    recurrence: { frequency: 'annually', startOn: '2025-01-01' },
  });
});
afterAll(() => api?.close());

describe('GET /api/actions as CSV', () => {
  it('is UTF-8 with a BOM, CRLF line ends and a download name', async () => {
    const csv = await csvOf('/api/actions', 'north-chair');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="actions-2025-03-03.csv"');
    expect(csv.headers.get('cache-control')).toBe('no-store');
    expect(csv.headers.get('vary')).toMatch(/Accept/);
    expect(csv.text.endsWith('\r\n')).toBe(true);
    // Four records (header + 3 rows); the embedded newlines stay inside their quoted field.
    expect(csv.records).toHaveLength(4);
  });

  it('has the agreed columns and reads back to the stored values', async () => {
    const { records } = await csvOf('/api/actions', 'north-chair');
    expect(records[0]).toEqual([
      'Reference',
      'Recommendation',
      'Source',
      'Priority',
      'Case',
      'Action',
      'Owner',
      'Owner id',
      'Lead',
      'Target date',
      'Recurrence',
      'Recurrence start',
      'Due date',
      'Overdue',
      'RAG',
      'Status',
      'Signed off on',
      'Progress notes',
      'Latest progress note on',
      'Latest progress note',
      'Evidence of impact',
      'Latest evidence on',
      'Latest evidence of impact',
    ]);
    expect(records[1]).toEqual([
      'NTH-R-0001.1',
      'NTH-R-0001',
      'local-review',
      'neglect',
      caseReference,
      AWKWARD_TEXT,
      'Children’s Services (synthetic)',
      'north-childrens-services',
      `'${FORMULA_LEAD}`,
      '2025-03-02',
      '',
      '',
      '2025-03-02',
      'yes',
      'green',
      'open',
      '',
      '1',
      '2025-03-03',
      "'+1 more team trained",
      '0',
      '',
      '',
    ]);
    expect(records[2]!.slice(5, 10)).toEqual([
      "'-minus first",
      'Riverside Academy (synthetic)',
      'north-school',
      "'@SUM(A1:A2)",
      '2025-12-31',
    ]);
    expect(records[3]!.slice(8, 16)).toEqual(['Plain lead', '', 'annually', '2025-01-01', '2026-01-01', 'no', 'green', 'open']);
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', async () => {
    const { text } = await csvOf('/api/actions', 'north-chair');
    expect(text).toContain('"Share plans, ""quickly"",\nwith police\r\nand school"');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    // No cell starts with a formula character once read back.
    const { records } = await csvOf('/api/actions', 'north-chair');
    for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('applies the filters, ignores pagination, and gives an agency only its own rows and no case column', async () => {
    const police = await csvOf('/api/actions?owner=north-police&page=5', 'north-viewer');
    expect(police.records.slice(1).map((record) => record[0])).toEqual(['NTH-R-0001.3']);
    const school = await csvOf('/api/actions', 'north-agency-school');
    expect(school.records[0]).not.toContain('Case');
    expect(school.records.slice(1).map((record) => record[0])).toEqual(['NTH-R-0001.2']);
    expect(school.text).not.toContain(caseReference);
    const empty = await csvOf('/api/actions?owner=north-police', 'north-agency-school');
    expect(empty.records).toHaveLength(1);
  });

  it('answers JSON by default and 406 for a type it cannot make', async () => {
    const json = await raw(api.baseUrl, await api.token('north-chair'), '/api/actions', '*/*');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const xml = await raw(api.baseUrl, await api.token('north-chair'), '/api/actions', 'application/xml');
    expect(xml.status).toBe(406);
    expect(xml.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});

describe('GET /api/recommendations as CSV', () => {
  it('lists each recommendation with its action counts', async () => {
    const { records, headers } = await csvOf('/api/recommendations', 'north-business-unit');
    expect(headers.get('content-disposition')).toBe('attachment; filename="recommendations-2025-03-03.csv"');
    expect(records).toEqual([
      [
        'Reference',
        'Source',
        'Priority',
        'Case',
        'Recommendation',
        'Created on',
        'Actions',
        'Open',
        'Awaiting sign-off',
        'Complete',
        'Overdue',
      ],
      ['NTH-R-0001', 'local-review', 'neglect', caseReference, `'@mention, "quoted" recommendation`, '2025-03-03', '3', '3', '0', '0', '1'],
    ]);
  });

  it('an agency gets its own counts and no case column', async () => {
    const { records } = await csvOf('/api/recommendations', 'north-agency-school');
    expect(records).toEqual([
      ['Reference', 'Source', 'Priority', 'Recommendation', 'Created on', 'Actions', 'Open', 'Awaiting sign-off', 'Complete', 'Overdue'],
      ['NTH-R-0001', 'local-review', 'neglect', `'@mention, "quoted" recommendation`, '2025-03-03', '1', '1', '0', '0', '0'],
    ]);
  });
});

describe('the export limit (ACTIONS_EXPORT_MAX_ROWS)', () => {
  let app: TestApp;
  let dataDir: string;
  const token = (user: { id: string; role: string; partnershipId: string }) =>
    issueDevToken(app.config, { sub: user.id, role: user.role as 'chair', partnership: user.partnershipId });

  beforeAll(async () => {
    dataDir = path.join(TEST_DATA_ROOT, `keys-action-csv-limit-${process.pid}`);
    fs.mkdirSync(dataDir, { recursive: true });
    app = await startTestApp(`${import.meta.filename}-limit`, (database, config) => createApi(database, config, { clock }), {
      DATA_DIR: dataDir,
      ACTIONS_EXPORT_MAX_ROWS: '2',
    });
    await upsertTenant(app.database.connection, tenantFixture('north', 'NTH'));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses an export larger than the limit with 422, and allows one at the limit', async () => {
    const chair = await token({ id: 'north-chair', role: 'chair', partnershipId: 'north' });
    const post = (url: string, body: unknown) =>
      fetch(`${app.baseUrl}${url}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${chair}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { id: string } }));
    const recommendation = await post('/api/recommendations', { source: 'section-11', text: 'Limit' });
    expect(recommendation.status).toBe(201);
    for (const n of [1, 2]) {
      expect(
        (
          await post('/api/actions', {
            recommendationId: recommendation.body.id,
            text: `A${n}`,
            ownerOrganisationId: 'north-school',
            lead: 'L',
            targetOn: '2025-12-31',
          })
        ).status,
      ).toBe(201);
    }
    expect((await raw(app.baseUrl, chair, '/api/actions', 'text/csv')).status).toBe(200);
    await post('/api/actions', {
      recommendationId: recommendation.body.id,
      text: 'A3',
      ownerOrganisationId: 'north-school',
      lead: 'L',
      targetOn: '2025-12-31',
    });
    const tooMany = await raw(app.baseUrl, chair, '/api/actions', 'text/csv');
    expect(tooMany.status).toBe(422);
    const problem = JSON.parse(new TextDecoder().decode(tooMany.bytes));
    expect(problem).toMatchObject({ rule: 'export-too-large', rows: 3, maxRows: 2 });
    // Pagination does not narrow an export; the JSON list is paginated and unaffected.
    expect((await raw(app.baseUrl, chair, '/api/actions?pageSize=1', 'text/csv')).status).toBe(422);
    expect((await raw(app.baseUrl, chair, '/api/actions', 'application/json')).status).toBe(200);
  });
});
