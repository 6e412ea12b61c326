import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditModel, AuditTrailImmutableError, type AuditEntry } from '../../../src/audit/audit.model.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// RELIABILITY row 21: every sensitive read or export endpoint that exists leaves exactly one row in
// access_audit per access, allowed or denied, and no row holds any of the record's content or the
// request body. The trail cannot be changed through the model.
//
// The case carries distinctive synthetic values (area, summary, theme, reasons) so that any of them
// leaking into a row would be found.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let caseId: string;
let caseVersion: number;
let recommendationId: string;
let actionId: string;

const MARKERS = {
  laArea: 'Quillshire-Audit-Marker-Area',
  residentLaArea: 'Vexford-Audit-Marker-Resident',
  summary: 'AUDIT-MARKER-SUMMARY a synthetic summary',
  theme: 'audit-marker-theme-xq',
  ethnicity: 'Audit-Marker-Ethnicity',
  reasons: 'AUDIT-MARKER-REASONS synthetic withdrawal text',
  childName: 'Zebedee Auditmarker',
  recommendation: 'AUDIT-MARKER-RECOMMENDATION synthetic text',
  action: 'AUDIT-MARKER-ACTION synthetic text',
  lead: 'Audit-Marker-Lead',
};
/** Child data values that must never appear in a row (besides the markers). */
const CHILD_VALUES = ['female', '10-15', 'child-protection-plan', 'looked-after', 'not-known'];
/** The only keys a row may have. */
const ROW_KEYS = [
  '_id',
  'at',
  'requestId',
  'userId',
  'role',
  'organisationId',
  'partnershipId',
  'action',
  'resourceType',
  'resourceId',
  'method',
  'route',
  'outcome',
  'status',
  'completed',
  'ip',
].sort();

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [
        {
          ageBand: '10-15',
          sex: 'female',
          ethnicity: MARKERS.ethnicity,
          disability: 'not-known',
          legalStatus: ['child-protection-plan'],
          name: MARKERS.childName,
        },
      ],
      laArea: MARKERS.laArea,
      residentLaArea: MARKERS.residentLaArea,
      themes: [MARKERS.theme],
      summary: MARKERS.summary,
      agencies: ['north-police'],
    },
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  caseId = opened.body.id;
  caseVersion = opened.body.version;
  clock.set('2025-03-03T10:01:00Z');
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-business-unit',
    body: { source: 'rapid-review', caseId, text: MARKERS.recommendation },
  });
  expect(recommendation.status, JSON.stringify(recommendation.body)).toBe(201);
  recommendationId = recommendation.body.id;
  clock.set('2025-03-03T10:02:00Z');
  const action = await api.call('POST', '/api/actions', {
    as: 'north-business-unit',
    body: { recommendationId, text: MARKERS.action, ownerOrganisationId: 'north-police', lead: MARKERS.lead, targetOn: '2025-09-30' },
  });
  expect(action.status, JSON.stringify(action.body)).toBe(201);
  actionId = action.body.id;
});
afterAll(() => api?.close());

const audit = () => api.database.connection.collection<AuditEntry>('access_audit');
const rows = () => audit().find({}).sort({ at: 1, _id: 1 }).toArray();

interface Access {
  endpoint: string;
  method: string;
  url: () => string;
  as?: string;
  body?: () => unknown;
  headers?: () => Record<string, string>;
  status: number;
  expect: Partial<AuditEntry>;
}

