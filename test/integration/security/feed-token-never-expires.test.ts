import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 11 (issue 14), feed tokens: a calendar feed token never expired, and only its owner could
// revoke it, so a token left in a lost laptop's calendar (or pasted into a shared calendar) read
// deadlines for ever. The attacks: use a token long after it was made; and, as the partnership's
// administrator, try to revoke a token someone else leaked.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { FEED_TOKEN_TTL_DAYS: '30' } });
});
afterAll(() => api?.close());

async function tokenOf(user: string): Promise<{ id: string; token: string; expiresAt: string }> {
  const response = await api.call('POST', '/api/feed-tokens', { as: user, body: { label: 'Calendar' } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const feed = (token: string) => fetch(`${api.baseUrl}/api/deadlines.ics?token=${encodeURIComponent(token)}`);

describe('calendar feed tokens', () => {
  it('expire FEED_TOKEN_TTL_DAYS after they were made', async () => {
    clock.set('2025-03-04T10:00:00Z');
    const made = await tokenOf('north-business-unit');
    expect(made.expiresAt).toBe('2025-04-03T10:00:00.000Z');
    clock.set('2025-04-03T09:59:00Z');
    expect((await feed(made.token)).status).toBe(200);
    clock.set('2025-04-03T10:01:00Z');
    expect((await feed(made.token)).status).toBe(401);
    // An expired token is not listed as active either.
    const listed = await api.call('GET', '/api/feed-tokens', { as: 'north-business-unit' });
    expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(made.id);
  });

  it('can be revoked by the partnership’s administrator, not by another partnership’s or another role', async () => {
    clock.set('2025-05-01T10:00:00Z');
    const leaked = await tokenOf('north-viewer');
    expect((await feed(leaked.token)).status).toBe(200);
    // Others cannot list or revoke it.
    expect((await api.call('GET', '/api/feed-tokens?userId=north-viewer', { as: 'north-chair' })).status).toBe(403);
    expect((await api.call('DELETE', `/api/feed-tokens/${leaked.id}`, { as: 'north-chair' })).status).toBe(404);
    expect((await api.call('DELETE', `/api/feed-tokens/${leaked.id}`, { as: 'south-admin' })).status).toBe(404);
    expect((await feed(leaked.token)).status).toBe(200);
    // The administrator finds it and revokes it.
    const listed = await api.call('GET', '/api/feed-tokens?userId=north-viewer', { as: 'north-admin' });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(leaked.id);
    expect((await api.call('DELETE', `/api/feed-tokens/${leaked.id}`, { as: 'north-admin' })).status).toBe(204);
    expect((await feed(leaked.token)).status).toBe(401);
  });
});
