import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertPartnership } from '../../../src/partnerships/partnership.repository.js';
import { figureRows, type YearlyFigures } from '../../../src/reports/yearly-report.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

/*
 * A reporting year built by hand through the real API, and every figure of its yearly report
 * checked against numbers worked out by hand (written below as literals).
 *
 * Partnership `north`, reporting year 2024 = 1 April 2024 to 31 March 2025 (the default April start).
 * Bank holidays used: 2024-05-06, 2024-05-27, 2024-08-26, 2024-12-25/26, 2025-01-01, 2025-04-18/21.
 * Clocks (the start day is day 0; due the Nth working day after):
 *
 * | case | route                  | opened (England) | what happens                                                                   |
 * | A    | serious-incident       | Mon 2024-05-13   | SIN due 05-20, sent 05-16 (on time). RR due 06-04 (27 May holiday), sent 05-31 (on time); |
 * |      |                        |                  | Panel agreed, decision local review. LCSPR commissioned 06-17 (due 12-17), published 11-04 |
 * | B    | serious-incident       | Mon 2024-07-01   | referred by north-police. SIN due 07-08, sent 07-10 (late). RR due 07-22, sent 07-24 (late); |
 * |      |                        |                  | decision no local review, Panel agreed                                          |
 * | C    | serious-incident       | Mon 2024-09-02   | SIN due 09-09, sent 09-04; withdrawn 09-12                                      |
 * | D    | serious-incident       | Mon 2024-10-07   | SIN due 10-14, sent 10-09. RR due 10-28, sent 10-24; Panel: national review 11-08 |
 * | E    | serious-incident       | Mon 2024-02-05   | all of SIN, RR (sent 02-22, due 02-26), Panel agreed (03-04) and commissioning (03-11, |
 * |      |                        |                  | due 09-11) last year; publication deferred 2024-08-20; not published by 31 March: overdue |
 * | F    | referral (north-school)| Mon 2024-04-08   | screened local rapid review 04-15; RR due 04-29, sent 04-25; own decision local review; |
 * |      |                        |                  | commissioned 05-01 (due 11-01), published 12-02: a local review (no notification), |
 * |      |                        |                  | counted apart from statutory rapid reviews and LCSPRs                             |
 * | G    | youth-justice (north-yjs) | Mon 2024-06-03 | screened no further action                                                     |
 * | H    | referral (north-charity) | Mon 2024-11-04 | screened alternative learning; learning completed 2025-02-03                    |
 * | I    | referral (north-school)| Mon 2025-01-06   | screened refer elsewhere (domestic homicide review)                              |
 * | J    | referral (north-police)| Mon 2025-02-03   | screened notify 02-05; SIN due 02-10, sent 02-11 (late); rapid review after the year |
 * | K    | looked-after-death     | Mon 2024-12-02   | child death notified 12-03 (not a SIN); screened no further action                |
 * | L    | care-leaver-death      | 2025-03-31 23:30 BST | opened in the last hour of the year                                          |
 * | M    | out-of-area            | 2024-01-15       | learning completed 2024-05-20: supported in both years                           |
 * | N    | out-of-area            | 2024-08-05       | still supporting                                                                 |
 * | O    | out-of-area            | 2023-06-05       | learning completed 2024-02-12: supported last year only (still open, in its action plan) |
 * | P    | national-review        | 2024-09-16       | opened on the national review route                                              |
 * | R    | referral (north-school)| 2024-03-31 23:30 BST | last year's referral (the last hour of 31 March), still being screened      |
 * | Q    | serious-incident       | 2025-04-07       | after the year end (added in the second part)                                    |
 * | S    | serious-incident       | known Mon 2025-03-24 | SIN due 03-31, sent 03-27; both typed in on 2025-05-16 (added last): counts in 2024/25 |
 *
 * Actions (as they stood on 31 March 2025): a1 red; a2 amber, target 2025-01-31 passed (overdue),
 * evidence of impact; a3 green, quarterly from 2024-11-01, noted 2025-01-20 (next due 2025-05-01);
 * a4 complete awaiting the chair's sign-off; a5 complete, evidence, signed off 2025-01-15;
 * a6 signed off 2024-03-28 (last year: not in this year's plan); a7 green, target moved to
 * 2025-03-14 (overdue).
 */
const clock = fixedClock('2023-06-05T10:00:00Z');
let api: ApiTestContext;

interface Tracked {
  id: string;
  reference: string;
  version: number;
}
const cases: Record<string, Tracked> = {};
const actions: Record<string, Tracked> = {};
const recommendations: Record<string, string> = {};

const at = (date: string, time = '10:00:00') => `${date}T${time}Z`;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function open(key: string, when: string, as: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  clock.set(when);
  const laAwareOn = (body['laAwareOn'] as string | undefined) ?? when.slice(0, 10);
  const response = await api.call('POST', '/api/cases', {
    as,
    body: {
      incidentOn: addDays(laAwareOn, -2),
      laAwareOn,
      children: [{ ageBand: '5-9', sex: 'not-recorded', legalStatus: [] }],
      laArea: 'Northshire',
      ...body,
    },
  });
  expect(response.status, `open ${key}: ${JSON.stringify(response.body)}`).toBe(201);
  cases[key] = { id: response.body.id, reference: response.body.reference, version: response.body.version };
  return response.body;
}

