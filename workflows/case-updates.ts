/**
 * How each event changes a case's context: pure functions `(context, event, deps) => changes`,
 * shared by every machine version (a new version that changes what an event records adds a new
 * function rather than editing one an older version uses).
 */
import { extendClock, lapseClock, type ClockId } from '../src/calendar/index.js';
import { ROUTE_RULES, RAPID_REVIEW_CLOCKS } from './statutory-routes.js';
import { clocksOnOpen } from './editions.js';
import { londonDateOf } from '../src/calendar/england-day.js';
import type { CaseEvent, CaseEventOf, EventType } from './case-events.schema.js';
import { PARTNERS, type Actor } from './roles.js';
import { findClock, meetClocks, replaceClock, restartClock, ruleFor, startClocks } from './case-clocks.js';
import { lapseClocksLeftBehind, stageLeftBehind } from './clock-stages.js';
import { closureIsOrdinary, decisionToInitiateOn, missingSignOffs, rapidReviewGoesToPanel } from './case-rules.js';
import {
  recorded,
  V4_DEFAULTS,
  type CaseContext,
  type CaseContextV1,
  type CaseMachineDeps,
  type CaseMachineInput,
  type LocalReviewStep,
} from './case-context.js';

type Update<T extends EventType, C extends CaseContextV1 = CaseContextV1> = (
  ctx: C,
  event: CaseEventOf<T>,
  deps: CaseMachineDeps,
) => Partial<C>;

function recordedOf(event: { actor: Actor; at: string }) {
  return recorded(event.actor, event.at);
}

const today = (event: { at: string }) => londonDateOf(event.at);

/** The day a step happened: the date the event gives (issue 12), or the day it is recorded. */
const happenedOn = (event: { at: string }, on: string | undefined) => on ?? today(event);

// ---- opening --------------------------------------------------------------------------------

/** The context of a newly opened case (machine version 2). Clocks start on entering the first stage. */
export function openingContext(input: CaseMachineInput): CaseContext {
  const { open, actor, at, edition } = input;
  return {
    route: open.route,
    edition,
    opened: { ...recorded(actor, at), on: londonDateOf(at) },
    dates: { incidentOn: open.incidentOn, laAwareOn: open.laAwareOn, partnersAwareOn: open.partnersAwareOn ?? open.laAwareOn },
    laArea: open.laArea,
    residentLaArea: open.residentLaArea ?? null,
    leadPartnership: open.leadPartnership ?? null,
    agencies: [...(open.agencies ?? [])],
    referringOrganisationId: open.referringOrganisationId ?? null,
    screening: null,
    notification: null,
    partnersInformed: null,
    withdrawal: null,
    agencyRequests: [],
    rapidReview: { meetings: [], decision: null, signOffs: [], submissions: [] },
    panelResponses: [],
    localReview: {
      commissionedOn: null,
      commissionedBy: null,
      reviewerId: null,
      termsAgreedOn: null,
      monitoring: [],
      drafts: [],
      qualityAssuredOn: null,
      signOffs: [],
      pausedFrom: null,
    },
    pauses: [],
    publication: { decision: null, deferred: false, notice: null, deferrals: [], published: null },
    learningCompleted: null,
    actionPlanCompleted: null,
    closure: null,
    clocks: [],
    archivedClocks: [],
    deadlineNotices: [],
    editionHistory: [],
    machineMigrations: [],
  };
}

/** The clocks of the notification stage: the route's opening clocks, or SIN + rapid review after screening `notify`. */
export function notificationClockIds(ctx: CaseContextV1): ClockId[] {
  const onOpen = clocksOnOpen(ctx.route, ctx.edition);
  return onOpen.length ? onOpen : ['sin-notification', ...RAPID_REVIEW_CLOCKS];
}

export function startNotificationClocks(ctx: CaseContextV1, deps: CaseMachineDeps, exclude: readonly ClockId[] = []) {
  return {
    clocks: startClocks(
      ctx,
      notificationClockIds(ctx).filter((id) => !exclude.includes(id)),
      deps,
    ),
  };
}

export function startRapidReviewClocks(ctx: CaseContextV1, deps: CaseMachineDeps) {
  return { clocks: startClocks(ctx, RAPID_REVIEW_CLOCKS, deps) };
}

