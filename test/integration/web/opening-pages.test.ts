import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { type BrowserLike, browserLike, csrfFrom, signIn } from '../../support/web-client.js';

// The question pages of opening a case refuse what they do not offer, with a 4xx page and nothing
// stored: a route the user's organisation may not use, a page the route does not have, another
// user's draft, and a case sent before its answers are whole.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let school: BrowserLike;
let police: BrowserLike;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  school = browserLike(api.baseUrl);
  await signIn(school, 'north/north-agency-school');
  police = browserLike(api.baseUrl);
  await signIn(police, 'north/north-agency-police');
});
afterAll(() => api?.close());

async function post(client: BrowserLike, path: string, fields: Record<string, string>) {
  const token = await csrfFrom(await client.request('/cases/new'));
  return client.form(path, { _csrf: token, ...fields });
}

const drafts = () => api.database.connection.collection('referral_drafts');

describe('the question pages of opening a case', () => {
  it('refuse a route the organisation may not use, and keep nothing', async () => {
    const refused = await post(school, '/cases/new', { route: 'youth-justice-incident' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Select what kind of case it is');
    expect(await drafts().countDocuments()).toBe(0);
  });

  it('answer a page the route does not have, or another user’s draft, as not found', async () => {
    const started = await post(school, '/cases/new', { route: 'referral' });
    expect(started.status).toBe(303);
    const location = started.headers.get('location')!;
    expect(location).toMatch(/^\/cases\/new\/[a-f0-9]{32}\/reason$/);
    const draft = location.split('/')[3]!;
    expect((await school.request(`/cases/new/${draft}/referrer`)).status).toBe(404);
    expect((await school.request(`/cases/new/${draft}/child-2`)).status).toBe(404);
    expect((await school.request(`/cases/new/${draft}/..%2Fadmin`)).status).toBe(404);
    expect((await police.request(`/cases/new/${draft}/reason`)).status).toBe(404);
    expect((await post(police, `/cases/new/${draft}/reason`, { referralReason: 'Not mine (synthetic).' })).status).toBe(404);
    const stored = await drafts().findOne({ _id: draft as never });
    expect(JSON.parse(String(stored?.['values']))).toEqual({ route: 'referral', childCount: '1', referringOrganisationId: 'north-school' });
  });

  it('keep a page’s answers apart from anything else posted, and refuse an incomplete case on the check page with links to its pages', async () => {
    const started = await post(school, '/cases/new', { route: 'referral' });
    const draft = started.headers.get('location')!.split('/')[3]!;
    const saved = await post(school, `/cases/new/${draft}/reason`, {
      referralReason: 'Repeated absences (synthetic).',
      route: 'serious-incident',
      $where: '1',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/cases/new/${draft}/dates`);
    const values = JSON.parse(String((await drafts().findOne({ _id: draft as never }))?.['values']));
    expect(values).toEqual({
      route: 'referral',
      childCount: '1',
      referringOrganisationId: 'north-school',
      referralReason: 'Repeated absences (synthetic).',
    });

    const refused = await post(school, `/cases/new/${draft}/check`, {});
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain(`href="/cases/new/${draft}/dates?from=check#incidentOn-day"`);
    expect(page).toContain('Enter the date of the incident');
    expect(await api.database.connection.collection('cases').countDocuments()).toBe(0);
  });
});
