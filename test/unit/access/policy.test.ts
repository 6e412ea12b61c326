import express, { type Request, type RequestHandler, type Response, Router } from 'express';
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import { allow, listRoutePolicies, POLICY, policyOf, publicRoute, sameOrganisation, tenantFilter } from '../../../src/access/policy.js';
import { ROLES, type Role } from '../../../src/access/roles.js';
import { ForbiddenError, UnauthenticatedError } from '../../../src/errors/app-errors.js';

function run(middleware: RequestHandler, principal?: Principal): unknown {
  let passed: unknown = 'not called';
  const request = { principal } as unknown as Request;
  middleware(request, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

const as = (role: Role, extra: Partial<Principal> = {}): Principal => ({ userId: `u-${role}`, role, partnershipId: 'demo', ...extra });

describe('allow()', () => {
  it('lets each listed role through and refuses every other role with 403', () => {
    const middleware = allow('chair', 'business-unit');
    for (const role of ROLES) {
      const result = run(middleware, as(role));
      if (role === 'chair' || role === 'business-unit') expect(result).toBeUndefined();
      else expect(result).toBeInstanceOf(ForbiddenError);
    }
  });

  it('fails closed with 401 when no principal was set (authenticate missing)', () => {
    expect(run(allow(...ROLES))).toBeInstanceOf(UnauthenticatedError);
  });

  it('does not say which roles would be allowed', () => {
    const error = run(allow('admin'), as('viewer')) as ForbiddenError;
    expect(error.message).not.toMatch(/admin/);
  });

  it('carries its roles under the POLICY symbol, frozen', () => {
    const middleware = allow('chair', 'chair', 'admin');
    expect(middleware[POLICY]).toEqual({ kind: 'roles', roles: ['chair', 'admin'] });
    expect(Object.isFrozen(middleware[POLICY])).toBe(true);
    expect(policyOf(middleware)).toBe(middleware[POLICY]);
    expect(policyOf(() => undefined)).toBeUndefined();
  });

  it('refuses to be built with no roles or an unknown one', () => {
    expect(() => allow()).toThrow(TypeError);
    expect(() => allow('root' as Role)).toThrow(/unknown role/);
  });
});

describe('publicRoute()', () => {
  it('passes everyone, authenticated or not, and is tagged public', () => {
    expect(run(publicRoute())).toBeUndefined();
    expect(run(publicRoute(), as('viewer'))).toBeUndefined();
    expect(policyOf(publicRoute())).toEqual({ kind: 'public' });
  });
});

describe('object-level helpers', () => {
  it('tenantFilter scopes to the principal partnership only', () => {
    expect(tenantFilter(as('chair', { partnershipId: 'north' }))).toEqual({ partnershipId: 'north' });
  });

  it.each([
    [{ organisationId: 'demo-police' }, 'demo-police', true],
    [{ organisationId: 'demo-police' }, 'demo-health', false],
    [{}, 'demo-police', false],
    [{}, undefined, false],
    [{ organisationId: 'demo-police' }, undefined, false],
    [{ organisationId: 'demo-police' }, null, false],
  ])('sameOrganisation(%o, %s) is %s', (extra, organisationId, expected) => {
    expect(sameOrganisation(as('agency', extra), organisationId)).toBe(expected);
  });
});

describe('listRoutePolicies', () => {
  const handler: RequestHandler = (_request, response) => {
    response.end();
  };

  function buildApp() {
    const app = express();
    app.use((_request, _response, next) => next());
    app.get('/health', publicRoute(), handler);
    app.get('/untagged', handler);

    const admin = Router();
    admin.use(allow('admin'));
    admin.get('/verify/:id', handler);
    admin.post('/narrowed', allow('admin', 'chair'), handler);

    const api = Router();
    api.get('/cases', allow('chair', 'business-unit'), handler);
    api
      .route('/cases/:id')
      .get(allow(...ROLES), handler)
      .post(allow('chair'), handler);
    api.use('/admin', admin);
    api.all('/anything', handler);
    api.get('/later', handler);

    app.use('/api/reports', allow('viewer', 'chair'));
    const reports = Router();
    reports.get('/reports/annual', allow('chair', 'admin'), handler);
    reports.get('/reports/summary', handler);
    app.use('/api', reports);
    app.use('/api', express.json(), api);
    app.use('/api/late', allow('viewer')); // mounted after every route: guards none of them
    return app;
  }

  it('lists every route with its effective policy, or undefined', () => {
    const listed = listRoutePolicies(buildApp());
    expect(listed).toEqual([
      { method: 'GET', path: '/health', policy: { kind: 'public' } },
      { method: 'GET', path: '/untagged', policy: undefined },
      { method: 'GET', path: '/api/reports/annual', policy: { kind: 'roles', roles: ['chair'] } },
      { method: 'GET', path: '/api/reports/summary', policy: { kind: 'roles', roles: ['viewer', 'chair'] } },
      { method: 'GET', path: '/api/cases', policy: { kind: 'roles', roles: ['chair', 'business-unit'] } },
      { method: 'GET', path: '/api/cases/:id', policy: { kind: 'roles', roles: [...ROLES] } },
      { method: 'POST', path: '/api/cases/:id', policy: { kind: 'roles', roles: ['chair'] } },
      { method: 'GET', path: '/api/admin/verify/:id', policy: { kind: 'roles', roles: ['admin'] } },
      { method: 'POST', path: '/api/admin/narrowed', policy: { kind: 'roles', roles: ['admin'] } },
      { method: 'ALL', path: '/api/anything', policy: undefined },
      { method: 'GET', path: '/api/later', policy: undefined },
    ]);
  });

  it('applies a prefix policy only under its prefix', () => {
    const app = express();
    app.use('/api/reports', allow('viewer'));
    const router = Router();
    router.get('/reports/annual', handler);
    router.get('/reportsx', handler);
    app.use('/api', router);
    expect(listRoutePolicies(app).map((entry) => [entry.path, entry.policy?.kind])).toEqual([
      ['/api/reports/annual', 'roles'],
      ['/api/reportsx', undefined],
    ]);
  });

  it('lists a mounted sub-application so an audit cannot miss it', () => {
    const app = express();
    app.use('/legacy', express());
    expect(listRoutePolicies(app)).toEqual([{ method: 'APP', path: '/legacy', policy: undefined }]);
  });

  it('walks a bare router too', () => {
    const router = Router();
    router.delete('/x/:id', allow('admin'), handler);
    expect(listRoutePolicies(router)).toEqual([{ method: 'DELETE', path: '/x/:id', policy: { kind: 'roles', roles: ['admin'] } }]);
  });
});
