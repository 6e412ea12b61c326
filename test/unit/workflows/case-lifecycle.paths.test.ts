/**
 * Every state of the current machine is reached by a shortest path (`@xstate/graph`) from the
 * opening of a case, and its clocks are checked against dates worked out by hand:
 *
 * LA and partners aware Monday 2025-03-03 (day 0):
 *   SIN / partners informed / child death notified  +5 working days  → Mon 2025-03-10
 *   agency returns +10 → Mon 2025-03-17; meeting +12 → Wed 2025-03-19; sign-off +14 → Fri 2025-03-21
 *   rapid review +15 → Mon 2025-03-24
 * Rapid review submitted Fri 2025-03-21: Panel response +10 → Fri 2025-04-04
 * Commissioned Mon 2025-04-14, the clock started that day with reasons: LCSPR +6 months → Tue 2025-10-14
 * Planned publication Mon 2025-10-13: notice 7 working days before → Thu 2025-10-02
 * Published Mon 2025-10-13: kept published +1 year → Tue 2026-10-13
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/calendar/index.js';
import { createCaseMachine } from '../../../workflows/case-lifecycle.machine.js';
import { ROUTES, type Route } from '../../../workflows/statutory-routes.js';
import type { CaseContext } from '../../../workflows/case-context.js';
import { deps, restingStates, shortestPathsByState, type ShortestPath } from './support/scenario.js';

const DUE: Record<string, string> = {
  'sin-notification': '2025-03-10',
  'partners-informed': '2025-03-10',
  'child-death-notification': '2025-03-10',
  'agency-returns': '2025-03-17',
  'rapid-review-meeting': '2025-03-19',
  'partner-sign-off': '2025-03-21',
  'rapid-review': '2025-03-24',
  'panel-response': '2025-04-04',
  'lcspr-publication': '2025-10-14',
  'publication-notice': '2025-10-02',
  'report-kept-published': '2026-10-13',
};

/** Clock id → the date it was met (null: running). */
type Expected = Record<string, string | null>;

const NOTIFIED: Expected = {
  'sin-notification': null,
  'partners-informed': null,
  'rapid-review': null,
  'agency-returns': null,
  'rapid-review-meeting': null,
  'partner-sign-off': null,
};
const SIN_IN: Expected = { ...NOTIFIED, 'sin-notification': '2025-03-07' };
const MET: Expected = { ...SIN_IN, 'rapid-review-meeting': '2025-03-18' };
// Version 4: the partners are told (Wed 5 March) before the rapid review is sent.
const SENT: Expected = {
  ...MET,
  'partners-informed': '2025-03-05',
  'partner-sign-off': '2025-03-20',
  'rapid-review': '2025-03-21',
  'panel-response': null,
};
const ANSWERED: Expected = { ...SENT, 'panel-response': '2025-04-03' };
const LCSPR: Expected = { ...ANSWERED, 'lcspr-publication': null };

/** The serious-incident route: every state it reaches, with the clocks of its shortest path. */
const SERIOUS_INCIDENT: Record<string, Expected> = {
  notification: NOTIFIED,
  'rapidReview.gathering': SIN_IN,
  closed: SIN_IN, // sin.submitted > sin.withdrawn
  'rapidReview.deciding': MET,
  'rapidReview.signingOff': MET,
  panelResponse: SENT,
  'rapidReview.revising': ANSWERED,
  'localReview.commissioning': ANSWERED,
  actionPlan: ANSWERED, // agreed without a local review
  nationalReview: ANSWERED,
  'localReview.appointing': LCSPR,
  'localReview.scoping': LCSPR,
  'localReview.paused': LCSPR,
  'localReview.inProgress': LCSPR,
  'localReview.qualityAssurance': LCSPR,
  'localReview.signingOff': LCSPR,
  'publication.deciding': LCSPR,
  'publication.deferred': LCSPR,
  'publication.noticePending': { ...LCSPR, 'publication-notice': null },
  'publication.awaitingPublication': { ...LCSPR, 'publication-notice': '2025-10-02' },
};

