/**
 * A fixed scenario for the lifecycle tests: every event with literal dates, worked out by hand
 * against the England and Wales calendar (LA aware Monday 2025-03-03; Easter 18 and 21 April).
 */
import type { AnyMachineSnapshot, AnyStateMachine, AnyStateNode } from 'xstate';
import { getShortestPaths } from '@xstate/graph';
import { CLOCK_RULES, defaultHolidayCalendar } from '../../../../src/calendar/index.js';
import { OpenCaseSchema, type OpenCaseInput } from '../../../../workflows/case-open.schema.js';
import type { CaseEvent } from '../../../../workflows/case-events.schema.js';
import type { Actor, Partner } from '../../../../workflows/roles.js';
import type { Route } from '../../../../workflows/statutory-routes.js';
import { editionFor } from '../../../../workflows/editions.js';
import type { CaseContext, CaseMachineInput } from '../../../../workflows/case-context.js';
import { statePath, type WorkflowDeps } from '../../../../workflows/case-workflow.js';

export const deps: WorkflowDeps = { calendar: defaultHolidayCalendar, clockRules: CLOCK_RULES };

export const actors = {
  chair: { userId: 'chair-1', role: 'chair' },
  bu: { userId: 'bu-1', role: 'business-unit' },
  reviewer: { userId: 'reviewer-1', role: 'reviewer' },
  viewer: { userId: 'viewer-1', role: 'viewer' },
  admin: { userId: 'admin-1', role: 'admin' },
  system: { userId: 'sweeper', role: 'system' },
  agency: { userId: 'agency-1', role: 'agency', organisationId: 'org-police' },
  lead: (partner: Partner): Actor => ({ userId: `lead-${partner}`, role: 'partner-lead', partner }),
} as const satisfies Record<string, Actor | ((p: Partner) => Actor)>;

export const OPENED_AT = '2025-03-03T10:00:00Z';

/** The opening of a case on `route` in the scenario. */
export function openingFor(route: Route, overrides: Partial<OpenCaseInput> = {}): OpenCaseInput {
  const legalStatus =
    route === 'looked-after-death'
      ? (['looked-after'] as const)
      : route === 'care-leaver-death'
        ? (['care-leaver'] as const)
        : ([] as const);
  return {
    route,
    incidentOn: '2025-03-01',
    laAwareOn: '2025-03-03',
    children: [{ ageBand: route === 'care-leaver-death' ? '18-24' : '1-4', sex: 'female', legalStatus: [...legalStatus] }],
    laArea: 'Exampleshire',
    ...(route === 'referral' || route === 'youth-justice-incident' ? { referringOrganisationId: 'org-police' } : {}),
    ...(route === 'out-of-area' ? { leadPartnership: 'Neighbouring SCP' } : {}),
    ...overrides,
  };
}

/** The machine input for a route (what openCase builds). */
export function inputFor(route: Route, overrides: Partial<OpenCaseInput> = {}): CaseMachineInput {
  const open = OpenCaseSchema.parse(openingFor(route, overrides));
  return { open, actor: actors.bu, at: OPENED_AT, edition: editionFor(open.laAwareOn) };
}

const { chair, bu, reviewer, lead } = actors;