/** The Panel's response clock runs from the latest submission (restarted on resubmission). */
export function startPanelResponseClock(ctx: CaseContextV1, deps: CaseMachineDeps) {
  return restartClock(ctx, 'panel-response', deps);
}

// ---- screening and notification ------------------------------------------------------------------

export const recordScreening: Update<'referral.screened'> = (_ctx, e) => ({
  screening: {
    ...recordedOf(e),
    outcome: e.outcome,
    reasons: e.reasons,
    learningType: e.learningType ?? null,
    process: e.process ?? null,
  },
});

/** Screening outcomes that end the case here (referred elsewhere, no further action). */
export const closeFromScreening: Update<'referral.screened'> = (_ctx, e) => ({
  closure: {
    ...recordedOf(e),
    on: happenedOn(e, e.screenedOn),
    kind: e.outcome === 'refer-elsewhere' ? 'referred-elsewhere' : 'no-further-action',
    reasons: e.reasons,
    openActions: 0,
    chairOverride: false,
  },
});

export const recordNotification: Update<'sin.submitted'> = (ctx, e) => ({
  notification: {
    ...recordedOf(e),
    kind: ROUTE_RULES[ctx.route].notifiesOnOpen ?? 'serious-incident',
    submittedOn: e.submittedOn,
  },
  clocks: meetClocks(ctx.clocks, ['sin-notification', 'child-death-notification'], e.submittedOn, e.lateReason),
});

export const recordPartnersInformed: Update<'partners.informed', CaseContext> = (ctx, e) => ({
  partnersInformed: { ...recordedOf(e), informedOn: e.informedOn },
  clocks: meetClocks(ctx.clocks, ['partners-informed'], e.informedOn, e.lateReason),
});

export const recordWithdrawal: Update<'sin.withdrawn'> = (_ctx, e) => ({
  withdrawal: { ...recordedOf(e), reasons: e.reasons },
  closure: {
    ...recordedOf(e),
    on: happenedOn(e, e.withdrawnOn),
    kind: 'sin-withdrawn',
    reasons: e.reasons,
    openActions: 0,
    chairOverride: false,
  },
});

// ---- agency information --------------------------------------------------------------------------------

export const recordAgencyRequest: Update<'agency-information.requested'> = (ctx, e) => {
  const dueOn = e.dueOn ?? findClock(ctx.clocks, 'agency-returns')?.dueOn ?? null;
  return {
    agencyRequests: [
      ...ctx.agencyRequests,
      ...e.agencies.map((agency) => ({
        agency,
        requestedOn: happenedOn(e, e.requestedOn),
        dueOn,
        returnedOn: null,
        requestedBy: e.actor.userId,
      })),
    ],
    agencies: [...ctx.agencies, ...e.agencies.filter((a) => !ctx.agencies.includes(a))],
  };
};

export const recordAgencyReturn: Update<'agency-information.returned'> = (ctx, e) => {
  const on = e.returnedOn ?? today(e);
  const agencyRequests = ctx.agencyRequests.map((r) => (r.agency === e.agency && r.returnedOn === null ? { ...r, returnedOn: on } : r));
  const allIn = agencyRequests.every((r) => r.returnedOn !== null);
  return { agencyRequests, clocks: allIn ? meetClocks(ctx.clocks, ['agency-returns'], on) : ctx.clocks };
};

// ---- rapid review ------------------------------------------------------------------------------------------

export const recordMeeting: Update<'rapid-review.meeting-held'> = (ctx, e) => ({
  rapidReview: { ...ctx.rapidReview, meetings: [...ctx.rapidReview.meetings, { ...recordedOf(e), heldOn: e.heldOn }] },
  clocks: meetClocks(ctx.clocks, ['rapid-review-meeting'], e.heldOn, e.lateReason),
});

/** A (new) decision; any earlier sign-offs were of the old decision and are cleared. */
export const recordDecision: Update<'rapid-review.decided'> = (ctx, e) => ({
  rapidReview: {
    ...ctx.rapidReview,
    decision: {
      ...recordedOf(e),
      localReview: e.localReview,
      nationalReviewSuggested: e.nationalReviewSuggested,
      criteriaMet: [...e.criteriaMet],
      reasons: e.reasons,
      ...(e.decidedOn ? { decidedOn: e.decidedOn } : {}),
      ...(e.meetingId ? { meetingId: e.meetingId } : {}),
    },
    signOffs: [],
  },
});

