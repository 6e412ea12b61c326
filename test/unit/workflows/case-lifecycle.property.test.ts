/**
 * 10,000 random event sequences through the facade (fast-check). Each step mostly picks one of
 * the events the current state accepts, sometimes any event, with payloads that are usually
 * valid and sometimes break a rule, sent by the right role or (sometimes) the wrong one.
 * After every step no illegal state may exist, and the only errors are the expected classes.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, addWorkingDays } from '../../../src/calendar/index.js';
import { ForbiddenError, InvalidTransitionError, RuleViolationError, ValidationError } from '../../../src/errors/app-errors.js';
import {
  acceptedEvents,
  applyCaseEvent,
  openCase,
  viewOf,
  type PersistedWorkflow,
  type WorkflowView,
} from '../../../workflows/case-workflow.js';
import {
  EVENT_TYPES,
  PAUSE_PROCESSES,
  REQUIRED_NOTICE_RECIPIENTS,
  SCREENING_OUTCOMES,
  type CaseEvent,
  type EventType,
} from '../../../workflows/case-events.schema.js';
import { EVENT_ROLES } from '../../../workflows/event-roles.js';
import { ACTOR_ROLES, PARTNERS, type Actor, type ActorRole } from '../../../workflows/roles.js';
import { ROUTES, type Route } from '../../../workflows/statutory-routes.js';
import { createCaseMachine } from '../../../workflows/case-lifecycle.machine.js';
import type { CaseContext } from '../../../workflows/case-context.js';
import { clockStageEnded } from '../../../workflows/clock-stages.js';
import { rapidReviewGoesToPanel } from '../../../workflows/case-rules.js';
import { isMinimumPeriodClock, isSoftClock } from '../../../src/calendar/index.js';
import { derivedFields } from '../../../src/cases/case-derived.js';
import { deps, openingFor, restingStates } from './support/scenario.js';

const ORGS = ['org-police', 'org-health', 'org-school'] as const;
const RUNS = 10_000;
const TERMINAL: readonly EventType[] = ['sin.withdrawn', 'case.closed'];
/** Events that move a case on (the walk prefers them two times in three; pauses, deferrals and re-decisions are left to chance). */
const FORWARD: readonly EventType[] = [
  'referral.screened',
  'sin.submitted',
  'partners.informed',
  'rapid-review.meeting-held',
  'rapid-review.decided',
  'rapid-review.signed-off',
  'rapid-review.submitted',
  'panel.responded',
  'local-review.commissioned',
  'reviewer.appointed',
  'terms-of-reference.agreed',
  'local-review.resumed',
  'draft.received',
  'draft.quality-assured',
  'local-review.signed-off',
  'publication.decided',
  'publication.notice-sent',
  'report.published',
  'learning.completed',
  'action-plan.completed',
  'case.closed',
];

interface Step {
  accepted: boolean;
  forward: boolean;
  pick: number;
  variant: number;
  rightRole: boolean;
  days: number;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  accepted: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
  forward: fc.oneof({ arbitrary: fc.constant(true), weight: 2 }, { arbitrary: fc.constant(false), weight: 1 }),
  pick: fc.nat({ max: 999 }),
  variant: fc.nat({ max: 9 }),
  rightRole: fc.oneof({ arbitrary: fc.constant(true), weight: 12 }, { arbitrary: fc.constant(false), weight: 1 }),
  days: fc.nat({ max: 5 }),
});

const runArb = fc.record({
  route: fc.constantFrom<Route>(...ROUTES),
  oldEdition: fc.boolean(),
  /** What the opening records about abuse or neglect (notifying routes), or nothing. */
  abuse: fc.constantFrom(null, 'known', 'suspected', 'not-suspected'),
  steps: fc.array(stepArb, { minLength: 1, maxLength: 34, size: 'max' }),
});

