import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserDisabled } from '../../../src/partnerships/user.repository.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { expectNoChildDetails, openCase } from '../reminders/reminder-support.js';

// Calendar feeds through HTTP. The north case's LA became aware Monday 3 March 2025: open clocks
// SIN (statutory) Mon 10 March, agency returns Mon 17, rapid review meeting Wed 19, partner
// sign-off Fri 21, rapid review Mon 24 (partners-informed is met on the 3rd). A learning action
// owned by the school was due Tuesday 4 March: overdue on the 5th, the day the feeds are read.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let northCase: { id: string; reference: string; version: number };
let southCase: { id: string; reference: string };
let action: { id: string; reference: string };
const tokens: Record<string, { id: string; token: string }> = {};

interface Event {
  [property: string]: string;
}

/** RFC 5545 unfolding, then the VEVENTs as property maps (property name with its parameters). */
function eventsOf(ics: string): Event[] {
  const lines = ics.replace(/\r\n /g, '').split('\r\n');
  const events: Event[] = [];
  let current: Event | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) {
      const colon = line.indexOf(':');
      current[line.slice(0, colon)] = line.slice(colon + 1);
    }
  }
  return events;
}

async function feed(url: string) {
  const response = await fetch(`${api.baseUrl}${url}`);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function newToken(as: string, label?: string) {
  const response = await api.call('POST', '/api/feed-tokens', { as, body: label ? { label } : {} });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; token: string; label: string | null; createdAt: string; feeds: { deadlines: string } };
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  northCase = await openCase(api, 'north-business-unit', '2025-03-03');
  southCase = await openCase(api, 'south-business-unit', '2025-03-03');
  // The police are asked for information: an agency sees a case only once it is involved.
  const requested = await api.call('POST', `/api/cases/${northCase.id}/events`, {
    as: 'north-business-unit',
    body: { type: 'agency-information.requested', agencies: ['north-police'] },
    headers: { 'If-Match': `"${northCase.version}"` },
  });
  expect(requested.status, JSON.stringify(requested.body)).toBe(200);
  const recommendation = await api.call('POST', '/api/recommendations', {
    as: 'north-business-unit',
    body: { source: 'multi-agency-audit', text: 'SYNTHETIC-RECOMMENDATION-TEXT' },
  });
  expect(recommendation.status, JSON.stringify(recommendation.body)).toBe(201);
  const created = await api.call('POST', '/api/actions', {
    as: 'north-business-unit',
    body: {
      recommendationId: recommendation.body.id,
      text: 'SYNTHETIC-ACTION-TEXT',
      ownerOrganisationId: 'north-school',
      lead: 'Synthetic lead',
      targetOn: '2025-03-04',
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  action = { id: created.body.id, reference: created.body.reference };
  clock.set('2025-03-05T09:30:00Z');
});

afterAll(() => api?.close());

describe('feed tokens', () => {
  it('POST returns a random token once and stores only its SHA-256', async () => {
    const created = await newToken('north-business-unit', 'Outlook (synthetic)');
    expect(created.token).toMatch(/^sft_[A-Za-z0-9_-]{43}$/);
    expect(created.feeds.deadlines).toBe(`/api/deadlines.ics?token=${created.token}`);
    expect(created.label).toBe('Outlook (synthetic)');
    expect(created.createdAt).toBe('2025-03-05T09:30:00.000Z');
    tokens['north-business-unit'] = created;
    const stored = await api.database.connection.collection('feed_tokens').findOne({ _id: created.id as never });
    expect(stored).toMatchObject({ userId: 'north-business-unit', partnershipId: 'north', revokedAt: null });
    expect(stored!['tokenHash']).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(stored)).not.toContain(created.token);
  });

  it('GET lists my tokens without any secret, and not other users’ tokens', async () => {
    await newToken('north-chair');
    const mine = await api.call('GET', '/api/feed-tokens', { as: 'north-business-unit' });
    expect(mine.status).toBe(200);
    expect(mine.body.items).toEqual([
      {
        id: tokens['north-business-unit']!.id,
        label: 'Outlook (synthetic)',
        createdAt: '2025-03-05T09:30:00.000Z',
        lastUsedAt: null,
        expiresAt: '2025-09-01T09:30:00.000Z',
      },
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('sft_');
  });

  it('refuses a body with unknown keys and calls without a bearer token', async () => {
    expect(
      (await api.call('POST', '/api/feed-tokens', { as: 'north-business-unit', body: { label: 'x', userId: 'north-chair' } })).status,
    ).toBe(400);
    expect((await api.call('POST', '/api/feed-tokens', { body: {} })).status).toBe(401);
    expect((await api.call('GET', '/api/feed-tokens')).status).toBe(401);
  });
});

describe('GET /api/deadlines.ics', () => {
  it('serves the partnership’s open deadlines and overdue actions as all-day events, folded and free of child details', async () => {
    const response = await feed(`/api/deadlines.ics?token=${tokens['north-business-unit']!.token}`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(response.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const line of response.text.slice(0, -2).split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(response.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expectNoChildDetails(response.text);
    expect(response.text).not.toContain('SYNTHETIC-ACTION-TEXT');
    expect(response.text).not.toContain(southCase.reference);

    const events = eventsOf(response.text);
    expect(events.map((event) => [event['DTSTART;VALUE=DATE'], event['SUMMARY']])).toEqual([
      ['20250304', `${action.reference}: Learning action target date (overdue)`],
      ['20250310', `${northCase.reference}: Serious incident notification submitted to the Panel`],
      ['20250317', `${northCase.reference}: Agency information returns in`],
      ['20250319', `${northCase.reference}: Rapid review meeting held`],
      ['20250321', `${northCase.reference}: Rapid review signed off by the three safeguarding partners`],
      ['20250324', `${northCase.reference}: Rapid review sent to the Panel`],
    ]);
    const sin = events[1]!;
    expect(sin['UID']).toBe(`case-${northCase.id}-sin-notification@safeguarding-review-engine`);
    expect(sin['DTEND;VALUE=DATE']).toBe('20250311');
    expect(sin['DTSTAMP']).toMatch(/^\d{8}T\d{6}Z$/);
    // No REMINDER_LINK_BASE_URL in this test: links default to http://HOST:PORT.
    expect(sin['URL']).toBe(`http://127.0.0.1:3000/api/cases/${northCase.id}`);
    expect(sin['DESCRIPTION']).toBe(
      `Case ${northCase.reference}\\nClock: Serious incident notification submitted to the Panel (statutory)\\nDue: 2025-03-10`,
    );
    expect(events[0]!['UID']).toBe(`action-${action.id}@safeguarding-review-engine`);

    // Stable: the same UIDs on the next request, so calendars update events rather than add them.
    const again = eventsOf((await feed(`/api/deadlines.ics?token=${tokens['north-business-unit']!.token}`)).text);
    expect(again.map((event) => event['UID'])).toEqual(events.map((event) => event['UID']));
    const listed = await api.call('GET', '/api/feed-tokens', { as: 'north-business-unit' });
    expect(listed.body.items[0].lastUsedAt).toBe('2025-03-05T09:30:00.000Z');
  });

  it('an agency sees only the agency-returns clock of cases it is involved in, and its own overdue actions', async () => {
    const police = await newToken('north-agency-police');
    const policeEvents = eventsOf((await feed(`/api/deadlines.ics?token=${police.token}`)).text);
    expect(policeEvents.map((event) => event['UID'])).toEqual([`case-${northCase.id}-agency-returns@safeguarding-review-engine`]);
    const school = await newToken('north-agency-school');
    const schoolEvents = eventsOf((await feed(`/api/deadlines.ics?token=${school.token}`)).text);
    expect(schoolEvents.map((event) => event['UID'])).toEqual([`action-${action.id}@safeguarding-review-engine`]);
    tokens['north-agency-school'] = school;
  });

  it('refuses a missing, malformed or unknown token with 401', async () => {
    expect((await feed('/api/deadlines.ics')).status).toBe(401);
    expect((await feed('/api/deadlines.ics?token=not-a-token')).status).toBe(401);
    expect((await feed(`/api/deadlines.ics?token=sft_${'A'.repeat(43)}`)).status).toBe(401);
    const bearer = await fetch(`${api.baseUrl}/api/deadlines.ics`, {
      headers: { Authorization: `Bearer ${await api.token('north-chair')}` },
    });
    expect(bearer.status).toBe(401);
  });
});

describe('GET /api/cases/:id/deadlines.ics', () => {
  it('serves one case’s open deadlines', async () => {
    const response = await feed(`/api/cases/${northCase.id}/deadlines.ics?token=${tokens['north-business-unit']!.token}`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const events = eventsOf(response.text);
    expect(events.map((event) => event['DTSTART;VALUE=DATE'])).toEqual(['20250310', '20250317', '20250319', '20250321', '20250324']);
    expect(response.text).toContain(`X-WR-CALNAME:Deadlines ${northCase.reference}\r\n`);
    expectNoChildDetails(response.text);
  });

  it('a case the user may not see is 404: another partnership’s, or one an agency is not involved in', async () => {
    expect((await feed(`/api/cases/${southCase.id}/deadlines.ics?token=${tokens['north-business-unit']!.token}`)).status).toBe(404);
    expect((await feed(`/api/cases/${northCase.id}/deadlines.ics?token=${tokens['north-agency-school']!.token}`)).status).toBe(404);
    expect((await feed(`/api/cases/${'0'.repeat(32)}/deadlines.ics?token=${tokens['north-business-unit']!.token}`)).status).toBe(404);
    expect((await feed(`/api/cases/${northCase.id}/deadlines.ics?token=sft_${'B'.repeat(43)}`)).status).toBe(401);
  });

  it('each feed request leaves one access-audit row naming the user', async () => {
    const audit = api.database.connection.collection('access_audit');
    const before = await audit.countDocuments({ action: 'case.feed', resourceId: northCase.id });
    expect((await feed(`/api/cases/${northCase.id}/deadlines.ics?token=${tokens['north-business-unit']!.token}`)).status).toBe(200);
    const rows = await audit.find({ action: 'case.feed', resourceId: northCase.id }).sort({ at: 1 }).toArray();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ userId: 'north-business-unit', partnershipId: 'north', outcome: 'allowed', status: 200 });
  });
});

describe('revocation and disabled users', () => {
  it('a revoked token gets 401; revoking is mine only', async () => {
    const token = tokens['north-business-unit']!;
    expect((await api.call('DELETE', `/api/feed-tokens/${token.id}`, { as: 'north-chair' })).status).toBe(404);
    expect((await feed(`/api/deadlines.ics?token=${token.token}`)).status).toBe(200);
    expect((await api.call('DELETE', `/api/feed-tokens/${token.id}`, { as: 'north-business-unit' })).status).toBe(204);
    expect((await api.call('DELETE', `/api/feed-tokens/${token.id}`, { as: 'north-business-unit' })).status).toBe(204);
    expect((await feed(`/api/deadlines.ics?token=${token.token}`)).status).toBe(401);
    expect((await feed(`/api/cases/${northCase.id}/deadlines.ics?token=${token.token}`)).status).toBe(401);
    expect((await api.call('GET', '/api/feed-tokens', { as: 'north-business-unit' })).body.items).toEqual([]);
    expect((await api.call('DELETE', '/api/feed-tokens/not-an-id', { as: 'north-business-unit' })).status).toBe(400);
  });

  it('a disabled user’s feed gets 401, and works again when the user is re-enabled', async () => {
    const viewer = await newToken('north-viewer');
    expect((await feed(`/api/deadlines.ics?token=${viewer.token}`)).status).toBe(200);
    await setUserDisabled(api.database.connection, 'north', 'north-viewer', true);
    expect((await feed(`/api/deadlines.ics?token=${viewer.token}`)).status).toBe(401);
    await setUserDisabled(api.database.connection, 'north', 'north-viewer', false);
    expect((await feed(`/api/deadlines.ics?token=${viewer.token}`)).status).toBe(200);
  });
});