describe('who looked at what: one audit row per access', () => {
  const accesses: Access[] = [
    // GET /api/cases/:id
    {
      endpoint: 'case read',
      method: 'GET',
      url: () => `/api/cases/${caseId}`,
      as: 'north-chair',
      status: 200,
      expect: { action: 'case.read', outcome: 'allowed', userId: 'north-chair', role: 'chair', partnershipId: 'north' },
    },
    {
      endpoint: 'case read',
      method: 'GET',
      url: () => `/api/cases/${caseId}`,
      as: 'north-agency-school',
      status: 404,
      expect: { action: 'case.read', outcome: 'denied', userId: 'north-agency-school', organisationId: 'north-school' },
    },
    {
      endpoint: 'case read',
      method: 'GET',
      url: () => `/api/cases/${caseId}`,
      as: 'south-chair',
      status: 404,
      expect: { action: 'case.read', outcome: 'denied', userId: 'south-chair', partnershipId: 'south' },
    },
    {
      endpoint: 'case read',
      method: 'GET',
      url: () => `/api/cases/${caseId}`,
      status: 401,
      expect: { action: 'case.read', outcome: 'denied', userId: null, partnershipId: null },
    },
    // GET /api/cases
    {
      endpoint: 'case list',
      method: 'GET',
      url: () => '/api/cases?route=serious-incident',
      as: 'north-viewer',
      status: 200,
      expect: { action: 'case.list', outcome: 'allowed', userId: 'north-viewer', resourceId: null },
    },
    {
      endpoint: 'case list',
      method: 'GET',
      url: () => '/api/cases',
      headers: () => ({ Authorization: 'Bearer not.a.token' }),
      status: 401,
      expect: { action: 'case.list', outcome: 'denied', userId: null },
    },
    // GET /api/cases/:id/history
    {
      endpoint: 'case history',
      method: 'GET',
      url: () => `/api/cases/${caseId}/history`,
      as: 'north-lead-police',
      status: 200,
      expect: { action: 'case.history', outcome: 'allowed', role: 'partner-lead' },
    },
    {
      endpoint: 'case history',
      method: 'GET',
      url: () => `/api/cases/${caseId}/history`,
      as: 'north-reviewer',
      status: 404,
      expect: { action: 'case.history', outcome: 'denied' },
    },
    {
      endpoint: 'case history',
      method: 'GET',
      url: () => `/api/cases/${caseId}/history`,
      status: 401,
      expect: { action: 'case.history', outcome: 'denied', userId: null },
    },
    // POST /api/cases/:id/events (a change; the body must not reach the row)
    {
      endpoint: 'case events',
      method: 'POST',
      url: () => `/api/cases/${caseId}/events`,
      as: 'north-viewer',
      body: () => ({ type: 'sin.withdrawn', reasons: MARKERS.reasons }),
      headers: () => ({ 'If-Match': `"${caseVersion}"` }),
      status: 403,
      expect: { action: 'case.event', outcome: 'denied', userId: 'north-viewer' },
    },
    {
      endpoint: 'case events',
      method: 'POST',
      url: () => `/api/cases/${caseId}/events`,
      as: 'north-business-unit',
      body: () => ({ type: 'sin.submitted', submittedOn: '2025-03-03', lateReason: MARKERS.reasons }),
      headers: () => ({ 'If-Match': '"99"' }),
      status: 412,
      expect: { action: 'case.event', outcome: 'failed', userId: 'north-business-unit' },
    },
    {
      endpoint: 'case events',
      method: 'POST',
      url: () => `/api/cases/${caseId}/events`,
      as: 'north-business-unit',
      body: () => ({ type: 'sin.submitted', submittedOn: '2025-03-03' }),
      headers: () => ({ 'If-Match': `"${caseVersion}"` }),
      status: 200,
      expect: { action: 'case.event', outcome: 'allowed', userId: 'north-business-unit' },
    },
    // GET /api/deadlines
    {
      endpoint: 'deadlines',
      method: 'GET',
      url: () => '/api/deadlines',
      as: 'north-business-unit',
      status: 200,
      expect: { action: 'deadlines.read', outcome: 'allowed', resourceId: null },
    },
    {
      endpoint: 'deadlines',
      method: 'GET',
      url: () => '/api/deadlines',
      as: 'north-agency-police',
      status: 403,
      expect: { action: 'deadlines.read', outcome: 'denied' },
    },
    {
      endpoint: 'deadlines',
      method: 'GET',
      url: () => '/api/deadlines',
      status: 401,
      expect: { action: 'deadlines.read', outcome: 'denied', userId: null },
    },
    // GET /api/reports/yearly (JSON and the CSV export)
    {
      endpoint: 'yearly report',
      method: 'GET',
      url: () => '/api/reports/yearly?year=2024',
      as: 'north-chair',
      status: 200,
      expect: { action: 'report.read', outcome: 'allowed', resourceType: 'report', resourceId: 'yearly:2024' },
    },
    {
      endpoint: 'yearly report',
      method: 'GET',
      url: () => '/api/reports/yearly?year=2024',
      as: 'north-viewer',
      headers: () => ({ Accept: 'text/csv' }),
      status: 200,
      expect: { action: 'report.read', outcome: 'allowed', resourceId: 'yearly:2024' },
    },
    {
      endpoint: 'yearly report',
      method: 'GET',
      url: () => '/api/reports/yearly?year=2024',
      as: 'north-agency-school',
      status: 403,
      expect: { action: 'report.read', outcome: 'denied' },
    },
    {
      endpoint: 'yearly report',
      method: 'GET',
      url: () => '/api/reports/yearly?year=2024',
      status: 401,
      expect: { action: 'report.read', outcome: 'denied', userId: null, resourceId: 'yearly:2024' },
    },
    {
      endpoint: 'yearly report',
      method: 'GET',
      url: () => '/api/reports/yearly?year=24',
      as: 'north-chair',
      status: 400,
      expect: { action: 'report.read', outcome: 'failed', resourceId: 'yearly:24' },
    },
    // GET /api/cases/:id/verification (an administrator replays the case's history)
    {
      endpoint: 'case verification',
      method: 'GET',
      url: () => `/api/cases/${caseId}/verification`,
      as: 'north-admin',
      status: 200,
      expect: { action: 'case.verify', outcome: 'allowed' },
    },
    {
      endpoint: 'case verification',
      method: 'GET',
      url: () => `/api/cases/${caseId}/verification`,
      as: 'north-chair',
      status: 403,
      expect: { action: 'case.verify', outcome: 'denied' },
    },
    // Learning actions: recommendations, actions (JSON and the CSV export), an action and its history
    {
      endpoint: 'recommendation list',
      method: 'GET',
      url: () => '/api/recommendations',
      as: 'north-chair',
      status: 200,
      expect: { action: 'recommendation.list', outcome: 'allowed' },
    },
    {
      endpoint: 'recommendation list',
      method: 'GET',
      url: () => '/api/recommendations',
      status: 401,
      expect: { action: 'recommendation.list', outcome: 'denied', userId: null },
    },
    {
      endpoint: 'recommendation read',
      method: 'GET',
      url: () => `/api/recommendations/${recommendationId}`,
      as: 'north-viewer',
      status: 200,
      expect: { action: 'recommendation.read', outcome: 'allowed' },
    },
    {
      endpoint: 'recommendation read',
      method: 'GET',
      url: () => `/api/recommendations/${recommendationId}`,
      as: 'north-reviewer',
      status: 403,
      expect: { action: 'recommendation.read', outcome: 'denied' },
    },
    {
      endpoint: 'action list',
      method: 'GET',
      url: () => '/api/actions',
      as: 'north-viewer',
      status: 200,
      expect: { action: 'action.list', outcome: 'allowed' },
    },
    {
      endpoint: 'action list',
      method: 'GET',
      url: () => '/api/actions',
      as: 'north-business-unit',
      headers: () => ({ Accept: 'text/csv' }),
      status: 200,
      expect: { action: 'action.list', outcome: 'allowed' },
    },
    {
      endpoint: 'action list',
      method: 'GET',
      url: () => '/api/actions',
      as: 'north-reviewer',
      status: 403,
      expect: { action: 'action.list', outcome: 'denied' },
    },
    {
      endpoint: 'action read',
      method: 'GET',
      url: () => `/api/actions/${actionId}`,
      as: 'north-chair',
      status: 200,
      expect: { action: 'action.read', outcome: 'allowed', resourceType: 'action' },
    },
    {
      endpoint: 'action read',
      method: 'GET',
      url: () => `/api/actions/${actionId}`,
      as: 'north-agency-school',
      status: 404,
      expect: { action: 'action.read', outcome: 'denied' },
    },
    {
      endpoint: 'action history',
      method: 'GET',
      url: () => `/api/actions/${actionId}/history`,
      as: 'north-lead-la',
      status: 200,
      expect: { action: 'action.history', outcome: 'allowed' },
    },
    {
      endpoint: 'action history',
      method: 'GET',
      url: () => `/api/actions/${actionId}/history`,
      status: 401,
      expect: { action: 'action.history', outcome: 'denied', userId: null },
    },
    // GET /api/audit (reading the trail is on the trail)
    {
      endpoint: 'audit trail',
      method: 'GET',
      url: () => `/api/audit?caseId=${caseId}`,
      as: 'north-admin',
      status: 200,
      expect: { action: 'audit.read', outcome: 'allowed', resourceType: 'audit' },
    },
    {
      endpoint: 'audit trail',
      method: 'GET',
      url: () => '/api/audit',
      as: 'north-chair',
      status: 403,
      expect: { action: 'audit.read', outcome: 'denied' },
    },
  ];

  it('records exactly one row for each access, allowed and denied, with who, what and the outcome', async () => {
    const perEndpoint = new Map<string, { accesses: number; exactlyOne: number }>();
    for (const [index, access] of accesses.entries()) {
      clock.set(new Date(Date.parse('2025-03-04T09:00:00Z') + index * 60_000));
      const before = await audit().countDocuments();
      const response = await api.call(access.method, access.url(), {
        ...(access.as ? { as: access.as } : {}),
        ...(access.body ? { body: access.body() } : {}),
        ...(access.headers ? { headers: access.headers() } : {}),
      });
      expect(response.status, `${access.endpoint} as ${access.as ?? 'nobody'}: ${JSON.stringify(response.body)}`).toBe(access.status);
      if (access.status === 200 && access.method === 'POST') caseVersion = response.body.case.version;
      // The response is held back until its row is stored: no waiting needed.
      const added = await audit().find({}).sort({ at: -1 }).toArray();
      const after = added.length;
      const row = added.find((candidate) => candidate.requestId === response.headers.get('x-request-id'));
      const tally = perEndpoint.get(access.endpoint) ?? { accesses: 0, exactlyOne: 0 };
      tally.accesses += 1;
      if (after - before === 1 && row) tally.exactlyOne += 1;
      perEndpoint.set(access.endpoint, tally);
      expect(after - before, `${access.endpoint} ${access.status}`).toBe(1);
      expect(row).toMatchObject({ ...access.expect, status: access.status, method: access.method, completed: true });
      expect(row!.at.toISOString()).toBe(clock.now().toISOString());
      for (const id of [caseId, recommendationId, actionId]) if (access.url().includes(id)) expect(row!.resourceId).toBe(id);
    }
    // Nothing arrives late (no second row from a 'close' listener or a retry).
    await new Promise((resolve) => setTimeout(resolve, 200));
    const all = await rows();
    // +3: the writes in beforeAll (case.open, recommendation.create, action.create).
    expect(all).toHaveLength(accesses.length + 3);
    expect(all.slice(0, 3)).toMatchObject([
      { action: 'case.open', outcome: 'allowed', status: 201, resourceType: 'case', resourceId: caseId, route: '/api/cases' },
      { action: 'recommendation.create', outcome: 'allowed', status: 201, resourceId: recommendationId },
      { action: 'action.create', outcome: 'allowed', status: 201, resourceId: actionId },
    ]);

    const endpoints = [...perEndpoint.entries()];
    const perfect = endpoints.filter(([, tally]) => tally.exactlyOne === tally.accesses).length;
    const withPayload = all.filter((entry) => {
      const text = JSON.stringify(entry);
      return (
        [...Object.values(MARKERS), ...CHILD_VALUES].some((marker) => text.includes(marker)) ||
        Object.keys(entry).sort().join() !== ROW_KEYS.join()
      );
    }).length;
    console.log(
      `${endpoints.length} endpoints (${accesses.length} accesses, allowed and denied): ` +
        `${Math.round((100 * perfect) / endpoints.length)} % exactly 1 audit row per access; ${withPayload} rows with payload`,
    );
    expect(perfect).toBe(endpoints.length);
    expect(withPayload).toBe(0);
  });

  it('stores route patterns and ids, never paths with values, query strings or bodies', async () => {
    const all = await rows();
    for (const entry of all) {
      expect(entry.route === null || /^\/api\/[a-z/:-]+$/.test(entry.route), String(entry.route)).toBe(true);
      expect(JSON.stringify(entry)).not.toContain('?');
    }
    expect(all.filter((entry) => entry.action === 'case.read').map((entry) => entry.route)).toEqual(Array(4).fill('/api/cases/:id'));
  });

  it('refuses every update, replace and delete through the model, and leaves the rows as they were', async () => {
    const Audit = auditModel(api.database.connection);
    const before = await rows();
    const first = before[0]!;
    const attempts: [string, () => Promise<unknown>][] = [
      ['updateOne', () => Audit.updateOne({ _id: first._id }, { $set: { outcome: 'allowed' } })],
      ['updateMany', () => Audit.updateMany({}, { $set: { userId: 'someone-else' } })],
      ['replaceOne', () => Audit.replaceOne({ _id: first._id }, { ...first, userId: 'x' })],
      ['findOneAndUpdate', () => Audit.findOneAndUpdate({ _id: first._id }, { $set: { status: 200 } })],
      ['findByIdAndUpdate', () => Audit.findByIdAndUpdate(first._id, { $set: { status: 200 } })],
      ['findOneAndReplace', () => Audit.findOneAndReplace({ _id: first._id }, { ...first, status: 200 })],
      ['findOneAndDelete', () => Audit.findOneAndDelete({ _id: first._id })],
      ['findByIdAndDelete', () => Audit.findByIdAndDelete(first._id)],
      ['deleteOne', () => Audit.deleteOne({ _id: first._id })],
      ['deleteMany', () => Audit.deleteMany({})],
      ['bulkWrite', () => Audit.bulkWrite([{ deleteOne: { filter: { _id: first._id } } }])],
      [
        'document save',
        async () => {
          const document = await Audit.findById(first._id).orFail();
          document.userId = 'tampered';
          return document.save();
        },
      ],
      ['document deleteOne', async () => (await Audit.findById(first._id).orFail()).deleteOne()],
      ['document updateOne', async () => (await Audit.findById(first._id).orFail()).updateOne({ $set: { userId: 'x' } })],
    ];
    let refused = 0;
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toBeInstanceOf(AuditTrailImmutableError);
      refused += 1;
    }
    expect(await rows()).toEqual(before);
    console.log(`${refused} of ${attempts.length} update/replace/delete attempts through the model refused; 0 rows changed`);
  });
});