function actorFor(role: ActorRole, event: { partner?: string; agency?: string }, variant: number): Actor {
  const partner = event.partner ?? PARTNERS[variant % 3]!;
  switch (role) {
    case 'partner-lead':
      return { userId: `lead-${partner}`, role, partner: partner as Actor['partner'] };
    case 'agency':
      return { userId: 'agency-user', role, organisationId: event.agency ?? ORGS[variant % 3]! };
    default:
      return { userId: `${role}-user`, role };
  }
}

/** A payload for `type`, usually valid, edgy when `variant >= 8`. */
function fieldsFor(type: EventType, v: number, ctx: CaseContext, today: string): Record<string, unknown> {
  const edgy = v >= 8;
  const missing = (signed: readonly { partner: string }[]) => PARTNERS.filter((p) => !signed.some((s) => s.partner === p));
  const choosePartner = (signed: readonly { partner: string }[]) =>
    edgy ? PARTNERS[v % 3] : (missing(signed)[v % Math.max(1, missing(signed).length)] ?? PARTNERS[v % 3]);
  const unmet = ctx.clocks.filter((c) => c.metOn === undefined);
  switch (type) {
    case 'referral.screened': {
      const outcome = SCREENING_OUTCOMES[v < 8 ? v % 3 : v % 5]!;
      const finding = ([undefined, 'not-suspected', 'suspected', 'known'] as const)[(v + outcome.length) % 4];
      return {
        outcome,
        reasons: 'screened',
        ...(finding ? { abuseOrNeglect: finding } : {}),
        ...(outcome === 'alternative-learning' ? { learningType: 'multi-agency-audit' } : {}),
        ...(outcome === 'refer-elsewhere' ? { process: 'safeguarding-adult-review' } : {}),
      };
    }
    case 'sin.submitted':
      return { submittedOn: edgy ? addDays(today, 1) : today };
    case 'partners.informed':
      return { informedOn: today };
    case 'sin.withdrawn':
      return { reasons: 'criteria not met' };
    case 'agency-information.requested':
      return { agencies: [ORGS[v % 3]], ...(edgy ? { dueOn: addDays(today, -1) } : v % 2 ? { dueOn: addDays(today, 7) } : {}) };
    case 'agency-information.returned': {
      const open = ctx.agencyRequests.filter((r) => r.returnedOn === null);
      return { agency: edgy || !open.length ? ORGS[v % 3] : open[v % open.length]!.agency };
    }
    case 'rapid-review.meeting-held':
      return { heldOn: today };
    case 'rapid-review.decided': {
      const localReview = v % 2 === 0;
      return {
        localReview,
        nationalReviewSuggested: v % 3 === 0,
        criteriaMet: localReview && !edgy ? ['recurrent-themes'] : [],
        reasons: 'decided',
      };
    }
    case 'rapid-review.signed-off':
      return { partner: choosePartner(ctx.rapidReview.signOffs) };
    case 'rapid-review.submitted':
      return { submittedOn: today };
    case 'panel.responded': {
      const response = (['agreed', 'agreed', 'challenged', 'national-review'] as const)[v % 4];
      return { response, comments: 'panel letter', ...(response === 'agreed' && v % 3 === 0 ? { localReview: v % 2 === 0 } : {}) };
    }
    case 'local-review.commissioned':
      return { commissionedOn: today };
    case 'reviewer.appointed':
      return { reviewerId: 'reviewer-1' };
    case 'local-review.monitored':
      return { notes: 'checked' };
    case 'local-review.paused':
      return { process: PAUSE_PROCESSES[v % 5], expectedEndOn: edgy ? today : addDays(today, 60) };
    case 'local-review.signed-off':
      return { partner: choosePartner(ctx.localReview.signOffs) };
    case 'publication.decided': {
      const improvements = v % 4 === 3;
      return {
        form: improvements ? 'improvements-only' : 'full',
        plannedOn: addDays(today, 3 + 2 * v),
        ...(improvements && !edgy ? { reasons: 'family' } : {}),
      };
    }
    case 'publication.notice-sent':
      return { recipients: edgy ? ['panel', 'ofsted'] : [...REQUIRED_NOTICE_RECIPIENTS], sentOn: today };
    case 'publication.deferred':
      return { reasons: 'trial', reviewOn: edgy ? today : addDays(today, 30) };
    case 'report.published':
      return { publishedOn: today, address: 'https://scp.example.org/r' };
    case 'case.closed':
      return { reasons: 'closing', openActions: v % 3 };
    case 'clock.extended': {
      const c = ctx.clocks[v % Math.max(1, ctx.clocks.length)];
      return { clockId: c?.clockId ?? 'lcspr-publication', newDueOn: c ? addDays(c.dueOn, edgy ? -1 : 30) : today, reasons: 'delay' };
    }
    case 'deadline.passed':
      return { clockId: (unmet[v % Math.max(1, unmet.length)] ?? ctx.clocks[0])?.clockId ?? 'sin-notification' };
    case 'edition.migrated':
      return { toEdition: v % 2 ? 'wt-2023' : 'wt-2018', reasons: 'migration' };
    case 'partners-informed.waived':
      return { reasons: 'told at the strategy meeting' };
    case 'safety-action.recorded':
      return { action: 'safety plan agreed', takenOn: edgy ? addDays(today, 1) : today };
    case 'panel.information-requested':
      return { comments: 'more information please' };
    case 'panel.information-sent':
      return { answeredOn: edgy ? addDays(today, -30) : today };
    case 'learning.disseminated':
      return { kind: 'learning-event', disseminatedOn: today, audience: 'practitioners', reach: edgy ? -1 : 40 };
    case 'repository.submitted':
      return { submittedOn: edgy ? addDays(today, -400) : today };
    default:
      return {};
  }
}