export const recordRapidReviewSignOff: Update<'rapid-review.signed-off'> = (ctx, e) => {
  const signOffs = [...ctx.rapidReview.signOffs, { ...recordedOf(e), partner: e.partner, on: happenedOn(e, e.signedOffOn) }];
  // Signed off by all three on the day the last of them signed (the latest date, whatever order they were typed in).
  const allSignedOn = signOffs.map((s) => s.on).reduce((latest, on) => (on > latest ? on : latest));
  return {
    rapidReview: { ...ctx.rapidReview, signOffs },
    clocks: missingSignOffs(signOffs).length === 0 ? meetClocks(ctx.clocks, ['partner-sign-off'], allSignedOn) : ctx.clocks,
  };
};

export const recordSubmission: Update<'rapid-review.submitted'> = (ctx, e) => ({
  rapidReview: {
    ...ctx.rapidReview,
    submissions: [
      ...ctx.rapidReview.submissions,
      {
        ...recordedOf(e),
        submittedOn: e.submittedOn,
        localReview: ctx.rapidReview.decision?.localReview ?? false,
        partners: PARTNERS.filter((p) => ctx.rapidReview.signOffs.some((s) => s.partner === p)),
      },
    ],
  },
  clocks: meetClocks(ctx.clocks, ['rapid-review'], e.submittedOn, e.lateReason),
});

/** The Panel's answer; a challenge sends the review back for revision with the sign-offs cleared. */
export const recordPanelResponse: Update<'panel.responded'> = (ctx, e) => ({
  panelResponses: [
    ...ctx.panelResponses,
    {
      ...recordedOf(e),
      response: e.response,
      localReview: e.localReview ?? null,
      comments: e.comments,
      receivedOn: happenedOn(e, e.respondedOn),
    },
  ],
  rapidReview: e.response === 'challenged' ? { ...ctx.rapidReview, signOffs: [] } : ctx.rapidReview,
  clocks: meetClocks(ctx.clocks, ['panel-response'], happenedOn(e, e.respondedOn)),
});

// ---- local review ------------------------------------------------------------------------------------------

export const recordCommissioning: Update<'local-review.commissioned'> = (ctx, e, deps) => {
  const next = { ...ctx, localReview: { ...ctx.localReview, commissionedOn: e.commissionedOn, commissionedBy: e.actor.userId } };
  return { localReview: next.localReview, clocks: startClocks(next, ['lcspr-publication'], deps) };
};

export const recordReviewer: Update<'reviewer.appointed'> = (ctx, e) => ({
  localReview: { ...ctx.localReview, reviewerId: e.reviewerId },
});

export const recordTermsOfReference: Update<'terms-of-reference.agreed'> = (ctx, e) => ({
  localReview: { ...ctx.localReview, termsAgreedOn: happenedOn(e, e.agreedOn) },
});

export const recordMonitoring: Update<'local-review.monitored'> = (ctx, e) => ({
  localReview: {
    ...ctx.localReview,
    monitoring: [...ctx.localReview.monitoring, { ...recordedOf(e), on: happenedOn(e, e.monitoredOn), notes: e.notes }],
  },
});

/** A pause for a parallel process: recorded, and shown on the 6-month clock, whose due date does not move. */
export function recordPause(ctx: CaseContextV1, e: CaseEventOf<'local-review.paused'>, from: LocalReviewStep): Partial<CaseContextV1> {
  const on = happenedOn(e, e.pausedOn);
  const lcspr = findClock(ctx.clocks, 'lcspr-publication');
  return {
    pauses: [
      ...ctx.pauses,
      { ...recordedOf(e), process: e.process, from: on, expectedEndOn: e.expectedEndOn, reasons: e.reasons ?? null, resumedOn: null },
    ],
    localReview: { ...ctx.localReview, pausedFrom: from },
    clocks: lcspr
      ? replaceClock(ctx.clocks, { ...lcspr, pausedFrom: on, pauses: [...(lcspr.pauses ?? []), { from: on, process: e.process }] })
      : ctx.clocks,
  };
}