async function send(key: string, when: string, as: string, body: Record<string, unknown>): Promise<Record<string, any>> {
  clock.set(when);
  const tracked = cases[key]!;
  const response = await api.call('POST', `/api/cases/${tracked.id}/events`, { as, body, headers: { 'If-Match': `"${tracked.version}"` } });
  expect(response.status, `${key} ${String(body['type'])}: ${JSON.stringify(response.body)}`).toBe(200);
  tracked.version = response.body.case.version;
  return response.body.case;
}

const leads = [
  ['north-lead-la', 'local-authority'],
  ['north-lead-police', 'police'],
  ['north-lead-health', 'health'],
] as const;

/** Meeting, decision, the three sign-offs and submission, each on its day. */
/** The cases opened on the serious-incident route (the others' partners are not told through this service). */
const SERIOUS_INCIDENTS = new Set(['A', 'B', 'C', 'D', 'E', 'Q', 'S']);

async function rapidReview(
  key: string,
  days: { meeting: string; signOff: string; submitted: string },
  localReview: boolean,
  lateReason?: string,
) {
  await send(key, at(days.meeting), 'north-business-unit', { type: 'rapid-review.meeting-held', heldOn: days.meeting });
  await send(key, at(days.meeting, '15:00:00'), 'north-chair', {
    type: 'rapid-review.decided',
    localReview,
    nationalReviewSuggested: false,
    criteriaMet: localReview ? ['improvements-needed'] : [],
    reasons: 'synthetic decision',
  });
  for (const [user, partner] of leads) await send(key, at(days.signOff), user, { type: 'rapid-review.signed-off', partner });
  // Machine version 4 sends a serious incident's rapid review only once the partners were told (here on the meeting day).
  const told =
    SERIOUS_INCIDENTS.has(key) &&
    (await api.call('GET', `/api/cases/${cases[key]!.id}`, { as: 'north-chair' })).body.record.partnersInformed !== null;
  if (SERIOUS_INCIDENTS.has(key) && !told)
    await send(key, at(days.signOff, '16:00:00'), 'north-business-unit', { type: 'partners.informed', informedOn: days.meeting });
  return send(key, at(days.submitted), 'north-business-unit', {
    type: 'rapid-review.submitted',
    submittedOn: days.submitted,
    ...(lateReason ? { lateReason } : {}),
  });
}

/** Commissioning, reviewer, terms of reference. Returns the case view (for the 6-month clock). */
async function commission(key: string, on: string) {
  // The 6-month clock starts on the commissioning day (with reasons, as machine version 4 asks when
  // it starts later than the decision), so the dates in the table above hold.
  const view = await send(key, at(on), 'north-chair', {
    type: 'local-review.commissioned',
    commissionedOn: on,
    clockStartsOn: on,
    clockStartReasons: 'synthetic: the review began when the reviewer was commissioned',
  });
  await send(key, at(addDays(on, 7)), 'north-chair', { type: 'reviewer.appointed', reviewerId: 'north-reviewer' });
  await send(key, at(addDays(on, 14)), 'north-chair', { type: 'terms-of-reference.agreed' });
  return view;
}

/** Draft, quality assurance, the three sign-offs, the publication decision and (for a statutory LCSPR) the notice. */
async function toNotice(key: string, days: { draft: string; signOff: string; decided: string; planned: string; notice: string | null }) {
  await send(key, at(days.draft), 'north-business-unit', { type: 'draft.received' });
  await send(key, at(addDays(days.draft, 7)), 'north-chair', { type: 'draft.quality-assured' });
  for (const [user, partner] of leads) await send(key, at(days.signOff), user, { type: 'local-review.signed-off', partner });
  await send(key, at(days.decided), 'north-chair', { type: 'publication.decided', form: 'full', plannedOn: days.planned });
  if (days.notice !== null) {
    await send(key, at(days.notice), 'north-business-unit', {
      type: 'publication.notice-sent',
      sentOn: days.notice,
      recipients: ['panel', 'secretary-of-state', 'ofsted'],
    });
  }
}

async function publish(key: string, on: string) {
  await send(key, at(on), 'north-business-unit', {
    type: 'report.published',
    publishedOn: on,
    address: `https://scp.example.org/reviews/${key}`,
  });
}

const dueOf = (view: Record<string, any>, clockId: string) =>
  (view['deadlines'] as { clockId: string; dueOn: string; originalDueOn: string }[]).find((deadline) => deadline.clockId === clockId);