/** States other routes reach first or differently. */
const OTHER_ROUTES: Partial<Record<Route, Record<string, Expected>>> = {
  referral: {
    screening: {},
    alternativeLearning: {},
    closed: {}, // referred elsewhere / no further action
    notification: {
      'sin-notification': null,
      'rapid-review': null,
      'agency-returns': null,
      'rapid-review-meeting': null,
      'partner-sign-off': null,
    },
    'rapidReview.gathering': { 'rapid-review': null, 'agency-returns': null, 'rapid-review-meeting': null, 'partner-sign-off': null },
  },
  'looked-after-death': {
    notification: { 'child-death-notification': null },
    screening: { 'child-death-notification': '2025-03-07' },
  },
  'care-leaver-death': {
    notification: { 'child-death-notification': null },
    screening: { 'child-death-notification': '2025-03-07' },
  },
  'out-of-area': { supporting: {}, actionPlan: {} },
  'national-review': { nationalReview: {}, actionPlan: {} },
};

const machine = createCaseMachine(deps);
const byRoute = new Map<Route, Map<string, ShortestPath>>();

beforeAll(() => {
  for (const route of ROUTES) byRoute.set(route, shortestPathsByState(machine, route));
});

function metTable(clocks: readonly Clock[]): Expected {
  return Object.fromEntries(clocks.map((c) => [c.clockId, c.metOn ?? null]));
}

describe('every state by a shortest path (@xstate/graph)', () => {
  it('reaches every resting state of the machine across the routes', () => {
    const reached = new Set([...byRoute.values()].flatMap((m) => [...m.keys()]));
    const all = restingStates(machine);
    expect(all).toHaveLength(23);
    expect(all.filter((s) => !reached.has(s))).toEqual([]);
    expect([...reached].filter((s) => !all.includes(s))).toEqual([]);
  });

  it('the serious-incident route reaches exactly the expected states', () => {
    expect([...byRoute.get('serious-incident')!.keys()].sort()).toEqual(Object.keys(SERIOUS_INCIDENT).sort());
  });

  it.each(Object.entries(SERIOUS_INCIDENT))('serious incident → %s: clocks and due dates', (state, expected) => {
    const path = byRoute.get('serious-incident')!.get(state)!;
    const ctx = path.snapshot.context as CaseContext;
    expect(metTable(ctx.clocks)).toEqual(expected);
    for (const c of ctx.clocks) {
      expect(c.dueOn, c.clockId).toBe(DUE[c.clockId]);
      expect(c.originalDueOn, c.clockId).toBe(DUE[c.clockId]);
    }
  });

  it('the 6-month clock shows the pause and keeps its date', () => {
    const ctx = byRoute.get('serious-incident')!.get('localReview.paused')!.snapshot.context as CaseContext;
    const lcspr = ctx.clocks.find((c) => c.clockId === 'lcspr-publication')!;
    expect(lcspr).toMatchObject({
      dueOn: '2025-10-14',
      pausedFrom: '2025-06-02',
      pauses: [{ from: '2025-06-02', process: 'criminal-trial' }],
    });
    expect(ctx.pauses).toMatchObject([{ process: 'criminal-trial', expectedEndOn: '2025-09-01' }]);
  });

  for (const [route, states] of Object.entries(OTHER_ROUTES) as [Route, Record<string, Expected>][]) {
    it.each(Object.entries(states))(`${route} → %s: clocks and due dates`, (state, expected) => {
      const path = byRoute.get(route)!.get(state);
      expect(path, `${route} reaches ${state}`).toBeDefined();
      expect(metTable((path!.snapshot.context as CaseContext).clocks)).toEqual(expected);
    });
  }

  it('on every route, every clock in every state falls due on its hand-worked date', () => {
    for (const [route, states] of byRoute) {
      for (const [state, path] of states) {
        for (const c of (path.snapshot.context as CaseContext).clocks) {
          expect(c.dueOn, `${route} ${state} ${c.clockId}`).toBe(DUE[c.clockId]);
        }
      }
    }
  });

  it('the shortest path to publication.awaitingPublication is the full lifecycle in order', () => {
    expect(
      byRoute
        .get('serious-incident')!
        .get('publication.awaitingPublication')!
        .events.map((e) => e.type),
    ).toEqual([
      'sin.submitted',
      'partners.informed',
      'rapid-review.meeting-held',
      'rapid-review.decided',
      'rapid-review.signed-off',
      'rapid-review.signed-off',
      'rapid-review.signed-off',
      'rapid-review.submitted',
      'panel.responded',
      'local-review.commissioned',
      'reviewer.appointed',
      'terms-of-reference.agreed',
      'draft.received',
      'draft.quality-assured',
      'local-review.signed-off',
      'local-review.signed-off',
      'local-review.signed-off',
      'publication.decided',
      'publication.notice-sent',
    ]);
  });
});
