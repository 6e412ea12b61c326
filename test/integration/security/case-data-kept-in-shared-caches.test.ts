import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 8 (issue 14): API responses carrying case data had no `Cache-Control: no-store`, so a
// browser, a proxy or a shared machine's disk cache could keep a child's case after sign-out. The
// attack is simply to look for the header on every answer that carries case data.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let actionId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
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
  expect(opened.status).toBe(201);
  caseId = opened.body.id;
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-chair',
    body: { source: 'multi-agency-audit', text: 'Strengthen strategy discussions.' },
  });
  const action = await api.call('POST', '/api/actions', {
    as: 'north-chair',
    body: {
      recommendationId: recommendation.body.id,
      text: 'Refresh training.',
      ownerOrganisationId: 'north-police',
      lead: 'Detective inspector',
      targetOn: '2025-06-30',
    },
  });
  expect(action.status).toBe(201);
  actionId = action.body.id;
});
afterAll(() => api?.close());

describe('answers that carry case data', () => {
  it('all say Cache-Control: no-store', async () => {
    const reads = [
      '/api/cases',
      `/api/cases/${caseId}`,
      `/api/cases/${caseId}/history`,
      `/api/cases/${caseId}/verification`,
      '/api/deadlines',
      '/api/recommendations',
      '/api/actions',
      `/api/actions/${actionId}`,
      `/api/actions/${actionId}/history`,
      '/api/reports/yearly?year=2024',
      '/api/audit',
    ];
    for (const url of reads) {
      const response = await api.call('GET', url, {
        as: url.includes('verification') || url.includes('audit') ? 'north-admin' : 'north-chair',
      });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('cache-control'), url).toMatch(/\bno-store\b/);
    }
    const written = await api.call('POST', `/api/cases/${caseId}/events`, {
      as: 'north-business-unit',
      body: { type: 'partners.informed', informedOn: '2025-03-04' },
      headers: { 'If-Match': '"1"' },
    });
    expect(written.status).toBe(200);
    expect(written.headers.get('cache-control')).toMatch(/\bno-store\b/);
    const opened = await api.call('POST', '/api/cases', {
      as: 'north-business-unit',
      body: {
        route: 'serious-incident',
        incidentOn: '2025-03-01',
        laAwareOn: '2025-03-03',
        children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
        laArea: 'Northshire',
      },
    });
    expect(opened.status).toBe(201);
    expect(opened.headers.get('cache-control')).toMatch(/\bno-store\b/);
    // A refusal is not cached either.
    const missing = await api.call('GET', '/api/cases/0123456789abcdef0123456789abcdef', { as: 'north-chair' });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toMatch(/\bno-store\b/);
  });

  it('while the public deadline calculator may still be cached', async () => {
    const response = await api.call('GET', '/api/clocks?awareOn=2025-03-03');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
  });
});