export const recordResumption: Update<'local-review.resumed'> = (ctx, e) => {
  const on = happenedOn(e, e.resumedOn);
  const lcspr = findClock(ctx.clocks, 'lcspr-publication');
  let clocks = ctx.clocks;
  if (lcspr) {
    const { pausedFrom: _open, ...rest } = lcspr;
    void _open;
    const pauses = (lcspr.pauses ?? []).map((p, i, all) => (i === all.length - 1 && p.to === undefined ? { ...p, to: on } : p));
    clocks = replaceClock(ctx.clocks, { ...rest, pauses });
  }
  return {
    pauses: ctx.pauses.map((p, i, all) => (i === all.length - 1 && p.resumedOn === null ? { ...p, resumedOn: on } : p)),
    localReview: { ...ctx.localReview, pausedFrom: null },
    clocks,
  };
};

export const recordDraft: Update<'draft.received'> = (ctx, e) => ({
  localReview: { ...ctx.localReview, drafts: [...ctx.localReview.drafts, { ...recordedOf(e), on: happenedOn(e, e.receivedOn) }] },
});

export const recordQualityAssurance: Update<'draft.quality-assured'> = (ctx, e) => ({
  localReview: { ...ctx.localReview, qualityAssuredOn: happenedOn(e, e.assuredOn) },
});

export const recordLocalReviewSignOff: Update<'local-review.signed-off'> = (ctx, e) => ({
  localReview: {
    ...ctx.localReview,
    signOffs: [...ctx.localReview.signOffs, { ...recordedOf(e), partner: e.partner, on: happenedOn(e, e.signedOffOn) }],
  },
});

// ---- publication -----------------------------------------------------------------------------------------------

/** A (new) plan to publish; the notice clock counts back from the planned date until the notice is sent. */
export const recordPublicationDecision: Update<'publication.decided'> = (ctx, e, deps) => {
  const publication = {
    ...ctx.publication,
    deferred: false,
    decision: {
      ...recordedOf(e),
      form: e.form,
      plannedOn: e.plannedOn,
      reasons: e.reasons ?? null,
      ...(e.decidedOn ? { decidedOn: e.decidedOn } : {}),
    },
  };
  const next = { ...ctx, publication };
  return { publication, ...(ctx.publication.notice ? {} : restartClock(next, 'publication-notice', deps)) };
};

/**
 * Machine version 3: as {@link recordPublicationDecision}, but the 7-working-day notice clock runs
 * only for a statutory LCSPR; a local review without a notification has no notice to send.
 */
export const recordPublicationDecisionV3: Update<'publication.decided'> = (ctx, e, deps) => {
  if (rapidReviewGoesToPanel(ctx)) return recordPublicationDecision(ctx, e, deps);
  return {
    publication: {
      ...ctx.publication,
      deferred: false,
      decision: { ...recordedOf(e), form: e.form, plannedOn: e.plannedOn, reasons: e.reasons ?? null },
    },
  };
};

export const recordNotice: Update<'publication.notice-sent'> = (ctx, e) => ({
  publication: { ...ctx.publication, notice: { ...recordedOf(e), recipients: [...e.recipients], sentOn: e.sentOn } },
  clocks: meetClocks(ctx.clocks, ['publication-notice'], e.sentOn, e.lateReason),
});

export const recordDeferral: Update<'publication.deferred'> = (ctx, e) => ({
  publication: {
    ...ctx.publication,
    deferred: true,
    deferrals: [
      ...ctx.publication.deferrals,
      { ...recordedOf(e), on: happenedOn(e, e.deferredOn), reasons: e.reasons, reviewOn: e.reviewOn },
    ],
  },
});

export const recordPublication: Update<'report.published'> = (ctx, e, deps) => {
  const publication = { ...ctx.publication, published: { ...recordedOf(e), publishedOn: e.publishedOn, address: e.address } };
  const met = { ...ctx, publication, clocks: meetClocks(ctx.clocks, ['lcspr-publication'], e.publishedOn, e.lateReason) };
  return { publication, clocks: startClocks(met, ['report-kept-published'], deps) };
};