async function recommendation(key: string, when: string, body: Record<string, unknown>) {
  clock.set(when);
  const response = await api.call('POST', '/api/recommendations', { as: 'north-business-unit', body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  recommendations[key] = response.body.id;
}

async function action(key: string, when: string, body: Record<string, unknown>) {
  clock.set(when);
  const response = await api.call('POST', '/api/actions', {
    as: 'north-business-unit',
    body: { text: `synthetic action ${key}`, ownerOrganisationId: 'north-school', lead: 'Synthetic lead', ...body },
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  actions[key] = { id: response.body.id, reference: response.body.reference, version: response.body.version };
}

async function actionEvent(key: string, when: string, as: string, body: Record<string, unknown>, method = 'POST', path = '/events') {
  clock.set(when);
  const tracked = actions[key]!;
  const response = await api.call(method, `/api/actions/${tracked.id}${path}`, {
    as,
    body,
    headers: { 'If-Match': `"${tracked.version}"` },
  });
  expect(response.status, `${key} ${JSON.stringify(body)}: ${JSON.stringify(response.body)}`).toBe(200);
  tracked.version = Number(response.headers.get('etag')!.replaceAll('"', ''));
}

async function yearly(year: number, as = 'north-chair', accept?: string) {
  return api.call('GET', `/api/reports/yearly?year=${year}`, { as, ...(accept ? { headers: { Accept: accept } } : {}) });
}

/**
 * Checks every figure of a report: those listed have exactly the value and the cases (or actions)
 * given; every other figure is 0 with no references. `expected` maps a figure to its value and
 * the keys of what it counts, as `[3, 'A B C']`.
 */
function expectFigures(figures: YearlyFigures, expected: Record<string, [number, string]>): number {
  const references = (keys: string) =>
    keys
      .split(' ')
      .filter(Boolean)
      .map((key) => (cases[key] ?? actions[key])!.reference)
      .sort();
  const rows = figureRows(figures);
  const names = new Set(rows.map((row) => row.figure));
  for (const figure of Object.keys(expected)) expect(names.has(figure), `no figure ${figure}`).toBe(true);
  for (const row of rows) {
    const [value, keys] = expected[row.figure] ?? [0, ''];
    expect(row.value, row.figure).toBe(value);
    expect([...row.references].sort(), row.figure).toEqual(references(keys));
  }
  return rows.length;
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  // The south partnership reports calendar years (configurable start month).
  await upsertPartnership(api.database.connection, { ...api.tenants['south']!.partnership, reportingYearStartMonth: 1 });
});
afterAll(() => api?.close());

describe('a reporting year built by hand through the API', () => {
  it('records last year (2023/24): cases O, M, E, R and action a6', async () => {
    await open('O', at('2023-06-05'), 'north-business-unit', {
      route: 'out-of-area',
      leadPartnership: 'Southshire SCP (synthetic)',
      themes: ['neglect'],
    });
    await send('O', at('2024-02-12'), 'north-chair', { type: 'learning.completed' });

    await open('M', at('2024-01-15'), 'north-business-unit', {
      route: 'out-of-area',
      leadPartnership: 'Eastshire SCP (synthetic)',
      themes: ['criminal exploitation'],
    });

    const e = await open('E', at('2024-02-05'), 'north-business-unit', {
      route: 'serious-incident',
      themes: ['parental substance misuse', 'neglect'],
    });
    expect(dueOf(e, 'sin-notification')?.dueOn).toBe('2024-02-12');
    expect(dueOf(e, 'rapid-review')?.dueOn).toBe('2024-02-26');
    await send('E', at('2024-02-07'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-02-07' });
    await rapidReview('E', { meeting: '2024-02-19', signOff: '2024-02-21', submitted: '2024-02-22' }, true);
    await send('E', at('2024-03-04'), 'north-business-unit', { type: 'panel.responded', response: 'agreed', comments: 'agreed' });
    const commissioned = await commission('E', '2024-03-11');
    expect(dueOf(commissioned, 'lcspr-publication')?.originalDueOn).toBe('2024-09-11');

    // 23:30 on 31 March 2024 in England (BST began that morning): still last year.
    await open('R', '2024-03-31T22:30:00Z', 'north-agency-school', { route: 'referral', laAwareOn: '2024-03-31', themes: ['Neglect'] });

    await recommendation('audit', at('2024-03-20'), { source: 'multi-agency-audit', text: 'synthetic audit recommendation' });
    await action('a6', at('2024-03-20'), { recommendationId: recommendations['audit'], targetOn: '2024-06-30', rag: 'green' });
    await actionEvent('a6', at('2024-03-25'), 'north-business-unit', { type: 'action.rag-changed', rag: 'complete' });
    await actionEvent('a6', at('2024-03-28'), 'north-chair', { type: 'action.signed-off' });
  });

  it('records this year (2024/25)', async () => {
    // E: the LCSPR reaches publication, which is deferred; it is not published by the year end.
    await toNotice('E', { draft: '2024-07-15', signOff: '2024-07-29', decided: '2024-07-30', planned: '2024-09-02', notice: '2024-08-01' });
    await send('E', at('2024-08-20'), 'north-chair', {
      type: 'publication.deferred',
      reasons: 'synthetic: criminal trial',
      reviewOn: '2025-06-01',
    });

    // F: a referral screened to a local rapid review (no SIN); its own decision is a local review.
    await open('F', at('2024-04-08'), 'north-agency-school', { route: 'referral', themes: ['parental substance misuse'] });
    const screened = await send('F', at('2024-04-15'), 'north-chair', {
      type: 'referral.screened',
      outcome: 'local-rapid-review',
      reasons: 'near miss',
    });
    expect(dueOf(screened, 'rapid-review')?.dueOn).toBe('2024-04-29');
    await rapidReview('F', { meeting: '2024-04-22', signOff: '2024-04-24', submitted: '2024-04-25' }, true);
    const fCommissioned = await commission('F', '2024-05-01');
    expect(dueOf(fCommissioned, 'lcspr-publication')?.originalDueOn).toBe('2024-11-01');

    // M: the supporting stage ends in this year.
    await send('M', at('2024-05-20'), 'north-chair', { type: 'learning.completed' });

    // A: on time throughout; the Panel agrees the local review; published within 6 months.
    const a = await open('A', at('2024-05-13'), 'north-business-unit', {
      route: 'serious-incident',
      themes: ['neglect', 'domestic abuse'],
    });
    expect(dueOf(a, 'sin-notification')?.dueOn).toBe('2024-05-20');
    expect(dueOf(a, 'rapid-review')?.dueOn).toBe('2024-06-04');
    await send('A', at('2024-05-14'), 'north-business-unit', { type: 'partners.informed', informedOn: '2024-05-14' });
    await send('A', at('2024-05-16'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-05-16' });
    await rapidReview('A', { meeting: '2024-05-28', signOff: '2024-05-30', submitted: '2024-05-31' }, true);
    await send('A', at('2024-06-14'), 'north-business-unit', { type: 'panel.responded', response: 'agreed', comments: 'agreed' });
    const aCommissioned = await commission('A', '2024-06-17');
    expect(dueOf(aCommissioned, 'lcspr-publication')?.originalDueOn).toBe('2024-12-17');

    // G: a youth-justice incident screened as no further action.
    await open('G', at('2024-06-03'), 'north-agency-yjs', { route: 'youth-justice-incident', themes: ['criminal exploitation'] });
    await send('G', at('2024-06-10'), 'north-chair', { type: 'referral.screened', outcome: 'no-further-action', reasons: 'synthetic' });

    // B: late SIN, late rapid review, no local review.
    const b = await open('B', at('2024-07-01'), 'north-business-unit', {
      route: 'serious-incident',
      referringOrganisationId: 'north-police',
      themes: ['neglect'],
    });
    expect(dueOf(b, 'sin-notification')?.dueOn).toBe('2024-07-08');
    expect(dueOf(b, 'rapid-review')?.dueOn).toBe('2024-07-22');
    await send('B', at('2024-07-10'), 'north-business-unit', {
      type: 'sin.submitted',
      submittedOn: '2024-07-10',
      lateReason: 'synthetic delay',
    });
    await rapidReview('B', { meeting: '2024-07-19', signOff: '2024-07-23', submitted: '2024-07-24' }, false, 'synthetic delay');
    await send('B', at('2024-08-05'), 'north-business-unit', { type: 'panel.responded', response: 'agreed', comments: 'agreed' });

    // N: out-of-area, still supporting at the year end.
    await open('N', at('2024-08-05'), 'north-business-unit', { route: 'out-of-area', leadPartnership: 'Westshire SCP (synthetic)' });

    // C: a SIN withdrawn.
    const c = await open('C', at('2024-09-02'), 'north-business-unit', { route: 'serious-incident', themes: [' Domestic   Abuse '] });
    expect(dueOf(c, 'sin-notification')?.dueOn).toBe('2024-09-09');
    await send('C', at('2024-09-04'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-09-04' });
    await send('C', at('2024-09-12'), 'north-chair', { type: 'sin.withdrawn', reasons: 'synthetic: criteria not met' });

    // P: the Panel's national review, joined locally.
    await open('P', at('2024-09-16'), 'north-business-unit', { route: 'national-review' });

    // D: the Panel takes the case nationally.
    const d = await open('D', at('2024-10-07'), 'north-business-unit', { route: 'serious-incident', themes: ['online harm'] });
    expect(dueOf(d, 'rapid-review')?.dueOn).toBe('2024-10-28');
    await send('D', at('2024-10-09'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-10-09' });
    await rapidReview('D', { meeting: '2024-10-21', signOff: '2024-10-23', submitted: '2024-10-24' }, true);
    await send('D', at('2024-11-08'), 'north-business-unit', {
      type: 'panel.responded',
      response: 'national-review',
      comments: 'national review',
    });

    // A and F are published (F after its 6 months).
    await toNotice('A', { draft: '2024-10-01', signOff: '2024-10-15', decided: '2024-10-16', planned: '2024-11-04', notice: '2024-10-17' });
    await publish('A', '2024-11-04');
    // F is a local review (no notification): no notice to the Panel, Secretary of State and Ofsted.
    await toNotice('F', { draft: '2024-10-21', signOff: '2024-11-04', decided: '2024-11-05', planned: '2024-12-02', notice: null });
    await publish('F', '2024-12-02');

    // H: alternative learning.
    await open('H', at('2024-11-04'), 'north-business-unit', { route: 'referral', referringOrganisationId: 'north-charity' });
    await send('H', at('2024-11-11'), 'north-chair', {
      type: 'referral.screened',
      outcome: 'alternative-learning',
      learningType: 'multi-agency-audit',
      reasons: 'synthetic',
    });
    await send('H', at('2025-02-03'), 'north-chair', { type: 'learning.completed' });

    // K: a looked-after child's death, notified (not a SIN), screened as no further action.
    await open('K', at('2024-12-02'), 'north-business-unit', {
      route: 'looked-after-death',
      children: [{ ageBand: '10-15', sex: 'not-recorded', legalStatus: ['looked-after'] }],
    });
    await send('K', at('2024-12-03'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2024-12-03' });
    await send('K', at('2024-12-10'), 'north-chair', {
      type: 'referral.screened',
      outcome: 'no-further-action',
      reasons: 'synthetic',
      abuseOrNeglect: 'not-suspected',
    });

    // I: referred elsewhere.
    await open('I', at('2025-01-06'), 'north-agency-school', { route: 'referral', themes: ['domestic abuse'] });
    await send('I', at('2025-01-13'), 'north-chair', {
      type: 'referral.screened',
      outcome: 'refer-elsewhere',
      process: 'domestic-homicide-review',
      reasons: 'synthetic',
    });

    // J: screened as notify; the SIN is late; the rapid review is not finished by the year end.
    await open('J', at('2025-02-03'), 'north-agency-police', { route: 'referral', themes: ['neglect'] });
    const j = await send('J', at('2025-02-05'), 'north-chair', {
      type: 'referral.screened',
      outcome: 'notify',
      reasons: 'meets the criteria',
    });
    expect(dueOf(j, 'sin-notification')?.dueOn).toBe('2025-02-10');
    await send('J', at('2025-02-11'), 'north-business-unit', {
      type: 'sin.submitted',
      submittedOn: '2025-02-11',
      lateReason: 'synthetic delay',
    });

    // L: a care leaver's death, opened at 23:30 on 31 March 2025 in England.
    await open('L', '2025-03-31T22:30:00Z', 'north-business-unit', {
      route: 'care-leaver-death',
      laAwareOn: '2025-03-31',
      children: [{ ageBand: '18-24', sex: 'not-recorded', legalStatus: ['care-leaver'] }],
    });

    // The action plan.
    await recommendation('fromA', at('2024-11-10'), { source: 'local-review', caseId: cases['A']!.id, text: 'synthetic recommendation' });
    const rec = recommendations['fromA'];
    await action('a1', at('2024-11-10'), { recommendationId: rec, targetOn: '2025-06-30', rag: 'red' });
    await action('a2', at('2024-11-11'), { recommendationId: rec, targetOn: '2025-01-31', rag: 'amber' });
    await actionEvent('a2', at('2025-02-10'), 'north-agency-school', {
      type: 'action.impact-evidenced',
      text: 'synthetic audit shows change',
      evidencedOn: '2025-02-07',
    });
    await action('a3', at('2024-11-12'), {
      recommendationId: rec,
      recurrence: { frequency: 'quarterly', startOn: '2024-11-01' },
      rag: 'green',
    });
    await actionEvent('a3', at('2025-01-20'), 'north-business-unit', { type: 'action.progress-noted', text: 'synthetic quarterly note' });
    await action('a4', at('2024-12-02'), { recommendationId: rec, targetOn: '2025-03-01', rag: 'green' });
    await actionEvent('a4', at('2025-02-20'), 'north-business-unit', { type: 'action.rag-changed', rag: 'complete' });
    await action('a5', at('2024-12-03'), { recommendationId: rec, targetOn: '2025-02-28', rag: 'amber' });
    await actionEvent('a5', at('2025-01-10'), 'north-business-unit', { type: 'action.rag-changed', rag: 'complete' });
    await actionEvent('a5', at('2025-01-12'), 'north-business-unit', {
      type: 'action.impact-evidenced',
      text: 'synthetic evidence',
      evidencedOn: '2025-01-12',
    });
    await actionEvent('a5', at('2025-01-15'), 'north-chair', { type: 'action.signed-off' });
    await action('a7', at('2024-12-04'), { recommendationId: rec, targetOn: '2025-06-30', rag: 'green' });
    await actionEvent('a7', at('2025-01-06'), 'north-business-unit', { targetOn: '2025-03-14', reason: 'brought forward' }, 'PATCH', '');
  });

  // Worked out by hand from the table above.
  const YEAR_2024: Record<string, [number, string]> = {
    'referrals.received': [11, 'A B C D F G H I J K L'],
    'referrals.sin': [4, 'A B C D'],
    'referrals.nonSin': [7, 'F G H I J K L'],
    'referrals.byRoute.serious-incident': [4, 'A B C D'],
    'referrals.byRoute.looked-after-death': [1, 'K'],
    'referrals.byRoute.care-leaver-death': [1, 'L'],
    'referrals.byRoute.referral': [4, 'F H I J'],
    'referrals.byRoute.youth-justice-incident': [1, 'G'],
    'referrals.bySourceKind.not-recorded': [5, 'A C D K L'],
    'referrals.bySourceKind.police': [2, 'B J'],
    'referrals.bySourceKind.school': [2, 'F I'],
    'referrals.bySourceKind.voluntary': [1, 'H'],
    'referrals.bySourceKind.youth-justice': [1, 'G'],
    'referrals.bySourceOrganisation.not-recorded': [5, 'A C D K L'],
    'referrals.bySourceOrganisation.north-police': [2, 'B J'],
    'referrals.bySourceOrganisation.north-school': [2, 'F I'],
    'referrals.bySourceOrganisation.north-charity': [1, 'H'],
    'referrals.bySourceOrganisation.north-yjs': [1, 'G'],
    'sins.notified': [5, 'A B C D J'],
    'sins.withinFiveWorkingDays': [3, 'A C D'],
    'sins.late': [2, 'B J'],
    // Every notification to the Panel: the five SINs and K's looked-after child death (opened Mon
    // 2 December, due Mon 9 December, sent 3 December: on time).
    'notifications.notified': [6, 'A B C D J K'],
    'notifications.withinFiveWorkingDays': [4, 'A C D K'],
    'notifications.late': [2, 'B J'],
    'notifications.byKind.seriousIncident.notified': [5, 'A B C D J'],
    'notifications.byKind.seriousIncident.withinFiveWorkingDays': [3, 'A C D'],
    'notifications.byKind.seriousIncident.late': [2, 'B J'],
    'notifications.byKind.lookedAfterChildDeath.notified': [1, 'K'],
    'notifications.byKind.lookedAfterChildDeath.withinFiveWorkingDays': [1, 'K'],
    // Statutory rapid reviews only: F's local rapid review (no notification) is counted apart.
    'rapidReviews.completed': [3, 'A B D'],
    'rapidReviews.withinFifteenWorkingDays': [2, 'A D'],
    'rapidReviews.late': [1, 'B'],
    'rapidReviews.outcomes.noLocalReview': [1, 'B'],
    'rapidReviews.outcomes.localReview': [1, 'A'],
    'rapidReviews.outcomes.nationalReview': [1, 'D'],
    'rapidReviews.outcomes.withdrawn': [1, 'C'],
    'nonSinOutcomes.notify': [1, 'J'],
    'nonSinOutcomes.local-rapid-review': [1, 'F'],
    'nonSinOutcomes.alternative-learning': [1, 'H'],
    'nonSinOutcomes.refer-elsewhere': [1, 'I'],
    'nonSinOutcomes.no-further-action': [2, 'G K'],
    'lcsprs.commissioned': [1, 'A'],
    'lcsprs.inProgress': [1, 'E'],
    'lcsprs.published': [1, 'A'],
    'lcsprs.deferred': [1, 'E'],
    'lcsprs.overdue': [1, 'E'],
    // F: the partnership's own learning after a near miss, not an LCSPR.
    'localReviews.rapidReviews': [1, 'F'],
    'localReviews.commissioned': [1, 'F'],
    'localReviews.published': [1, 'F'],
    'nationalReviews.total': [2, 'D P'],
    'nationalReviews.selectedByPanel': [1, 'D'],
    'nationalReviews.openedOnRoute': [1, 'P'],
    'outOfArea.supported': [2, 'M N'],
    'outOfArea.opened': [1, 'N'],
    'actions.total': [6, 'a1 a2 a3 a4 a5 a7'],
    'actions.byStatus.open': [4, 'a1 a2 a3 a7'],
    'actions.byStatus.awaitingSignOff': [1, 'a4'],
    'actions.byStatus.complete': [1, 'a5'],
    'actions.byStatus.overdue': [2, 'a2 a7'],
    'actions.withEvidenceOfImpact': [2, 'a2 a5'],
    'actions.withoutEvidenceOfImpact': [4, 'a1 a3 a4 a7'],
    'actions.byRag.red.total': [1, 'a1'],
    'actions.byRag.red.withoutEvidenceOfImpact': [1, 'a1'],
    'actions.byRag.amber.total': [1, 'a2'],
    'actions.byRag.amber.withEvidenceOfImpact': [1, 'a2'],
    'actions.byRag.green.total': [2, 'a3 a7'],
    'actions.byRag.green.withoutEvidenceOfImpact': [2, 'a3 a7'],
    'actions.byRag.complete.total': [2, 'a4 a5'],
    'actions.byRag.complete.withEvidenceOfImpact': [1, 'a5'],
    'actions.byRag.complete.withoutEvidenceOfImpact': [1, 'a4'],
    'themes.neglect': [6, 'A B E J O R'],
    'themes.domestic abuse': [3, 'A C I'],
    'themes.criminal exploitation': [2, 'G M'],
    'themes.parental substance misuse': [2, 'E F'],
    'themes.online harm': [1, 'D'],
  };

  const YEAR_2023: Record<string, [number, string]> = {
    'referrals.received': [2, 'E R'],
    'referrals.sin': [1, 'E'],
    'referrals.nonSin': [1, 'R'],
    'referrals.byRoute.serious-incident': [1, 'E'],
    'referrals.byRoute.referral': [1, 'R'],
    'referrals.bySourceKind.not-recorded': [1, 'E'],
    'referrals.bySourceKind.school': [1, 'R'],
    'referrals.bySourceOrganisation.not-recorded': [1, 'E'],
    'referrals.bySourceOrganisation.north-school': [1, 'R'],
    'sins.notified': [1, 'E'],
    'sins.withinFiveWorkingDays': [1, 'E'],
    'notifications.notified': [1, 'E'],
    'notifications.withinFiveWorkingDays': [1, 'E'],
    'notifications.byKind.seriousIncident.notified': [1, 'E'],
    'notifications.byKind.seriousIncident.withinFiveWorkingDays': [1, 'E'],
    'rapidReviews.completed': [1, 'E'],
    'rapidReviews.withinFifteenWorkingDays': [1, 'E'],
    'rapidReviews.outcomes.localReview': [1, 'E'],
    'lcsprs.commissioned': [1, 'E'],
    'lcsprs.inProgress': [1, 'E'],
    'outOfArea.supported': [2, 'M O'],
    'outOfArea.opened': [2, 'M O'],
    'actions.total': [1, 'a6'],
    'actions.byStatus.complete': [1, 'a6'],
    'actions.withoutEvidenceOfImpact': [1, 'a6'],
    'actions.byRag.complete.total': [1, 'a6'],
    'actions.byRag.complete.withoutEvidenceOfImpact': [1, 'a6'],
    'themes.neglect': [3, 'E O R'],
    'themes.criminal exploitation': [1, 'M'],
    'themes.parental substance misuse': [1, 'E'],
  };

  let first2024: { figures: YearlyFigures } & Record<string, unknown>;

  it('reports every 2024/25 figure as worked out by hand, each with the cases or actions it counts', async () => {
    clock.set('2025-04-04T09:00:00Z');
    const response = await yearly(2024);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    first2024 = response.body;
    expect(response.body).toMatchObject({
      partnershipId: 'north',
      year: 2024,
      period: { from: '2024-04-01', to: '2025-03-31' },
      asOf: '2025-03-31',
      complete: true,
    });
    const checked = expectFigures(response.body.figures, YEAR_2024);
    // A's review lists its recommendation, the six actions under it and their evidence of impact
    // (a2's dated 7 February 2025, a5's 12 January 2025); F is a local review with none yet.
    const reviewOf = (key: string) => response.body.reviews.find((review: { case: { id: string } }) => review.case.id === cases[key]!.id);
    expect(reviewOf('A')).toMatchObject({
      kind: 'statutory',
      publishedOn: '2024-11-04',
      recommendations: [{ text: 'synthetic recommendation' }],
    });
    const reviewActions = reviewOf('A').recommendations[0].actions as {
      reference: string;
      impactEvidence: { evidencedOn: string; text: string }[];
    }[];
    expect(reviewActions.map((a) => a.reference)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a7'].map((key) => actions[key]!.reference));
    expect(reviewActions[1]!.impactEvidence).toEqual([{ evidencedOn: '2025-02-07', text: 'synthetic audit shows change' }]);
    expect(reviewActions[4]!.impactEvidence).toEqual([{ evidencedOn: '2025-01-12', text: 'synthetic evidence' }]);
    expect(reviewOf('F')).toMatchObject({ kind: 'local', recommendations: [] });
    expect(response.body.figures.themes.map((theme: { theme: string }) => theme.theme)).toEqual([
      'neglect',
      'domestic abuse',
      'criminal exploitation',
      'parental substance misuse',
      'online harm',
    ]);
    expect(response.body.figures.referrals.received.cases[0]).toEqual({
      id: expect.stringMatching(/^[a-f0-9]{32}$/),
      reference: expect.stringMatching(/^NTH-20\d\d-\d{4}$/),
    });
    console.log(
      `hand-built year 2024/25: ${checked} figures checked against hand-worked values (${Object.keys(YEAR_2024).length} non-zero)`,
    );
  });

  it('reports last year (2023/24) as worked out by hand', async () => {
    const response = await yearly(2023);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ period: { from: '2023-04-01', to: '2024-03-31' }, asOf: '2024-03-31', complete: true });
    expectFigures(response.body.figures, YEAR_2023);
  });

  it('gives the same CSV: figure, value, references', async () => {
    const response = await yearly(2024, 'north-business-unit', 'text/csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="yearly-report-north-2024.csv"');
    const lines = (response.body as string)
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe('figure,value,references');
    const expected = figureRows(first2024.figures).map((row) => [row.figure, String(row.value), row.references.join(' ')].join(','));
    expect(lines.slice(1)).toEqual(expected);
    const received = lines.find((line) => line.startsWith('referrals.received,'))!;
    expect(received.split(',')[1]).toBe('11');
    expect(received.split(',')[2]!.split(' ').sort()).toEqual(
      'A B C D F G H I J K L'
        .split(' ')
        .map((key) => cases[key]!.reference)
        .sort(),
    );
  });

  it('is for the chair, business unit, partner leads, viewers and admins; not agencies or reviewers', async () => {
    for (const user of ['north-business-unit', 'north-lead-health', 'north-viewer', 'north-admin'])
      expect((await yearly(2024, user)).status, user).toBe(200);
    for (const user of ['north-agency-school', 'north-reviewer']) expect((await yearly(2024, user)).status, user).toBe(403);
    expect((await api.call('GET', '/api/reports/yearly?year=2024')).status).toBe(401);
    expect((await yearly(2024, 'north-chair', 'application/xml')).status).toBe(406);
    expect((await yearly(2026)).status).toBe(422);
    for (const query of ['', '?year=24', '?year=2024&extra=1', '?year[$gt]=2000', '?year=2024&year=2025']) {
      expect((await api.call('GET', `/api/reports/yearly${query}`, { as: 'north-chair' })).status, query).toBe(400);
    }
  });

  it('keeps tenants apart and follows the partnership reporting year start', async () => {
    const south = await yearly(2024, 'south-chair');
    expect(south.status).toBe(200);
    expect(south.body).toMatchObject({ partnershipId: 'south', period: { from: '2024-01-01', to: '2024-12-31' }, asOf: '2024-12-31' });
    expect(figureRows(south.body.figures).every((row) => row.value === 0)).toBe(true);
  });

  it('gives the same 2024/25 figures after new work is recorded once the year has ended', async () => {
    // E is published, J's rapid review is sent, N's support ends, a1 turns green with evidence,
    // a new SIN (Q) and a new action arrive: all after 31 March 2025.
    await send('E', at('2025-04-08'), 'north-chair', { type: 'publication.decided', form: 'full', plannedOn: '2025-04-30' });
    await publish('E', '2025-04-30');
    await rapidReview('J', { meeting: '2025-04-02', signOff: '2025-04-03', submitted: '2025-04-09' }, false);
    await send('N', at('2025-04-14'), 'north-chair', { type: 'learning.completed' });
    await send('L', at('2025-04-02'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2025-04-01' });
    await open('Q', at('2025-04-07'), 'north-business-unit', { route: 'serious-incident', themes: ['neglect'] });
    await send('Q', at('2025-04-08'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2025-04-08' });
    await actionEvent('a1', at('2025-04-10'), 'north-business-unit', { type: 'action.rag-changed', rag: 'green' });
    await actionEvent('a1', at('2025-04-10', '11:00:00'), 'north-business-unit', {
      type: 'action.impact-evidenced',
      text: 'synthetic',
      evidencedOn: '2025-04-10',
    });
    await action('a8', at('2025-04-11'), { recommendationId: recommendations['fromA'], targetOn: '2025-09-30', rag: 'red' });

    clock.set('2025-05-15T09:00:00Z');
    const again = await yearly(2024);
    expect(again.status).toBe(200);
    // Everything new happened after 31 March 2025: the year's figures are unchanged.
    expect(again.body.figures).toEqual(first2024.figures);
    expect(again.body.asRecordedAt).toBe('2025-05-15T09:00:00.000Z');
    expectFigures(again.body.figures, YEAR_2024);

    // The new work shows in the year it was recorded in (2025/26, so far).
    const next = await yearly(2025);
    expect(next.body).toMatchObject({ period: { from: '2025-04-01', to: '2026-03-31' }, asOf: '2025-05-15', complete: false });
    const rows = Object.fromEntries(figureRows(next.body.figures).map((row) => [row.figure, row.value]));
    expect(rows).toMatchObject({
      'referrals.received': 1,
      'sins.notified': 1,
      // Q's SIN and L's care-leaver death, both recorded after 31 March 2025.
      'notifications.notified': 2,
      'notifications.byKind.careLeaverDeath.notified': 1,
      'rapidReviews.completed': 1,
      'rapidReviews.late': 1,
      'lcsprs.published': 1,
      'lcsprs.publishedAfterSixMonths': 1,
      'outOfArea.supported': 1,
      // a1 a2 a3 a4 a7 and the new a8; a5 and a6 were signed off before the year began.
      'actions.total': 6,
    });
  });

  it('counts late paperwork in the year it happened, and reproduces the report as first given from its as-recorded instant', async () => {
    // S: a serious incident known Mon 24 March 2025, its SIN sent Thu 27 March (due Mon 31 March,
    // worked by hand), both typed in only on Fri 16 May 2025, after the reports above.
    await open('S', at('2025-05-16'), 'north-business-unit', { route: 'serious-incident', laAwareOn: '2025-03-24' });
    await send('S', at('2025-05-16', '11:00:00'), 'north-business-unit', { type: 'sin.submitted', submittedOn: '2025-03-27' });
    clock.set('2025-05-16T12:00:00Z');
    const now = await yearly(2024);
    expect(now.status).toBe(200);
    expectFigures(now.body.figures, {
      ...YEAR_2024,
      'referrals.received': [12, 'A B C D F G H I J K L S'],
      'referrals.sin': [5, 'A B C D S'],
      'referrals.byRoute.serious-incident': [5, 'A B C D S'],
      'referrals.bySourceKind.not-recorded': [6, 'A C D K L S'],
      'referrals.bySourceOrganisation.not-recorded': [6, 'A C D K L S'],
      'sins.notified': [6, 'A B C D J S'],
      'sins.withinFiveWorkingDays': [4, 'A C D S'],
      'notifications.notified': [7, 'A B C D J K S'],
      'notifications.withinFiveWorkingDays': [5, 'A C D K S'],
      'notifications.byKind.seriousIncident.notified': [6, 'A B C D J S'],
      'notifications.byKind.seriousIncident.withinFiveWorkingDays': [4, 'A C D S'],
    });
    // Asked as recorded at the instant of the first report, it is that report, exactly.
    const reproduced = await api.call(
      'GET',
      `/api/reports/yearly?year=2024&asRecordedAt=${encodeURIComponent(first2024['asRecordedAt'] as string)}`,
      { as: 'north-chair' },
    );
    expect(reproduced.status).toBe(200);
    expect(reproduced.body).toEqual(first2024);
    // Not a malformed or a future instant: 400 and 422, as problem details.
    const malformed = await api.call('GET', '/api/reports/yearly?year=2024&asRecordedAt=yesterday', { as: 'north-chair' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const future = await api.call('GET', '/api/reports/yearly?year=2024&asRecordedAt=2030-01-01T00:00:00Z', { as: 'north-chair' });
    expect(future.status).toBe(422);
    expect(future.body.rule).toBe('as-recorded-at-in-future');
  });
});
