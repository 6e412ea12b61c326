import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { type BrowserLike, browserLike, csrfFrom, signIn } from '../../support/web-client.js';

// The notification criteria and the partners' agreement as question pages of a notifying route,
// and the partnership's managed themes on the "What happened" page: each page refuses what is
// incomplete with a GOV.UK error and keeps nothing of it, and the opening carries what was answered.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let officer: BrowserLike;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock, env: { DEV_SIGN_IN: 'true' } });
  const current = await api.call('GET', '/api/partnership', { as: 'north-admin' });
  const set = await api.call('PATCH', '/api/partnership', {
    as: 'north-admin',
    body: { themes: ['neglect', 'domestic abuse'] },
    headers: { 'If-Match': current.headers.get('etag') ?? '' },
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
  officer = browserLike(api.baseUrl);
  await signIn(officer, 'north/north-business-unit');
});
afterAll(() => api?.close());

/** Posts a page's answers as a browser does (a repeated name for each ticked checkbox). */
async function post(path: string, fields: Record<string, string | string[]>) {
  const token = await csrfFrom(await officer.request('/cases/new'));
  const body = new URLSearchParams({ _csrf: token });
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  return officer.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

const drafts = () => api.database.connection.collection('referral_drafts');
const draftValues = async (id: string) => JSON.parse(String((await drafts().findOne({ _id: id as never }))?.['values']));
const cases = () => api.database.connection.collection('cases');

/** Starts a serious incident and answers its dates and area; returns the draft id. */
async function startSeriousIncident(): Promise<string> {
  const started = await post('/cases/new', { route: 'serious-incident' });
  const draft = started.headers.get('location')!.split('/')[3]!;
  const dates = await post(`/cases/new/${draft}/dates`, {
    'incidentOn-day': '1',
    'incidentOn-month': '3',
    'incidentOn-year': '2025',
    'laAwareOn-day': '3',
    'laAwareOn-month': '3',
    'laAwareOn-year': '2025',
  });
  expect(dates.headers.get('location')).toBe(`/cases/new/${draft}/areas`);
  const areas = await post(`/cases/new/${draft}/areas`, { laArea: 'Northshire' });
  expect(areas.headers.get('location')).toBe(`/cases/new/${draft}/criteria`);
  return draft;
}

describe('the notification pages of opening a case', () => {
  it('ask the criteria and the agreement of a serious incident, refuse what is incomplete, and open the case with them', async () => {
    const draft = await startSeriousIncident();
    const criteria = await officer.request(`/cases/new/${draft}/criteria`);
    expect(criteria.status).toBe(200);
    const criteriaPage = await criteria.text();
    expect(criteriaPage).toContain('Does the incident meet the criteria for notifying the Panel?');
    expect(criteriaPage).toContain('Is abuse or neglect known or suspected?');

    const empty = await post(`/cases/new/${draft}/criteria`, {});
    expect(empty.status).toBe(400);
    const emptyPage = await empty.text();
    expect(emptyPage).toContain('Select whether the child died or was seriously harmed');
    expect(emptyPage).toContain('href="#criteria-location"');
    const notSuspected = await post(`/cases/new/${draft}/criteria`, {
      'criteria-harm': 'death',
      'criteria-abuseOrNeglect': 'not-suspected',
      'criteria-location': 'in-area',
    });
    expect(notSuspected.status).toBe(400);
    expect(await notSuspected.text()).toContain('A serious incident is notified only when abuse or neglect is known or suspected');
    expect(await draftValues(draft)).not.toHaveProperty('criteria-harm');
    const met = await post(`/cases/new/${draft}/criteria`, {
      'criteria-harm': 'death',
      'criteria-abuseOrNeglect': 'suspected',
      'criteria-location': 'in-area',
    });
    expect(met.headers.get('location')).toBe(`/cases/new/${draft}/agreement`);

    const half = await post(`/cases/new/${draft}/agreement`, { 'agreement-health': 'no' });
    expect(half.status).toBe(400);
    const halfPage = await half.text();
    expect(halfPage).toContain('Select whether the police agree the incident is notified');
    expect(halfPage).toContain('Enter the date the partners agreed');
    expect(halfPage).toContain('Enter why a partner dissents');
    expect(await draftValues(draft)).not.toHaveProperty('agreement-health');
    const agreed = await post(`/cases/new/${draft}/agreement`, {
      'agreement-local-authority': 'yes',
      'agreement-police': 'yes',
      'agreement-health': 'no',
      'agreementOn-day': '3',
      'agreementOn-month': '3',
      'agreementOn-year': '2025',
      agreementDissent: 'The death appears natural (synthetic).',
    });
    expect(agreed.headers.get('location')).toBe(`/cases/new/${draft}/child-1`);
    await post(`/cases/new/${draft}/child-1`, { 'child-1-ageBand': '1-4', 'child-1-sex': 'female', anotherChild: 'no' });
    await post(`/cases/new/${draft}/agencies`, {});

    // The managed themes: checkboxes, with the free text revealed under "Other".
    const about = await (await officer.request(`/cases/new/${draft}/about`)).text();
    expect(about).toContain('type="checkbox"');
    expect(about).toContain('value="domestic abuse"');
    expect(about).toContain('data-aria-controls="conditional-themes-3"');
    expect(about).toContain('name="otherTheme"');
    const noOther = await post(`/cases/new/${draft}/about`, { themes: ['neglect', 'other'] });
    expect(noOther.status).toBe(400);
    expect(await noOther.text()).toContain('Enter the other theme');
    const themed = await post(`/cases/new/${draft}/about`, { themes: ['neglect', 'other'], otherTheme: 'online gaming' });
    expect(themed.headers.get('location')).toBe(`/cases/new/${draft}/check`);

    const check = await (await officer.request(`/cases/new/${draft}/check`)).text();
    expect(check).toContain('The child died');
    expect(check).toContain('No, dissents');
    expect(check).toContain('neglect, Other: online gaming');
    expect(check).toContain(`href="/cases/new/${draft}/criteria?from=check"`);
    expect(check).toContain(`href="/cases/new/${draft}/agreement?from=check"`);
    expect(check).not.toContain('undefined');

    const opened = await post(`/cases/new/${draft}/check`, { idempotencyKey: 'notification-pages-1' });
    expect(opened.status).toBe(303);
    const id = /^\/cases\/([a-f0-9]{32})\/confirmation$/.exec(opened.headers.get('location') ?? '')?.[1];
    const stored = await cases().findOne({ partnershipId: 'north', route: 'serious-incident' });
    expect(stored?.['caseData']).toMatchObject({ themes: ['neglect', 'other: online gaming'] });
    const view = await api.call('GET', `/api/cases/${id}`, { as: 'north-business-unit' });
    expect(view.body.record).toMatchObject({
      notificationCriteria: { harm: 'death', abuseOrNeglect: 'suspected', location: 'in-area' },
      partnersAgreement: {
        agreedOn: '2025-03-03',
        partners: [
          { partner: 'local-authority', agrees: true },
          { partner: 'police', agrees: true },
          { partner: 'health', agrees: false, reasons: 'The death appears natural (synthetic).' },
        ],
      },
    });
  });

  it('refuse to open a notifying case whose criteria page was passed by, linking back to it', async () => {
    const before = await cases().countDocuments();
    const draft = await startSeriousIncident();
    await post(`/cases/new/${draft}/child-1`, { 'child-1-ageBand': '5-9', 'child-1-sex': 'male', anotherChild: 'no' });
    const refused = await post(`/cases/new/${draft}/check`, { idempotencyKey: 'notification-pages-2' });
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain(`href="/cases/new/${draft}/criteria?from=check#criteria-harm"`);
    expect(page).toContain('Select where the incident happened');
    expect(await cases().countDocuments()).toBe(before);
  });

  it('stop asking the criteria once the route is changed to one that is not notified', async () => {
    const draft = await startSeriousIncident();
    await post(`/cases/new/${draft}/criteria`, {
      'criteria-harm': 'serious-harm',
      'criteria-abuseOrNeglect': 'known',
      'criteria-location': 'in-area',
    });
    const changed = await post(`/cases/new/${draft}/route`, { route: 'out-of-area', from: 'check' });
    expect(changed.status).toBe(303);
    expect((await officer.request(`/cases/new/${draft}/criteria`)).status).toBe(404);
    const check = await (await officer.request(`/cases/new/${draft}/check`)).text();
    expect(check).not.toContain('Does the incident meet the criteria');
  });
});