// ---- learning, actions, closure ---------------------------------------------------------------------------------

export const recordLearning: Update<'learning.completed'> = (_ctx, e) => ({
  learningCompleted: { ...recordedOf(e), on: happenedOn(e, e.completedOn) },
});

export const recordActionPlanCompleted: Update<'action-plan.completed'> = (_ctx, e) => ({
  actionPlanCompleted: { ...recordedOf(e), on: happenedOn(e, e.completedOn) },
});

export const recordClosure: Update<'case.closed'> = (ctx, e) => ({
  closure: {
    ...recordedOf(e),
    on: happenedOn(e, e.closedOn),
    kind: 'closed',
    reasons: e.reasons,
    openActions: e.openActions,
    chairOverride: !closureIsOrdinary(ctx, e),
  },
});

// ---- clocks whose stage has ended (machine version 3) ----------------------------------------------

/** What ended a stage, as kept in a lapsed clock's reason. */
const STAGE_ENDED_BY: Partial<Record<EventType, string>> = {
  'referral.screened': 'the referral was screened',
  'sin.submitted': 'the notification was sent',
  'sin.withdrawn': 'the notification was withdrawn',
  'rapid-review.submitted': 'the rapid review was sent',
  'panel.responded': 'the Panel responded to the rapid review',
  'local-review.signed-off': 'the local review was signed off',
  'report.published': 'the report was published',
  'learning.completed': 'the learning was completed',
  'case.closed': 'the case was closed',
};

/** The day the step happened: its own date where it records one, else the day it was recorded. */
function stepDateOf(event: CaseEvent): string {
  if ('submittedOn' in event && typeof event.submittedOn === 'string') return event.submittedOn;
  if ('publishedOn' in event && typeof event.publishedOn === 'string') return event.publishedOn;
  return today(event);
}

/**
 * Entering `stage` lapses every clock whose stage has ended without its event, on the day of the
 * step that ended it and with that step as the reason (DOMAIN.md "Clocks": a moved-on or closed
 * case is never overdue).
 * @example lapseLeftClocks(ctx, submittedEvent, 'panelResponse').clocks!.find(c => c.clockId === 'agency-returns')!.lapsedOn //=> submittedOn
 */
export function lapseLeftClocks(ctx: CaseContext, event: CaseEvent | { type: string }, stage: string): Partial<CaseContext> {
  // The opening (xstate.init) enters the first stage with no clock yet: nothing to lapse.
  if (!ctx.clocks.some((clock) => stageLeftBehind(clock, stage))) return {};
  const step = event as CaseEvent;
  // A local rapid review (no notification) is completed, not sent to the Panel.
  const what =
    step.type === 'rapid-review.submitted' && !rapidReviewGoesToPanel(ctx) ? 'the rapid review was completed' : STAGE_ENDED_BY[step.type];
  const reason = `stage ended without this step: ${what ?? `the case moved on (${step.type})`}`;
  return { clocks: lapseClocksLeftBehind(ctx.clocks, stage, stepDateOf(step), reason) };
}

// ---- clocks and editions ----------------------------------------------------------------------------------------

export const recordClockExtension: Update<'clock.extended'> = (ctx, e, deps) => {
  const clock = findClock(ctx.clocks, e.clockId)!;
  const rule = ruleFor(deps, e.clockId)!;
  return { clocks: replaceClock(ctx.clocks, extendClock(clock, rule, e.newDueOn, e.actor.userId, e.at, e.reasons)) };
};

export const recordDeadlinePassed: Update<'deadline.passed'> = (ctx, e) => ({
  deadlineNotices: [...ctx.deadlineNotices, { clockId: e.clockId, dueOn: findClock(ctx.clocks, e.clockId)!.dueOn, notedAt: e.at }],
});

export const recordEditionMigration: Update<'edition.migrated'> = (ctx, e) => ({
  edition: e.toEdition,
  editionHistory: [...ctx.editionHistory, { ...recordedOf(e), from: ctx.edition, to: e.toEdition, reasons: e.reasons }],
});

// ---- machine version 4 ------------------------------------------------------------------------------------------