const EXPECTED_ERRORS = [ValidationError, ForbiddenError, InvalidTransitionError, RuleViolationError] as const;
const STATES = new Set(restingStates(createCaseMachine(deps)));
const stats = { runs: 0, steps: 0, applied: 0, errors: {} as Record<string, number>, states: new Set<string>() };

/** Fails the property with a message naming the illegal state. */
function assert(ok: boolean, what: string, view: WorkflowView): void {
  if (!ok) throw new Error(`illegal state (${what}) in ${view.state}: ${JSON.stringify(view.context)}`);
}

/** The illegal states the machines must never reach (plain checks: this runs ~100,000 times). */
function checkInvariants(view: WorkflowView): void {
  const c = view.context;
  assert(STATES.has(view.state), 'unknown state', view);
  // published only with a decision; a statutory LCSPR only with a notice to the Panel, SoS and
  // Ofsted >= 7 working days before ("published without a 7-working-day notice"); a local review
  // without a notification never runs the notice clock
  assert(c.publication.published === null || c.publication.decision !== null, 'published without a decision', view);
  if (!rapidReviewGoesToPanel(c)) assert(!c.clocks.some((k) => k.clockId === 'publication-notice'), 'notice clock on a local review', view);
  if (c.publication.published && rapidReviewGoesToPanel(c)) {
    const notice = c.publication.notice;
    assert(c.publication.decision !== null, 'published without a decision', view);
    assert(notice !== null, 'published without notice', view);
    assert(
      REQUIRED_NOTICE_RECIPIENTS.every((r) => notice!.recipients.includes(r)),
      'notice missed a recipient',
      view,
    );
    assert(c.publication.published.publishedOn >= addWorkingDays(notice!.sentOn, 7, deps.calendar), 'notice under 7 working days', view);
  }
  // closed with open actions (or unfinished plan) only by the chair, with reasons
  if (c.closure?.kind === 'closed') {
    const ordinary = c.closure.openActions === 0 && c.learningCompleted !== null && c.actionPlanCompleted !== null;
    if (!ordinary) {
      assert(c.closure.role === 'chair' && c.closure.chairOverride && c.closure.reasons.trim() !== '', 'closed with open actions', view);
    }
    assert(c.closure.openActions === 0 || c.closure.role === 'chair', 'closed with open actions by a non-chair', view);
  }
  // submitted only with a decision and all three sign-offs
  for (const s of c.rapidReview.submissions)
    assert(
      PARTNERS.every((p) => s.partners.includes(p)),
      'submitted without sign-offs',
      view,
    );
  assert(c.rapidReview.submissions.length === 0 || c.rapidReview.decision !== null, 'submitted without a decision', view);
  // final <=> closed <=> closure recorded
  assert(view.final === (view.state === 'closed') && (c.closure !== null) === view.final, 'closure and final state disagree', view);
  // clocks: one per id; dates never move without a revision; only extendable clocks are revised
  assert(new Set(c.clocks.map((k) => k.clockId)).size === c.clocks.length, 'duplicate clock', view);
  for (const k of c.clocks) {
    if (k.revisions.length === 0) assert(k.dueOn === k.originalDueOn, `${k.clockId} moved without a revision`, view);
    // only the 6-month clock is ever extended: the notice moves only with a new publication decision
    else assert(k.clockId === 'lcspr-publication', `${k.clockId} extended`, view);
  }
  // a pause shows on the 6-month clock while paused, and only then
  const lcspr = c.clocks.find((k) => k.clockId === 'lcspr-publication');
  if (view.state === 'localReview.paused') {
    assert(c.localReview.pausedFrom !== null && lcspr?.pausedFrom !== undefined, 'pause not shown', view);
  } else {
    assert(lcspr?.pausedFrom === undefined, 'clock paused outside a pause', view);
  }
  // "closed from screening with suspected abuse after a notification": a notified case has a rapid
  // review unless its notification is withdrawn; it is screened out only when abuse or neglect is not suspected
  if (
    c.notification !== null &&
    (c.closure?.kind === 'no-further-action' || c.closure?.kind === 'referred-elsewhere' || view.stage === 'alternativeLearning')
  ) {
    const finding = c.screening?.abuseOrNeglect ?? c.notificationCriteria?.abuseOrNeglect ?? null;
    assert(finding === 'not-suspected', 'closed from screening with suspected abuse after a notification', view);
  }
  // a serious incident's rapid review goes to the Panel only once the partners were told or the chair waived it
  if (c.route === 'serious-incident' && c.rapidReview.submissions.length > 0) {
    assert(c.partnersInformed !== null || (c.partnersInformedWaiver ?? null) !== null, 'rapid review sent without the partners told', view);
  }
  // a Panel request for more information never clears the three sign-offs
  if (view.state === 'panelResponse') assert(c.rapidReview.signOffs.length === 3, 'sign-offs cleared while waiting for the Panel', view);
  // overdue after closure: a closed case keeps no clock open (the report kept published is a
  // minimum period, not a deadline) and its read model chases nothing
  const derived = derivedFields(view, null, new Date(0));
  if (view.final) {
    assert(
      c.clocks.every((k) => k.metOn !== undefined || k.lapsedOn !== undefined || isMinimumPeriodClock(k.clockId)),
      'open clock after closure',
      view,
    );
    assert(derived.openDeadlines.length === 0 && derived.nextDueOn === null && derived.sweepDueOn === null, 'overdue after closure', view);
  }
  // a clock whose stage the case has left has lapsed, with the day and a reason; never met and lapsed
  const sent = c.rapidReview.submissions.length;
  for (const k of c.clocks) {
    assert(!clockStageEnded(k, view.stage, sent), `${k.clockId} open after its stage ended`, view);
    assert(k.metOn === undefined || k.lapsedOn === undefined, `${k.clockId} both met and lapsed`, view);
    assert((k.lapsedOn === undefined) === (k.lapseReason === undefined), `${k.clockId} lapsed without a reason`, view);
  }
  // the Panel's soft reply is never the partnership's deadline, nor noted as passed
  assert(!derived.openDeadlines.some((d) => isSoftClock(d.clockId)), 'soft clock chased', view);
  assert(!c.deadlineNotices.some((n) => isSoftClock(n.clockId)), 'soft clock swept', view);
  // deadline.passed recorded at most once per clock and due date
  const notices = c.deadlineNotices.map((n) => `${n.clockId}@${n.dueOn}`);
  assert(new Set(notices).size === notices.length, 'deadline noted twice', view);
}

