import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Issue 12: the administration API. Who may call each endpoint, what bad input gets (a 4xx
// problem and nothing changed), that one partnership's changes are invisible in another, and
// what a change does: the change history, the access audit trail, sessions and tokens ended.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;

beforeAll(async () => {
  // DEV_SIGN_IN: the development sign-in page, for the session test (an opt-in on main's security change).
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
});
afterAll(() => api?.close());

const NON_ADMINS = [
  'north-chair',
  'north-business-unit',
  'north-lead-la',
  'north-lead-police',
  'north-lead-health',
  'north-agency-school',
  'north-agency-police',
  'north-agency-yjs',
  'north-reviewer',
  'north-viewer',
];

/** Every administration endpoint, with a request that would succeed for the north admin. */
const ENDPOINTS: { method: string; url: string; body?: unknown }[] = [
  { method: 'GET', url: '/api/partnership' },
  { method: 'PATCH', url: '/api/partnership', body: { name: 'Renamed' } },
  { method: 'GET', url: '/api/partnership/changes' },
  { method: 'GET', url: '/api/organisations' },
  { method: 'POST', url: '/api/organisations', body: { name: 'Harbour Primary (synthetic)', kind: 'school' } },
  { method: 'GET', url: '/api/organisations/north-school' },
  { method: 'PATCH', url: '/api/organisations/north-school', body: { name: 'Renamed School' } },
  { method: 'GET', url: '/api/users' },
  { method: 'POST', url: '/api/users', body: { name: 'New Person', email: 'new.person@north.example.org', role: 'viewer' } },
  { method: 'GET', url: '/api/users/north-viewer' },
  { method: 'PATCH', url: '/api/users/north-viewer', body: { disabled: true } },
];

/** Everything administration can change, as stored (to show a refused request changed nothing). */
async function snapshot() {
  const read = (name: string) => api.database.connection.collection(name).find({}).sort({ _id: 1 }).toArray();
  return {
    partnerships: await read('partnerships'),
    organisations: await read('organisations'),
    users: await read('users'),
    changes: await read('admin_changes'),
  };
}

function expectProblem(response: { status: number; headers: Headers; body: any }, status: number) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, requestId: expect.any(String) });
}