/** Every scenario event, by name. Dates are literal and consistent with each other. */
export const E = {
  screenedNotify: {
    type: 'referral.screened',
    actor: chair,
    at: '2025-03-04T10:00:00Z',
    outcome: 'notify',
    reasons: 'abuse suspected; criteria met',
  },
  screenedLocal: {
    type: 'referral.screened',
    actor: chair,
    at: '2025-03-04T10:00:00Z',
    outcome: 'local-rapid-review',
    reasons: 'near miss',
  },
  screenedAlternative: {
    type: 'referral.screened',
    actor: chair,
    at: '2025-03-04T10:00:00Z',
    outcome: 'alternative-learning',
    learningType: 'what-works-well-review',
    reasons: 'good practice to share',
    abuseOrNeglect: 'not-suspected',
  },
  screenedElsewhere: {
    type: 'referral.screened',
    actor: chair,
    at: '2025-03-04T10:00:00Z',
    outcome: 'refer-elsewhere',
    process: 'domestic-homicide-review',
    reasons: 'adult victim; DHR leads',
    abuseOrNeglect: 'not-suspected',
  },
  screenedNoAction: {
    type: 'referral.screened',
    actor: chair,
    at: '2025-03-04T10:00:00Z',
    outcome: 'no-further-action',
    reasons: 'no learning',
    abuseOrNeglect: 'not-suspected',
  },
  sinSubmitted: { type: 'sin.submitted', actor: bu, at: '2025-03-07T12:00:00Z', submittedOn: '2025-03-07' },
  partnersInformed: { type: 'partners.informed', actor: bu, at: '2025-03-05T12:00:00Z', informedOn: '2025-03-05' },
  sinWithdrawn: { type: 'sin.withdrawn', actor: chair, at: '2025-03-12T12:00:00Z', reasons: 'criteria not met: no abuse or neglect' },
  agencyRequested: { type: 'agency-information.requested', actor: bu, at: '2025-03-04T12:00:00Z', agencies: ['org-police', 'org-health'] },
  agencyReturned: { type: 'agency-information.returned', actor: actors.agency, at: '2025-03-12T12:00:00Z', agency: 'org-police' },
  meetingHeld: { type: 'rapid-review.meeting-held', actor: bu, at: '2025-03-18T15:00:00Z', heldOn: '2025-03-18' },
  decidedLocalReview: {
    type: 'rapid-review.decided',
    actor: chair,
    at: '2025-03-18T16:00:00Z',
    localReview: true,
    nationalReviewSuggested: false,
    criteriaMet: ['improvements-needed', 'multi-agency-working'],
    reasons: 'multi-agency learning',
  },
  decidedNoLocalReview: {
    type: 'rapid-review.decided',
    actor: chair,
    at: '2025-03-18T16:00:00Z',
    localReview: false,
    nationalReviewSuggested: false,
    criteriaMet: [],
    reasons: 'learning captured by the rapid review',
  },
  signedOffLa: { type: 'rapid-review.signed-off', actor: lead('local-authority'), at: '2025-03-20T10:00:00Z', partner: 'local-authority' },
  signedOffPolice: { type: 'rapid-review.signed-off', actor: lead('police'), at: '2025-03-20T10:00:00Z', partner: 'police' },
  signedOffHealth: { type: 'rapid-review.signed-off', actor: lead('health'), at: '2025-03-20T10:00:00Z', partner: 'health' },
  submitted: { type: 'rapid-review.submitted', actor: bu, at: '2025-03-21T10:00:00Z', submittedOn: '2025-03-21' },
  panelAgreed: { type: 'panel.responded', actor: bu, at: '2025-04-03T10:00:00Z', response: 'agreed', comments: 'agree with the partners' },
  panelAgreedNoLocalReview: {
    type: 'panel.responded',
    actor: bu,
    at: '2025-04-03T10:00:00Z',
    response: 'agreed',
    localReview: false,
    comments: 'no local review needed',
  },
  panelChallenged: { type: 'panel.responded', actor: bu, at: '2025-04-03T10:00:00Z', response: 'challenged', comments: 'reconsider' },
  panelNational: {
    type: 'panel.responded',
    actor: bu,
    at: '2025-04-03T10:00:00Z',
    response: 'national-review',
    comments: 'national review',
  },
  /**
   * Commissioned Mon 14 April with the 6-month clock started that day, later than the decision to
   * initiate the review (Tue 18 March), so with reasons (machine version 4). Keeps every 6-month
   * date of the older tests; the start at the decision is tested in lcspr-clock-start.test.ts.
   */
  commissioned: {
    type: 'local-review.commissioned',
    actor: chair,
    at: '2025-04-14T10:00:00Z',
    commissionedOn: '2025-04-14',
    clockStartsOn: '2025-04-14',
    clockStartReasons: 'the Panel’s agreement was awaited before the review began',
  },
  reviewerAppointed: { type: 'reviewer.appointed', actor: chair, at: '2025-04-22T10:00:00Z', reviewerId: 'reviewer-1' },
  termsAgreed: { type: 'terms-of-reference.agreed', actor: chair, at: '2025-05-06T10:00:00Z' },
  monitored: { type: 'local-review.monitored', actor: bu, at: '2025-05-20T10:00:00Z', notes: 'on track' },
  paused: {
    type: 'local-review.paused',
    actor: chair,
    at: '2025-06-02T10:00:00Z',
    process: 'criminal-trial',
    expectedEndOn: '2025-09-01',
    reasons: 'trial listed for the summer',
  },
  resumed: { type: 'local-review.resumed', actor: chair, at: '2025-09-01T10:00:00Z' },
  draftReceived: { type: 'draft.received', actor: reviewer, at: '2025-09-15T10:00:00Z' },
  qualityAssured: { type: 'draft.quality-assured', actor: chair, at: '2025-09-22T10:00:00Z' },
  lrSignedOffLa: {
    type: 'local-review.signed-off',
    actor: lead('local-authority'),
    at: '2025-09-29T10:00:00Z',
    partner: 'local-authority',
  },
  lrSignedOffPolice: { type: 'local-review.signed-off', actor: lead('police'), at: '2025-09-29T10:00:00Z', partner: 'police' },
  lrSignedOffHealth: { type: 'local-review.signed-off', actor: lead('health'), at: '2025-09-29T10:00:00Z', partner: 'health' },
  publicationDecided: { type: 'publication.decided', actor: chair, at: '2025-10-01T10:00:00Z', form: 'full', plannedOn: '2025-10-13' },
  noticeSent: {
    type: 'publication.notice-sent',
    actor: bu,
    at: '2025-10-02T10:00:00Z',
    sentOn: '2025-10-02',
    recipients: ['panel', 'secretary-of-state', 'ofsted', 'nspcc'],
  },
  deferred: {
    type: 'publication.deferred',
    actor: chair,
    at: '2025-10-03T10:00:00Z',
    reasons: 'trial outcome awaited',
    reviewOn: '2025-11-03',
  },
  published: {
    type: 'report.published',
    actor: bu,
    at: '2025-10-13T10:00:00Z',
    publishedOn: '2025-10-13',
    address: 'https://scp.example.org/reviews/child-a',
  },
  learningCompleted: { type: 'learning.completed', actor: chair, at: '2025-11-10T10:00:00Z' },
  actionPlanCompleted: { type: 'action-plan.completed', actor: chair, at: '2025-11-20T10:00:00Z' },
  closed: { type: 'case.closed', actor: bu, at: '2025-12-01T10:00:00Z', reasons: 'actions complete, learning spread', openActions: 0 },
} as const satisfies Record<string, CaseEvent>;