/** The context of a case opened on machine version 4: version 3's, with the notification criteria and agreement kept. */
export function openingContextV4(input: CaseMachineInput): CaseContext {
  const base = openingContext(input);
  return {
    ...base,
    ...V4_DEFAULTS,
    safetyActions: [],
    panelInformationRequests: [],
    dissemination: [],
    notificationCriteria: input.open.notificationCriteria ?? null,
    partnersAgreement: input.open.partnersAgreement ?? null,
    localReview: { ...base.localReview, initiatedOn: null, clockStartsOn: null, clockStartReasons: null },
  };
}

export const recordScreeningV4: Update<'referral.screened', CaseContext> = (ctx, e, deps) => ({
  screening: { ...recordScreening(ctx, e, deps).screening!, abuseOrNeglect: e.abuseOrNeglect ?? null },
});

/** The chair waives telling the partners: recorded with reasons, and the partners clock lapses with them. */
export const recordPartnersInformedWaiver: Update<'partners-informed.waived', CaseContext> = (ctx, e) => {
  const waivedOn = happenedOn(e, e.waivedOn);
  return {
    partnersInformedWaiver: { ...recordedOf(e), reasons: e.reasons, waivedOn },
    clocks: ctx.clocks.map((c) =>
      c.clockId === 'partners-informed' && c.metOn === undefined && c.lapsedOn === undefined
        ? lapseClock(c, waivedOn, `waived by the chair: ${e.reasons}`)
        : c,
    ),
  };
};

export const recordSafetyAction: Update<'safety-action.recorded', CaseContext> = (ctx, e) => ({
  safetyActions: [
    ...(ctx.safetyActions ?? []),
    { ...recordedOf(e), action: e.action, takenOn: e.takenOn, organisationId: e.organisationId ?? null },
  ],
});

export const recordDecisionV4: Update<'rapid-review.decided', CaseContext> = (ctx, e, deps) => {
  const { rapidReview } = recordDecision(ctx, e, deps) as Pick<CaseContext, 'rapidReview'>;
  return { rapidReview: { ...rapidReview, decision: { ...rapidReview.decision!, otherReview: e.otherReview ?? null } } };
};

/** The Panel asks for more information: recorded; the decision and its sign-offs stand. */
export const recordPanelInformationRequest: Update<'panel.information-requested', CaseContext> = (ctx, e) => ({
  panelInformationRequests: [
    ...(ctx.panelInformationRequests ?? []),
    { ...recordedOf(e), comments: e.comments, requestedOn: happenedOn(e, e.requestedOn), answeredOn: null },
  ],
});

export const recordPanelInformationSent: Update<'panel.information-sent', CaseContext> = (ctx, e) => ({
  panelInformationRequests: (ctx.panelInformationRequests ?? []).map((r) =>
    r.answeredOn === null ? { ...r, answeredOn: e.answeredOn } : r,
  ),
});

/**
 * Version 4: the 6-month clock starts at the decision to initiate the review (or the later day
 * given with reasons; with no recorded decision, at the commissioning date as before).
 */
export const recordCommissioningV4: Update<'local-review.commissioned', CaseContext> = (ctx, e, deps) => {
  const initiatedOn = decisionToInitiateOn(ctx);
  const localReview = {
    ...ctx.localReview,
    commissionedOn: e.commissionedOn,
    commissionedBy: e.actor.userId,
    initiatedOn,
    clockStartsOn: e.clockStartsOn ?? initiatedOn ?? e.commissionedOn,
    clockStartReasons: e.clockStartReasons ?? null,
  };
  return { localReview, clocks: startClocks({ ...ctx, localReview }, ['lcspr-publication'], deps) };
};

export const recordDissemination: Update<'learning.disseminated', CaseContext> = (ctx, e) => ({
  dissemination: [
    ...(ctx.dissemination ?? []),
    { ...recordedOf(e), kind: e.kind, disseminatedOn: e.disseminatedOn, audience: e.audience, reach: e.reach },
  ],
});

export const recordRepositorySubmission: Update<'repository.submitted', CaseContext> = (_ctx, e) => ({
  repositorySubmission: { ...recordedOf(e), submittedOn: e.submittedOn, address: e.address ?? null },
});
