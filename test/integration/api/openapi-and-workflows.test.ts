import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

let api: ApiTestContext;
beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename);
});
afterAll(() => api?.close());

describe('GET /api/openapi.json and /api/docs', () => {
  it('serves an OpenAPI 3.1 document with the case operations and their schemas', async () => {
    const response = await api.call('GET', '/api/openapi.json');
    expect(response.status).toBe(200);
    const document = response.body;
    expect(document.openapi).toBe('3.1.0');
    const events = document.paths['/api/cases/{id}/events'].post;
    expect(events.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['id', 'If-Match', 'Idempotency-Key']));
    expect(Object.keys(events.responses)).toEqual(expect.arrayContaining(['200', '409', '412', '428']));
    // The request body schema is the same discriminated union the route parses with.
    const types = JSON.stringify(events.requestBody.content['application/json'].schema);
    expect(types).toContain('rapid-review.signed-off');
    expect(types).not.toContain('openActions');
    expect(document.paths['/api/clocks'].get.security).toEqual([]);
  });

  it('serves a readable docs page without scripts or remote assets', async () => {
    const response = await fetch(`${api.baseUrl}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('<h1>Safeguarding review engine API</h1>');
    expect(html).toContain('POST /api/cases/{id}/events');
    expect(html).not.toMatch(/<script|https?:\/\/(?!safeguarding-review-engine\.local)[a-z]/i);
  });
});

describe('GET /api/workflows', () => {
  it('lists the lifecycle machine and its versions', async () => {
    const response = await api.call('GET', '/api/workflows');
    expect(response.status).toBe(200);
    expect(response.body.items).toEqual([
      { id: 'case-lifecycle', currentVersion: 4, versions: [1, 2, 3, 4], href: '/api/workflows/case-lifecycle' },
    ]);
  });

  it('gives a machine as Stately JSON and a Mermaid state diagram', async () => {
    const response = await api.call('GET', '/api/workflows/case-lifecycle');
    expect(response.status).toBe(200);
    expect(response.body.mermaid.startsWith('stateDiagram-v2')).toBe(true);
    expect(response.body.mermaid).toContain('rapidReview');
    expect(response.body.stately.id).toBe('case-lifecycle');
    const v1 = await api.call('GET', '/api/workflows/case-lifecycle?version=1');
    expect(v1.body.version).toBe(1);
  });

  it('404 for an unknown machine or version; 400 for a malformed one', async () => {
    expect((await api.call('GET', '/api/workflows/other-thing')).status).toBe(404);
    expect((await api.call('GET', '/api/workflows/case-lifecycle?version=9')).status).toBe(404);
    expect((await api.call('GET', '/api/workflows/case-lifecycle?version=two')).status).toBe(400);
  });
});

describe('the route inventory', () => {
  it('every route carries a policy, and every /api route is in the OpenAPI document', async () => {
    const { listRoutePolicies } = await import('../../../src/access/policy.js');
    const routes = listRoutePolicies(api.app);
    const untagged = routes.filter((route) => route.policy === undefined).map((route) => `${route.method} ${route.path}`);
    expect(untagged).toEqual([]);
    const document = (await api.call('GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    const apiRoutes = routes.filter((route) => route.path.startsWith('/api/'));
    const missing = apiRoutes
      .map((route) => `${route.method} ${route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .filter((route) => !documented.has(route));
    expect(missing).toEqual([]);
    console.log(`${routes.length} routes: 100 % policy-tagged; ${apiRoutes.length} API routes, all in the OpenAPI document`);
  });
});