describe('GET /api/audit', () => {
  it('is for administrators of the partnership, newest first, filtered by case, user and period', async () => {
    clock.set('2025-03-05T12:00:00Z');
    const byCase = await api.call('GET', `/api/audit?caseId=${caseId}&pageSize=200`, { as: 'north-admin' });
    expect(byCase.status).toBe(200);
    const items = byCase.body.items as {
      at: string;
      resourceId: string;
      userId: string | null;
      partnershipId: string | null;
      action: string;
    }[];
    expect(items.every((item) => item.resourceId === caseId)).toBe(true);
    // The anonymous attempts on this case are shown with it; the other partnership's denied read is not.
    expect(
      items
        .filter((item) => item.userId === null)
        .map((item) => item.action)
        .sort(),
    ).toEqual(['case.history', 'case.read']);
    expect(items.some((item) => item.partnershipId === 'south')).toBe(false);
    expect(items.map((item) => item.at)).toEqual([...items.map((item) => item.at)].sort().reverse());
    expect(byCase.body.total).toBe(items.length);

    const byUser = await api.call('GET', '/api/audit?userId=north-chair', { as: 'north-admin' });
    expect(byUser.body.items.map((item: { action: string }) => item.action)).toEqual([
      'audit.read',
      'action.read',
      'recommendation.list',
      'case.verify',
      'report.read',
      'report.read',
      'case.read',
    ]);

    const period = await api.call('GET', '/api/audit?from=2025-03-04T09:00:00Z&to=2025-03-04T09:02:00Z', { as: 'north-admin' });
    expect(period.status, JSON.stringify(period.body)).toBe(200);
    // 09:00 north-chair read, 09:01 agency read (09:02 is south-chair: other partnership, and excluded by `to`).
    expect(period.body.items.map((item: { userId: string }) => item.userId)).toEqual(['north-agency-school', 'north-chair']);

    const day = await api.call('GET', '/api/audit?from=2025-03-03&to=2025-03-03', { as: 'north-admin' });
    expect(day.body.items.map((item: { action: string }) => item.action).sort()).toEqual([
      'action.create',
      'case.open',
      'recommendation.create',
    ]);

    const events = await api.call('GET', '/api/audit?action=case.event', { as: 'north-admin' });
    expect(events.body.items.map((item: { status: number }) => item.status)).toEqual([200, 412, 403]);
    const paged = await api.call('GET', '/api/audit?action=case.event&page=2&pageSize=1', { as: 'north-admin' });
    expect(paged.body).toMatchObject({ total: 3, page: 2, pageSize: 1, items: [events.body.items[1]] });

    const south = await api.call('GET', `/api/audit?caseId=${caseId}`, { as: 'south-admin' });
    expect(south.body.items.map((item: { userId: string }) => item.userId)).toEqual(['south-chair']);

    for (const bad of ['?caseId[$ne]=x', '?unknown=1', '?from=yesterday', '?outcome=maybe', `?caseId=${caseId}'`]) {
      expect((await api.call('GET', `/api/audit${bad}`, { as: 'north-admin' })).status, bad).toBe(400);
    }
  });
});