function runOnce(run: { route: Route; oldEdition: boolean; abuse: 'known' | 'suspected' | 'not-suspected' | null; steps: Step[] }): void {
  const old = run.oldEdition && run.route !== 'care-leaver-death';
  let today = old ? '2023-06-05' : '2025-03-03';
  const criteria =
    run.abuse && ['looked-after-death', 'care-leaver-death'].includes(run.route)
      ? { notificationCriteria: { harm: 'death', abuseOrNeglect: run.abuse, location: 'in-area' } as const }
      : {};
  let view = openCase(deps, openingFor(run.route, { ...(old ? { incidentOn: '2023-06-01', laAwareOn: today } : {}), ...criteria }), {
    actor: { userId: 'bu', role: 'business-unit' },
    at: `${today}T09:00:00Z`,
  });
  let persisted: PersistedWorkflow = view.persisted;
  stats.runs++;
  stats.states.add(view.state);
  for (const step of run.steps) {
    today = addDays(today, step.days);
    // terminal events (withdrawal, closure) are taken less often so that walks get deep
    if (view.final) break;
    const accepted = acceptedEvents(deps, persisted).filter((t) => step.variant === 0 || !TERMINAL.includes(t));
    const forward = accepted.filter(
      (t) => FORWARD.includes(t) && !(t === 'rapid-review.decided' && view.state === 'rapidReview.signingOff'),
    );
    const offered = step.forward && forward.length ? forward : accepted;
    const type = step.accepted && offered.length ? offered[step.pick % offered.length]! : EVENT_TYPES[step.pick % EVENT_TYPES.length]!;
    const fields = fieldsFor(type, step.variant, view.context, today);
    // now and then a malformed payload (unknown key, or an empty reason)
    if (step.variant === 9 && step.pick % 4 === 0) Object.assign(fields, 'reasons' in fields ? { reasons: ' ' } : { unexpected: true });
    const roles = EVENT_ROLES[type];
    const role = step.rightRole ? roles[step.variant % roles.length]! : ACTOR_ROLES[step.variant % ACTOR_ROLES.length]!;
    const event = { type, actor: actorFor(role, fields, step.variant), at: `${today}T10:00:00Z`, ...fields } as CaseEvent;
    stats.steps++;
    try {
      view = applyCaseEvent(deps, persisted, event);
    } catch (e) {
      const known = EXPECTED_ERRORS.some((cls) => e instanceof cls);
      if (!known) throw e;
      const name = (e as Error).constructor.name;
      stats.errors[name] = (stats.errors[name] ?? 0) + 1;
      continue;
    }
    stats.applied++;
    persisted = view.persisted;
    stats.states.add(view.state);
    checkInvariants(view);
  }
  // the final snapshot survives a JSON round trip exactly and restores to the same view
  const stored = JSON.parse(JSON.stringify(persisted)) as PersistedWorkflow;
  expect(stored).toEqual(persisted);
  const restored = viewOf(deps, stored);
  expect(restored.state).toBe(view.state);
  expect(restored.persisted).toEqual(persisted);
}

describe('random event sequences (fast-check)', () => {
  afterAll(() => {
    console.info(
      `property: ${stats.runs} runs, ${stats.steps} events, ${stats.applied} applied, errors ${JSON.stringify(stats.errors)}, ` +
        `${stats.states.size}/${STATES.size} states visited`,
    );
  });

  it(`${RUNS} sequences find no illegal state and no unexpected exception`, () => {
    fc.assert(
      fc.property(runArb, (run) => runOnce(run)),
      { numRuns: RUNS, seed: 20250303 },
    );
    // the walk is meaningful: it reached every state and met every kind of refusal
    expect([...STATES].filter((s) => !stats.states.has(s))).toEqual([]);
    for (const cls of EXPECTED_ERRORS) expect(stats.errors[cls.name] ?? 0, cls.name).toBeGreaterThan(0);
  }, 180_000);
});
