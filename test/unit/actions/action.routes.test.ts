import { describe, expect, it } from 'vitest';
import { createActionRouter } from '../../../src/actions/action.routes.js';
import type { ActionService } from '../../../src/actions/action.service.js';
import type { RecommendationService } from '../../../src/actions/recommendation.service.js';
import { listRoutePolicies } from '../../../src/access/policy.js';
import { auditSpecOf } from '../../../src/audit/audited.js';

// RELIABILITY row 2: every route carries a policy, and the policies are the ones documented in
// src/actions/action.access.ts. The services are never called here.
const router = createActionRouter({} as RecommendationService, {} as ActionService, () => '2025-03-03');
const READ = ['chair', 'business-unit', 'partner-lead', 'agency', 'viewer', 'admin'];

describe('learning-action routes', () => {
  it('every route has the expected role policy', () => {
    const policies = Object.fromEntries(
      listRoutePolicies(router).map((entry) => [
        `${entry.method} ${entry.path}`,
        entry.policy?.kind === 'roles' ? [...entry.policy.roles].sort() : entry.policy,
      ]),
    );
    expect(policies).toEqual({
      'GET /recommendations': [...READ].sort(),
      'POST /recommendations': ['business-unit', 'chair'],
      'GET /recommendations/:id': [...READ].sort(),
      'GET /actions': [...READ].sort(),
      'POST /actions': ['business-unit', 'chair'],
      'GET /actions/:id': [...READ].sort(),
      'PATCH /actions/:id': ['agency', 'business-unit', 'chair'],
      'POST /actions/:id/events': ['agency', 'business-unit', 'chair'],
      'GET /actions/:id/history': [...READ].sort(),
    });
  });

  it('every route is tagged for the access audit trail, before its policy', () => {
    const layers = (router as unknown as { stack: { route: { path: string; stack: { handle: unknown }[] } }[] }).stack;
    const audits = layers.map((layer) => auditSpecOf(layer.route.stack[0]!.handle)?.action);
    expect(audits).toEqual([
      'recommendation.list',
      'recommendation.create',
      'recommendation.read',
      'action.list',
      'action.create',
      'action.read',
      'action.update',
      'action.event',
      'action.history',
    ]);
  });
});