/** The events the graph explores (self-loops that only add records are tested on their own). */
export const GRAPH_EVENTS: readonly CaseEvent[] = [
  E.screenedNotify,
  E.screenedLocal,
  E.screenedAlternative,
  E.screenedElsewhere,
  E.screenedNoAction,
  E.sinSubmitted,
  E.partnersInformed,
  E.sinWithdrawn,
  E.meetingHeld,
  E.decidedLocalReview,
  E.decidedNoLocalReview,
  E.signedOffLa,
  E.signedOffPolice,
  E.signedOffHealth,
  E.submitted,
  E.panelAgreed,
  E.panelAgreedNoLocalReview,
  E.panelChallenged,
  E.panelNational,
  E.commissioned,
  E.reviewerAppointed,
  E.termsAgreed,
  E.paused,
  E.resumed,
  E.draftReceived,
  E.qualityAssured,
  E.lrSignedOffLa,
  E.lrSignedOffPolice,
  E.lrSignedOffHealth,
  E.publicationDecided,
  E.noticeSent,
  E.deferred,
  E.published,
  E.learningCompleted,
  E.actionPlanCompleted,
  E.closed,
];

/** What distinguishes two snapshots for the traversal: the state and the facts guards read. */
export function serializeSnapshot(snapshot: AnyMachineSnapshot): string {
  const c = snapshot.context as CaseContext;
  return JSON.stringify({
    v: snapshot.value,
    screening: c.screening?.outcome ?? null,
    notified: c.notification !== null,
    meetings: c.rapidReview.meetings.length > 0,
    decision: c.rapidReview.decision?.localReview ?? null,
    signOffs: c.rapidReview.signOffs.map((s) => s.partner).sort(),
    submitted: c.rapidReview.submissions.length > 0,
    panel: c.panelResponses.at(-1)?.response ?? null,
    lr: [c.localReview.reviewerId, c.localReview.termsAgreedOn, c.localReview.drafts.length > 0, c.localReview.pausedFrom],
    lrSignOffs: c.localReview.signOffs.map((s) => s.partner).sort(),
    pub: [
      c.publication.decision?.plannedOn ?? null,
      c.publication.deferred,
      c.publication.notice !== null,
      c.publication.published !== null,
    ],
    done: [c.learningCompleted !== null, c.actionPlanCompleted !== null],
    clocks: c.clocks.map((k) => `${k.clockId}:${k.dueOn}:${k.metOn ?? ''}`),
  });
}

/** The atomic states of a machine that can hold a case (transient `always`-only states excluded). */
export function restingStates(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const visit = (node: AnyStateNode): void => {
    const children = Object.values(node.states) as AnyStateNode[];
    if (!children.length) {
      if (!(node.always && node.always.length)) out.push(node.path.join('.'));
      return;
    }
    children.forEach(visit);
  };
  visit(machine.root);
  return out;
}

export interface ShortestPath {
  route: Route;
  state: string;
  events: CaseEvent[];
  snapshot: AnyMachineSnapshot;
}

/** The shortest path to every state a route reaches (`@xstate/graph`), one per state path. */
export function shortestPathsByState(machine: AnyStateMachine, route: Route): Map<string, ShortestPath> {
  const paths = getShortestPaths(machine, {
    input: inputFor(route),
    events: GRAPH_EVENTS as CaseEvent[],
    serializeState: (s) => serializeSnapshot(s as AnyMachineSnapshot),
    serializeEvent: (e) => JSON.stringify(e),
  });
  const byState = new Map<string, ShortestPath>();
  for (const p of paths) {
    const state = statePath(p.state.value);
    const events = p.steps.map((s) => s.event as CaseEvent).filter((e) => !e.type.startsWith('xstate.'));
    const best = byState.get(state);
    if (!best || events.length < best.events.length) byState.set(state, { route, state, events, snapshot: p.state as AnyMachineSnapshot });
  }
  return byState;
}