describe('who may call the administration API', () => {
  it('no token: 401 on every endpoint; every other role of the partnership: 403; nothing changes', async () => {
    const before = await snapshot();
    for (const endpoint of ENDPOINTS) {
      expectProblem(await api.call(endpoint.method, endpoint.url, { body: endpoint.body }), 401);
      for (const user of NON_ADMINS) {
        const response = await api.call(endpoint.method, endpoint.url, { as: user, body: endpoint.body });
        expect(response.status, `${user} ${endpoint.method} ${endpoint.url}`).toBe(403);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('the partnership admin may call every endpoint', async () => {
    const statuses = [];
    for (const endpoint of ENDPOINTS)
      statuses.push((await api.call(endpoint.method, endpoint.url, { as: 'north-admin', body: endpoint.body })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 201, 200, 200, 200, 201, 200, 200]);
    // Put back what the run changed, for the tests below.
    expect(
      (
        await api.call('PATCH', '/api/partnership', {
          as: 'north-admin',
          body: { name: 'NTH Safeguarding Children Partnership (synthetic)' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await api.call('PATCH', '/api/organisations/north-school', { as: 'north-admin', body: { name: 'Riverside Academy (synthetic)' } }))
        .status,
    ).toBe(200);
    expect((await api.call('PATCH', '/api/users/north-viewer', { as: 'north-admin', body: { disabled: false } })).status).toBe(200);
  });
});

describe('bad input gets a 4xx problem and changes nothing', () => {
  const cases: [string, string, string, unknown, number, string?][] = [
    ['a bad reference prefix', 'PATCH', '/api/partnership', { referencePrefix: 'x' }, 400, 'body.referencePrefix'],
    [
      'an override of a statutory clock',
      'PATCH',
      '/api/partnership',
      { clockOverrides: { 'sin-notification': { length: 3 } } },
      400,
      'body.clockOverrides.sin-notification',
    ],
    [
      'a guidance clock made longer',
      'PATCH',
      '/api/partnership',
      { clockOverrides: { 'rapid-review': { length: 20 } } },
      400,
      'body.clockOverrides.rapid-review.length',
    ],
    [
      'a local clock far too long',
      'PATCH',
      '/api/partnership',
      { clockOverrides: { 'agency-returns': { length: 5000 } } },
      400,
      'body.clockOverrides.agency-returns.length',
    ],
    [
      'a clock length that is not a whole number',
      'PATCH',
      '/api/partnership',
      { clockOverrides: { 'agency-returns': { length: 2.5 } } },
      400,
      'body.clockOverrides.agency-returns.length',
    ],
    ['a due-soon window past 20 working days', 'PATCH', '/api/partnership', { dueSoonWorkingDays: 21 }, 400, 'body.dueSoonWorkingDays'],
    ['a 13th month', 'PATCH', '/api/partnership', { reportingYearStartMonth: 13 }, 400, 'body.reportingYearStartMonth'],
    ['nothing to change', 'PATCH', '/api/partnership', {}, 400],
    ['another partnership named in the body', 'PATCH', '/api/partnership', { id: 'south', name: 'Taken over' }, 400, 'body'],
    ['another partnership’s reference prefix', 'PATCH', '/api/partnership', { referencePrefix: 'STH' }, 409],
    ['an unknown organisation kind', 'POST', '/api/organisations', { name: 'Ship', kind: 'spaceship' }, 400, 'body.kind'],
    [
      'a school as the police partner',
      'POST',
      '/api/organisations',
      { name: 'School', kind: 'school', partner: 'police' },
      400,
      'body.partner',
    ],
    ['an operator for a name', 'POST', '/api/organisations', { name: { $ne: 1 }, kind: 'school' }, 400, 'body.name'],
    [
      'an organisation id in use (in another partnership)',
      'POST',
      '/api/organisations',
      { id: 'south-police', name: 'Police two', kind: 'police' },
      409,
    ],
    ['an organisation name in use', 'POST', '/api/organisations', { name: 'Riverside Academy (synthetic)', kind: 'school' }, 409],
    [
      'a partnership id in an organisation',
      'POST',
      '/api/organisations',
      { name: 'X', kind: 'school', partnershipId: 'south' },
      400,
      'body',
    ],
    ['a kind that does not fit the partner', 'PATCH', '/api/organisations/north-police', { kind: 'school' }, 400, 'body.partner'],
    [
      'taking the partner from an organisation its partner lead signs for',
      'PATCH',
      '/api/organisations/north-police',
      { partner: null, kind: 'police' },
      422,
    ],
    ['a string for active', 'PATCH', '/api/organisations/north-school', { active: 'no' }, 400, 'body.active'],
    ['an id with a space', 'PATCH', '/api/organisations/north%20school', { name: 'X' }, 400, 'params.id'],
    ['a bad e-mail address', 'POST', '/api/users', { name: 'A', email: 'not-an-address', role: 'chair' }, 400, 'body.email'],
    ['an unknown role', 'POST', '/api/users', { name: 'A', email: 'a@north.example.org', role: 'root' }, 400, 'body.role'],
    [
      'an agency user with no organisation',
      'POST',
      '/api/users',
      { name: 'A', email: 'a@north.example.org', role: 'agency' },
      400,
      'body.organisationId',
    ],
    [
      'an agency user of another partnership’s organisation',
      'POST',
      '/api/users',
      { name: 'A', email: 'a@north.example.org', role: 'agency', organisationId: 'south-school' },
      422,
    ],
    [
      'a partner lead of an organisation that is not that partner',
      'POST',
      '/api/users',
      { name: 'A', email: 'a@north.example.org', role: 'partner-lead', organisationId: 'north-school', partner: 'police' },
      422,
    ],
    ['an e-mail address in use', 'POST', '/api/users', { name: 'A', email: 'Chair@North.example.org', role: 'chair' }, 409],
    [
      'a partnership id in a user',
      'POST',
      '/api/users',
      { name: 'A', email: 'a@north.example.org', role: 'chair', partnershipId: 'south' },
      400,
      'body',
    ],
    [
      'a viewer made an agency user with no organisation',
      'PATCH',
      '/api/users/north-viewer',
      { role: 'agency' },
      400,
      'body.organisationId',
    ],
    ['the admin disabling themselves', 'PATCH', '/api/users/north-admin', { disabled: true }, 422],
    ['the admin giving up their own admin role', 'PATCH', '/api/users/north-admin', { role: 'chair' }, 422],
    ['another user’s e-mail address', 'PATCH', '/api/users/north-viewer', { email: 'chair@north.example.org' }, 409],
    ['created dates', 'PATCH', '/api/users/north-viewer', { createdAt: '2020-01-01T00:00:00Z' }, 400, 'body'],
    ['an unknown list filter', 'GET', '/api/users?bogus=1', undefined, 400, 'query'],
    ['an organisation id with a space', 'GET', '/api/organisations/north%20school', undefined, 400, 'params.id'],
    ['a user id with an operator', 'GET', '/api/users/%24ne', undefined, 400, 'params.id'],
    ['a user id with a space', 'PATCH', '/api/users/north%20viewer', { name: 'X' }, 400, 'params.id'],
    ['an unknown change filter', 'GET', '/api/partnership/changes?resourceType=case', undefined, 400, 'query.resourceType'],
    ['an unknown query on the settings', 'GET', '/api/organisations?includeInactive=maybe', undefined, 400, 'query.includeInactive'],
    ['an operator in a query string', 'GET', '/api/users?role[$ne]=chair', undefined, 400, 'query'],
    ['an unknown kind filter', 'GET', '/api/organisations?kind=spaceship', undefined, 400, 'query.kind'],
    ['a page too large', 'GET', '/api/partnership/changes?pageSize=1000', undefined, 400, 'query.pageSize'],
  ];

  it.each(cases)('%s (%s %s)', async (_label, method, url, body, status, path) => {
    const before = await snapshot();
    const response = await api.call(method, url, { as: 'north-admin', body });
    expectProblem(response, status);
    if (path)
      expect(
        response.body.errors.map((e: { path: string }) => e.path).some((p: string) => p === path || p.startsWith(`${path}.`)),
        JSON.stringify(response.body.errors),
      ).toBe(true);
    expect(JSON.stringify(response.body)).not.toMatch(/stack|E11000|mongo/i);
    expect(await snapshot()).toEqual(before);
  });

  it('a body that is not JSON gets 415 and one over the size limit 413, nothing changed', async () => {
    const before = await snapshot();
    const token = await api.token('north-admin');
    const plain = await fetch(`${api.baseUrl}/api/users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
      body: 'name=x',
    });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const huge = await fetch(`${api.baseUrl}/api/organisations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(200_000), kind: 'school' }),
    });
    expect(huge.status).toBe(413);
    expect(await snapshot()).toEqual(before);
  });
});

describe('one partnership’s administration is invisible in another', () => {
  it('the north admin cannot read or change south’s organisations and users: 404, as if they did not exist', async () => {
    const before = await snapshot();
    for (const [method, url, body] of [
      ['GET', '/api/organisations/south-police', undefined],
      ['PATCH', '/api/organisations/south-police', { name: 'Taken' }],
      ['GET', '/api/users/south-chair', undefined],
      ['PATCH', '/api/users/south-chair', { disabled: true }],
      ['GET', '/api/users/no-such-user', undefined],
    ] as const) {
      expectProblem(await api.call(method, url, { as: 'north-admin', body }), 404);
    }
    expect(await snapshot()).toEqual(before);
    // South's chair still works.
    expect((await api.call('GET', '/api/cases', { as: 'south-chair' })).status).toBe(200);
  });

  it('what north adds and changes, south’s admin never sees', async () => {
    const created = await api.call('POST', '/api/organisations', {
      as: 'north-admin',
      body: { name: 'North Food Bank (synthetic)', kind: 'voluntary' },
    });
    expect(created.status).toBe(201);
    const renamed = await api.call('PATCH', '/api/partnership', { as: 'north-admin', body: { dueSoonWorkingDays: 7 } });
    expect(renamed.status).toBe(200);

    const southOrganisations = await api.call('GET', '/api/organisations?includeInactive=true', { as: 'south-admin' });
    expect(southOrganisations.status).toBe(200);
    expect(southOrganisations.body.items.map((o: { id: string }) => o.id).sort()).toEqual([
      'south-charity',
      'south-childrens-services',
      'south-icb',
      'south-police',
      'south-school',
      'south-yjs',
    ]);
    expectProblem(await api.call('GET', `/api/organisations/${created.body.id}`, { as: 'south-admin' }), 404);
    const southUsers = await api.call('GET', '/api/users?includeDisabled=true', { as: 'south-admin' });
    expect(southUsers.body.items.every((u: { id: string }) => u.id.startsWith('south-'))).toBe(true);
    const southSettings = await api.call('GET', '/api/partnership', { as: 'south-admin' });
    expect(southSettings.body).toMatchObject({
      id: 'south',
      referencePrefix: 'STH',
      dueSoonWorkingDays: 3,
      dueSoonWorkingDaysIsDefault: true,
    });
    const southChanges = await api.call('GET', '/api/partnership/changes', { as: 'south-admin' });
    expect(southChanges.body).toMatchObject({ items: [], total: 0 });
  });
});

describe('what a change does', () => {
  it('an organisation added, renamed and retired: each change in the history and the audit trail', async () => {
    const created = await api.call('POST', '/api/organisations', {
      as: 'north-admin',
      body: { id: 'north-probation', name: 'Probation Service (synthetic)', kind: 'probation' },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/organisations/north-probation');
    expect(created.body).toEqual({
      id: 'north-probation',
      name: 'Probation Service (synthetic)',
      kind: 'probation',
      partner: null,
      active: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const retired = await api.call('PATCH', '/api/organisations/north-probation', {
      as: 'north-admin',
      body: { name: 'Probation (synthetic)', active: false },
    });
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ name: 'Probation (synthetic)', active: false });

    const active = await api.call('GET', '/api/organisations', { as: 'north-admin' });
    expect(active.body.items.map((o: { id: string }) => o.id)).not.toContain('north-probation');
    const all = await api.call('GET', '/api/organisations?includeInactive=true', { as: 'north-admin' });
    expect(all.body.items.map((o: { id: string }) => o.id)).toContain('north-probation');
    // A retired organisation takes no new users.
    expectProblem(
      await api.call('POST', '/api/users', {
        as: 'north-admin',
        body: { name: 'P', email: 'p@north.example.org', role: 'agency', organisationId: 'north-probation' },
      }),
      422,
    );

    const history = await api.call('GET', '/api/partnership/changes?resourceType=organisation&resourceId=north-probation', {
      as: 'north-admin',
    });
    expect(history.status).toBe(200);
    expect(history.body.total).toBe(2);
    expect(history.body.items.map((c: any) => ({ action: c.action, actor: c.actor, changes: c.changes, at: c.at }))).toEqual([
      {
        action: 'updated',
        actor: { kind: 'user', userId: 'north-admin' },
        at: '2025-03-04T10:00:00.000Z',
        changes: [
          { field: 'name', from: 'Probation Service (synthetic)', to: 'Probation (synthetic)' },
          { field: 'active', from: true, to: false },
        ],
      },
      {
        action: 'created',
        actor: { kind: 'user', userId: 'north-admin' },
        at: '2025-03-04T10:00:00.000Z',
        changes: [
          { field: 'name', from: null, to: 'Probation Service (synthetic)' },
          { field: 'kind', from: null, to: 'probation' },
          { field: 'active', from: null, to: true },
        ],
      },
    ]);

    const audit = await api.database.connection
      .collection('access_audit')
      .find({ resourceType: 'organisation', partnershipId: 'north', userId: 'north-admin' })
      .toArray();
    const actions = audit.map((row) => `${row['action']} ${row['resourceId'] ?? '-'} ${row['outcome']}`);
    expect(actions).toEqual(
      expect.arrayContaining(['organisation.create north-probation allowed', 'organisation.update north-probation allowed']),
    );
    // Refusals are on the trail too.
    expect(
      await api.database.connection
        .collection('access_audit')
        .countDocuments({ action: 'user.update', userId: 'north-chair', outcome: 'denied' }),
    ).toBeGreaterThan(0);
  });

  it('a user added with an organisation, then given another role: their old token loses the old role’s powers at once', async () => {
    const created = await api.call('POST', '/api/users', {
      as: 'north-admin',
      body: {
        id: 'north-pc-2',
        name: 'Sam Sergeant',
        email: 'Sam.Sergeant@North.example.org',
        role: 'agency',
        organisationId: 'north-police',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      id: 'north-pc-2',
      email: 'sam.sergeant@north.example.org',
      role: 'agency',
      organisationId: 'north-police',
      partner: null,
      disabled: false,
    });
    expect(Object.keys(created.body).sort()).toEqual([
      'createdAt',
      'disabled',
      'email',
      'id',
      'name',
      'organisationId',
      'partner',
      'role',
      'updatedAt',
    ]);
    const { issueDevToken } = await import('../../../src/access/token-verifier.js');
    const token = await issueDevToken(api.config, { sub: 'north-pc-2', role: 'agency', partnership: 'north', org: 'north-police' });
    // Referring a case is something an agency user may do and a viewer may not.
    const refer = () =>
      fetch(`${api.baseUrl}/api/cases`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          route: 'referral',
          incidentOn: '2025-03-01',
          laAwareOn: '2025-03-03',
          laArea: 'Northshire',
          children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
        }),
      });
    expect((await refer()).status).toBe(201);
    const cases = () => api.database.connection.collection('cases').countDocuments({ partnershipId: 'north' });
    const before = await cases();

    const moved = await api.call('PATCH', '/api/users/north-pc-2', { as: 'north-admin', body: { role: 'viewer', organisationId: null } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ role: 'viewer', organisationId: null });
    // Refused (401 here: the token no longer matches the stored user; 403 where the principal is rebuilt from it).
    expect([401, 403]).toContain((await refer()).status);
    expect(await cases()).toBe(before);
    const history = await api.call('GET', '/api/partnership/changes?resourceType=user&resourceId=north-pc-2', { as: 'north-admin' });
    expect(history.body.items[0].changes).toEqual([
      { field: 'role', from: 'agency', to: 'viewer' },
      { field: 'organisationId', from: 'north-police', to: null },
    ]);
  });

  it('disabling a user ends their web session and their bearer token at once; they are never deleted', async () => {
    const session = await signInOnTheWeb('north', 'north-agency-yjs');
    expect((await session.get('/my-work')).status).toBe(200);
    const token = await api.token('north-agency-yjs');
    expect((await fetch(`${api.baseUrl}/api/cases`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect(await api.database.connection.collection('web_sessions').countDocuments({ userId: 'north-agency-yjs' })).toBe(1);

    const disabled = await api.call('PATCH', '/api/users/north-agency-yjs', { as: 'north-admin', body: { disabled: true } });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);

    expect(await api.database.connection.collection('web_sessions').countDocuments({ userId: 'north-agency-yjs' })).toBe(0);
    const page = await session.get('/my-work');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/sign-in/);
    expect((await fetch(`${api.baseUrl}/api/cases`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);

    // Still there, listed with the disabled users only.
    expect((await api.call('GET', '/api/users/north-agency-yjs', { as: 'north-admin' })).body.disabled).toBe(true);
    const enabled = await api.call('GET', '/api/users', { as: 'north-admin' });
    expect(enabled.body.items.map((u: { id: string }) => u.id)).not.toContain('north-agency-yjs');
    const everyone = await api.call('GET', '/api/users?includeDisabled=true', { as: 'north-admin' });
    expect(everyone.body.items.map((u: { id: string }) => u.id)).toContain('north-agency-yjs');
  });

  it('the partnership’s due-soon window decides what shows as due soon, at once; null goes back to the service default', async () => {
    const opened = await api.call('POST', '/api/cases', {
      as: 'north-business-unit',
      body: {
        route: 'serious-incident',
        incidentOn: '2025-03-01',
        laAwareOn: '2025-03-03',
        laArea: 'Northshire',
        children: [{ ageBand: '1-4', sex: 'female', legalStatus: [] }],
      },
    });
    expect(opened.status).toBe(201);
    // Today is Tuesday 4 March; partners-informed is due Monday 10 March: 4 working days ahead.
    const standing = async () => {
      const view = await api.call('GET', `/api/cases/${opened.body.id}`, { as: 'north-business-unit' });
      return view.body.deadlines.find((d: { clockId: string }) => d.clockId === 'partners-informed');
    };
    const setWindow = async (dueSoonWorkingDays: number | null) => {
      const response = await api.call('PATCH', '/api/partnership', { as: 'north-admin', body: { dueSoonWorkingDays } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };

    await setWindow(5);
    expect(await standing()).toMatchObject({ dueOn: '2025-03-10', status: 'due-soon' });
    expect((await api.call('GET', '/api/deadlines', { as: 'north-business-unit' })).body.within).toBe(5);
    await setWindow(2);
    expect(await standing()).toMatchObject({ status: 'pending' });
    expect(await setWindow(null)).toMatchObject({ dueSoonWorkingDays: 3, dueSoonWorkingDaysIsDefault: true });
    expect(await standing()).toMatchObject({ status: 'pending' });
    expect((await api.call('GET', '/api/deadlines', { as: 'north-business-unit' })).body.within).toBe(3);
    const stored = await api.database.connection.collection('partnerships').findOne({ _id: 'north' as never });
    expect(stored).not.toHaveProperty('dueSoonWorkingDays');
  });

  it('a shorter local clock applies to clocks that start after the change; a running clock keeps its date', async () => {
    const opening = {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      laArea: 'Northshire',
      children: [{ ageBand: '5-9', sex: 'female', legalStatus: [] }],
    };
    const first = await api.call('POST', '/api/cases', { as: 'north-business-unit', body: opening });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const dueOf = (body: any) => body.deadlines.find((d: { clockId: string }) => d.clockId === 'partners-informed')?.dueOn;
    // Monday 3 March 2025 + 5 working days (no bank holidays in between).
    expect(dueOf(first.body)).toBe('2025-03-10');

    const changed = await api.call('PATCH', '/api/partnership', {
      as: 'north-admin',
      body: { clockOverrides: { 'partners-informed': { length: 3 } } },
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body.clockOverrides).toEqual({ 'partners-informed': { length: 3 } });

    const second = await api.call('POST', '/api/cases', { as: 'north-business-unit', body: opening });
    expect(dueOf(second.body)).toBe('2025-03-06');
    expect(dueOf((await api.call('GET', `/api/cases/${first.body.id}`, { as: 'north-business-unit' })).body)).toBe('2025-03-10');

    const history = await api.call('GET', '/api/partnership/changes?resourceType=partnership', { as: 'north-admin' });
    expect(history.body.items[0]).toMatchObject({
      actor: { kind: 'user', userId: 'north-admin' },
      at: '2025-03-04T10:00:00.000Z',
      changes: [{ field: 'clockOverrides', from: {}, to: { 'partners-informed': { length: 3 } } }],
    });
  });
});

/** Signs in through the development sign-in form with a cookie jar of one cookie, as a browser would. */
async function signInOnTheWeb(partnershipId: string, userId: string) {
  let cookie = '';
  const remember = (response: Response) => {
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
  };
  const form = await fetch(`${api.baseUrl}/sign-in/dev`, { redirect: 'manual' });
  remember(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  expect(csrf).toBeTruthy();
  const signedIn = await fetch(`${api.baseUrl}/sign-in/dev`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf!, user: `${partnershipId}/${userId}` }).toString(),
  });
  expect(signedIn.status).toBe(303);
  remember(signedIn);
  return { get: (path: string) => fetch(`${api.baseUrl}${path}`, { redirect: 'manual', headers: { Cookie: cookie } }) };
}
