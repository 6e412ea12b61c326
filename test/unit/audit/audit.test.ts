import express, { Router } from 'express';
import { describe, expect, it } from 'vitest';
import { allow } from '../../../src/access/policy.js';
import { outcomeOf } from '../../../src/audit/audit.recorder.js';
import { findAuditedRoute, listAuditedRoutes } from '../../../src/audit/audit.route-match.js';
import { audited, auditSpecOf, resolveResourceId, safeResourceId } from '../../../src/audit/audited.js';
import { londonEndOfDay, londonStartOfDay } from '../../../src/calendar/england-day.js';

describe('outcomeOf', () => {
  it.each([
    [200, 'allowed'],
    [201, 'allowed'],
    [304, 'allowed'],
    [401, 'denied'],
    [403, 'denied'],
    [404, 'denied'],
    [429, 'denied'],
    [400, 'failed'],
    [409, 'failed'],
    [412, 'failed'],
    [422, 'failed'],
    [428, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
  ] as const)('%i is %s', (status, outcome) => {
    expect(outcomeOf(status)).toBe(outcome);
  });
});

describe('audited', () => {
  it('names the resource type from the action and carries its spec', () => {
    const middleware = audited('case.read', 'id');
    expect(auditSpecOf(middleware)).toEqual({ action: 'case.read', resourceType: 'case', resourceIdFrom: 'id' });
    expect(auditSpecOf(() => undefined)).toBeUndefined();
  });

  it.each(['case', 'Case.read', 'case.read.more', '.read', 'case.', 'case read', 'case.read$'])('refuses the action %j', (action) => {
    expect(() => audited(action)).toThrow(TypeError);
  });

  it('takes the resource id from a parameter or a function, and stores only safe ids', () => {
    const byParam = auditSpecOf(audited('case.read', 'id'))!;
    const byQuery = auditSpecOf(audited('report.read', ({ query }) => `yearly:${String(query['year'])}`))!;
    expect(resolveResourceId(byParam, { params: { id: 'abc123' }, query: {} })).toBe('abc123');
    expect(resolveResourceId(byParam, { params: {}, query: {} })).toBeNull();
    expect(resolveResourceId(byQuery, { params: {}, query: { year: '2024' } })).toBe('yearly:2024');
    expect(resolveResourceId(auditSpecOf(audited('case.list'))!, { params: { id: 'x' }, query: {} })).toBeNull();
  });

  it.each([
    ['0123456789abcdef0123456789abcdef', true],
    ['yearly:2024', true],
    ['north-police', true],
    ['{"$ne":null}', false],
    ['a b', false],
    ['../etc', false],
    ['x'.repeat(101), false],
    ['', false],
  ])('safeResourceId(%j) keeps it: %s', (value, kept) => {
    expect(safeResourceId(value)).toBe(kept ? value : null);
  });

  it('is not a safe id when it is not a string', () => {
    expect(safeResourceId(['a'])).toBeNull();
    expect(safeResourceId({ $ne: 1 })).toBeNull();
  });
});

describe('findAuditedRoute', () => {
  const handler = (_request: unknown, response: { end(): void }) => response.end();
  const cases = Router();
  cases.get('/cases', audited('case.list'), allow('chair'), handler);
  cases.get('/cases/:id', audited('case.read', 'id'), allow('chair'), handler);
  cases.post('/cases/:id/events', audited('case.event', 'id'), allow('chair'), handler);
  cases.get('/cases/:id/open', allow('chair'), handler);
  const authenticated = Router();
  authenticated.use((_request, _response, next) => next());
  authenticated.use(cases);
  const app = express();
  app.use('/health', Router().get('/', handler));
  app.use('/api', authenticated);

  it('finds the route Express would run, with its parameters and full pattern', () => {
    expect(findAuditedRoute(app, 'GET', '/api/cases/abc')).toMatchObject({
      spec: { action: 'case.read' },
      params: { id: 'abc' },
      pattern: '/api/cases/:id',
    });
    expect(findAuditedRoute(app, 'HEAD', '/api/cases/abc')?.spec.action).toBe('case.read');
    expect(findAuditedRoute(app, 'POST', '/api/cases/abc/events')?.params).toEqual({ id: 'abc' });
    expect(findAuditedRoute(app, 'GET', '/api/cases')?.pattern).toBe('/api/cases');
    expect(findAuditedRoute(app, 'GET', '/api/cases/')?.spec.action).toBe('case.list');
  });

  it('finds nothing for unknown paths, other methods or routes that are not audited', () => {
    expect(findAuditedRoute(app, 'GET', '/api/nothing')).toBeUndefined();
    expect(findAuditedRoute(app, 'DELETE', '/api/cases/abc')).toBeUndefined();
    expect(findAuditedRoute(app, 'GET', '/api/cases/abc/open')).toBeUndefined();
    expect(findAuditedRoute(app, 'GET', '/health')).toBeUndefined();
    expect(findAuditedRoute(app, 'GET', '/api/cases/%E0%A4%A')).toBeUndefined();
  });

  it('lists every route with the action it records', () => {
    expect(listAuditedRoutes(app)).toEqual([
      { method: 'GET', path: '/health', action: undefined },
      { method: 'GET', path: '/api/cases', action: 'case.list' },
      { method: 'GET', path: '/api/cases/:id', action: 'case.read' },
      { method: 'POST', path: '/api/cases/:id/events', action: 'case.event' },
      { method: 'GET', path: '/api/cases/:id/open', action: undefined },
    ]);
  });
});

describe('London days', () => {
  it.each([
    ['2024-01-15', '2024-01-15T00:00:00.000Z'],
    ['2024-07-01', '2024-06-30T23:00:00.000Z'],
    // Clocks go forward at 01:00 UTC on 31 March 2024: midnight is still GMT.
    ['2024-03-31', '2024-03-31T00:00:00.000Z'],
    ['2024-04-01', '2024-03-31T23:00:00.000Z'],
    // Clocks go back at 01:00 UTC on 27 October 2024: midnight is still BST.
    ['2024-10-27', '2024-10-26T23:00:00.000Z'],
    ['2024-10-28', '2024-10-28T00:00:00.000Z'],
  ])('%s begins at %s', (date, instant) => {
    expect(londonStartOfDay(date).toISOString()).toBe(instant);
  });

  it('ends where the next day begins', () => {
    expect(londonEndOfDay('2025-03-31').toISOString()).toBe('2025-03-31T23:00:00.000Z');
    expect(londonEndOfDay('2025-03-29').toISOString()).toBe('2025-03-30T00:00:00.000Z');
  });
});
