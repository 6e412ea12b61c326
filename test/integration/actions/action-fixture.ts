import { expect } from 'vitest';
import type { ApiTestContext } from '../../support/api-fixture.js';

/** Small helpers for the learning-actions integration tests (real HTTP, real database). */

export async function openCase(
  api: ApiTestContext,
  as = 'north-business-unit',
  route = 'national-review',
): Promise<{ id: string; reference: string; version: number }> {
  const response = await api.call('POST', '/api/cases', {
    as,
    body: {
      route,
      incidentOn: '2025-02-20',
      laAwareOn: '2025-02-24',
      children: [{ ageBand: '5-9', sex: 'not-recorded', legalStatus: [] }],
      laArea: 'Synthetic Area',
    },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { id: response.body.id, reference: response.body.reference, version: response.body.version };
}

export async function createRecommendation(api: ApiTestContext, body: Record<string, unknown>, as = 'north-business-unit') {
  const response = await api.call('POST', '/api/recommendations', { as, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; reference: string; version: number };
}

export async function createAction(api: ApiTestContext, body: Record<string, unknown>, as = 'north-business-unit') {
  const response = await api.call('POST', '/api/actions', { as, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; reference: string; version: number };
}

/** Sends an action event with the given version as If-Match; returns the response. */
export function sendEvent(
  api: ApiTestContext,
  as: string,
  id: string,
  version: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return api.call('POST', `/api/actions/${id}/events`, { as, body, headers: { 'If-Match': `"${version}"`, ...headers } });
}

export function storedAction(api: ApiTestContext, id: string) {
  return api.database.connection.collection('actions').findOne({ _id: id as never });
}
