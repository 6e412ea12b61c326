import { describe, expect, it } from 'vitest';
import { actionOperations } from '../../../src/actions/action.openapi.js';
import { createActionRouter } from '../../../src/actions/action.routes.js';
import type { ActionService } from '../../../src/actions/action.service.js';
import type { RecommendationService } from '../../../src/actions/recommendation.service.js';
import { listRoutePolicies } from '../../../src/access/policy.js';
import { buildOpenApiDocument } from '../../../src/openapi/openapi-document.js';

// The operations list matches the router route for route and role for role, and builds into an
// OpenAPI document (so adding it to src/operations.ts documents every route).
const router = createActionRouter({} as RecommendationService, {} as ActionService, () => '2025-03-03');

describe('actionOperations', () => {
  it('lists exactly the mounted routes with the same roles', () => {
    const routes = listRoutePolicies(router).map((entry) => [
      `${entry.method} ${entry.path}`,
      entry.policy?.kind === 'roles' ? [...entry.policy.roles].sort() : [],
    ]);
    const documented = actionOperations.map((operation) => [
      `${operation.method.toUpperCase()} ${operation.path}`,
      [...(operation.roles ?? [])].sort(),
    ]);
    expect(documented).toEqual(routes);
  });

  it('builds into OpenAPI paths with the write headers and the request schemas', () => {
    const document = buildOpenApiDocument(actionOperations, { version: 'test' }) as { paths: Record<string, Record<string, any>> };
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/actions',
      '/api/actions/{id}',
      '/api/actions/{id}/events',
      '/api/actions/{id}/history',
      '/api/recommendations',
      '/api/recommendations/{id}',
    ]);
    const events = document.paths['/api/actions/{id}/events']!['post'];
    expect(events.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['id', 'If-Match', 'Idempotency-Key']);
    expect(JSON.stringify(events.requestBody)).toContain('action.signed-off');
    const list = document.paths['/api/actions']!['get'];
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(
      expect.arrayContaining([
        'owner',
        'source',
        'priority',
        'rag',
        'status',
        'overdue',
        'impact',
        'caseId',
        'recommendationId',
        'page',
        'pageSize',
      ]),
    );
    expect(Object.keys(document.paths['/api/actions/{id}']!['patch'].responses)).toEqual(
      expect.arrayContaining(['200', '412', '422', '428']),
    );
  });
});
