/**
 * The business rules the machines' guards enforce, each a pure check that either passes (`null`)
 * or names the rule it breaks and why. The guards are `check(...) === null`; the facade uses the
 * same checks to tell a client which rule refused an event (HTTP 422).
 */
import { addWorkingDays, isSoftClock, type CalendarDate } from '../src/calendar/index.js';
import { PARTNERS } from './roles.js';
import { caseNotifies } from './statutory-routes.js';
import { EDITION_RULES, isLaterEdition, routeInEdition } from './editions.js';
import { londonDateOf } from '../src/calendar/england-day.js';
import { REQUIRED_NOTICE_RECIPIENTS, type CaseEvent, type CaseEventOf } from './case-events.schema.js';
import { findClock, ruleFor } from './case-clocks.js';
import type { CaseContext, CaseContextV1, CaseMachineDeps } from './case-context.js';
import type { CalendarDate as Day } from '../src/calendar/index.js';

/** A refused event: the rule's stable id and a sentence for the person who sent it. */
export interface RuleRefusal {
  rule: string;
  detail: string;
}

type Check<T extends CaseEvent['type'], C = CaseContextV1> = (ctx: C, event: CaseEventOf<T>, deps: CaseMachineDeps) => RuleRefusal | null;

const refuse = (rule: string, detail: string): RuleRefusal => ({ rule, detail });

/** An "on" date (the day something happened) cannot be after the day it is recorded, nor before the incident. */
function checkHappenedOn(ctx: CaseContextV1, on: CalendarDate, at: string, field: string): RuleRefusal | null {
  const today = londonDateOf(at);
  if (on > today) return refuse('date-in-future', `${field} ${on} is after the day it is recorded (${today})`);
  if (on < ctx.dates.incidentOn) return refuse('date-before-incident', `${field} ${on} is before the incident (${ctx.dates.incidentOn})`);
  return null;
}

/**
 * The optional "happened on" dates of issue 12, by event field. Each defaults to the day the event
 * is recorded; when given it must be a day that could have happened (checked here for every event,
 * by the workflow facade, before the machine's own guards).
 */
export const HAPPENED_ON_FIELDS = [
  'screenedOn',
  'withdrawnOn',
  'requestedOn',
  'decidedOn',
  'signedOffOn',
  'respondedOn',
  'agreedOn',
  'monitoredOn',
  'pausedOn',
  'resumedOn',
  'receivedOn',
  'assuredOn',
  'deferredOn',
  'completedOn',
  'closedOn',
  'waivedOn',
] as const;

/**
 * Refuses a "happened on" date after the day the event is recorded or before the incident; a
 * resumption also not before the pause it ends began.
 * @example checkHappenedOnDates(ctx, { type: 'draft.received', receivedOn: '2030-01-01', at, actor }) //=> { rule: 'date-in-future', … }
 */
export function checkHappenedOnDates(ctx: CaseContextV1, event: CaseEvent): RuleRefusal | null {
  const fields = event as unknown as Record<string, unknown>;
  for (const field of HAPPENED_ON_FIELDS) {
    const on = fields[field];
    if (typeof on !== 'string') continue;
    const refusal = checkHappenedOn(ctx, on, event.at, field);
    if (refusal) return refusal;
  }
  if (event.type === 'local-review.resumed' && event.resumedOn !== undefined) {
    const open = ctx.pauses.at(-1);
    if (open && open.resumedOn === null && event.resumedOn < open.from) {
      return refuse('resumed-before-paused', `resumedOn ${event.resumedOn} is before the pause began (${open.from})`);
    }
  }
  return null;
}

/** A planned date (review, expected end, due) must lie after the day it is recorded. */
function checkFuture(on: CalendarDate, at: string, field: string, rule: string, orToday = false): RuleRefusal | null {
  const today = londonDateOf(at);
  if (orToday ? on < today : on <= today) {
    return refuse(rule, `${field} ${on} must be ${orToday ? 'today or later' : 'after today'} (${today})`);
  }
  return null;
}

const first = (...results: (RuleRefusal | null)[]): RuleRefusal | null => results.find((r) => r !== null) ?? null;

// ---- notification ------------------------------------------------------------------------

/** A SIN (or a child death notification) only on a route that notifies, once. */
export const checkSinSubmission: Check<'sin.submitted'> = (ctx, e) => {
  if (!caseNotifies(ctx.route, ctx.screening?.outcome)) {
    const why =
      ctx.screening === null && (ctx.route === 'referral' || ctx.route === 'youth-justice-incident')
        ? 'it must first be screened with the outcome notify'
        : ctx.route === 'out-of-area'
          ? 'another partnership leads and notifies'
          : ctx.route === 'national-review'
            ? 'the Panel leads a national review'
            : 'its screening outcome was not notify';
    return refuse('sin-only-on-notifying-routes', `a ${ctx.route} case does not notify the Panel: ${why}`);
  }
  if (ctx.notification) {
    return refuse('sin-submitted-once', `the notification was already submitted on ${ctx.notification.submittedOn}`);
  }
  return checkHappenedOn(ctx, e.submittedOn, e.at, 'submittedOn');
};

/** Partners are told once, on the serious-incident route. */
export const checkPartnersInformed: Check<'partners.informed', CaseContext> = (ctx, e) => {
  if (ctx.route !== 'serious-incident') {
    return refuse('partners-informed-on-sin-route', 'the LA tells the partners of a serious incident; this route has none');
  }
  if (ctx.partnersInformed) return refuse('partners-informed-once', `partners were told on ${ctx.partnersInformed.informedOn}`);
  return checkHappenedOn(ctx, e.informedOn, e.at, 'informedOn');
};

/** Only a submitted notification can be withdrawn. */
export const checkWithdrawal: Check<'sin.withdrawn'> = (ctx) =>
  ctx.notification
    ? null
    : refuse('withdrawal-needs-a-notification', 'no notification was submitted for this case, so none can be withdrawn');

// ---- agency information --------------------------------------------------------------------

export const checkAgencyRequest: Check<'agency-information.requested'> = (ctx, e) => {
  const outstanding = e.agencies.filter((a) => ctx.agencyRequests.some((r) => r.agency === a && r.returnedOn === null));
  if (outstanding.length) {
    return refuse('agency-request-outstanding', `information is already requested and not yet returned from ${outstanding.join(', ')}`);
  }
  return e.dueOn === undefined ? null : checkFuture(e.dueOn, e.at, 'dueOn', 'agency-request-due-in-past', true);
};

export const checkAgencyReturn: Check<'agency-information.returned'> = (ctx, e) => {
  if (!ctx.agencyRequests.some((r) => r.agency === e.agency && r.returnedOn === null)) {
    return refuse('agency-information-not-requested', `no outstanding information request to ${e.agency}`);
  }
  return e.returnedOn === undefined ? null : checkHappenedOn(ctx, e.returnedOn, e.at, 'returnedOn');
};

// ---- rapid review ----------------------------------------------------------------------------

export const checkMeeting: Check<'rapid-review.meeting-held'> = (ctx, e) => checkHappenedOn(ctx, e.heldOn, e.at, 'heldOn');

/** A decision for a local review says which criteria it met. */
export const checkDecision: Check<'rapid-review.decided'> = (_ctx, e) =>
  e.localReview && e.criteriaMet.length === 0
    ? refuse('local-review-decision-needs-criteria', 'a decision to hold a local review names the criteria it meets')
    : null;

export const checkRapidReviewSignOff: Check<'rapid-review.signed-off'> = (ctx, e) => {
  if (!ctx.rapidReview.decision) return refuse('sign-off-needs-decision', 'the partners sign off a recorded decision');
  return ctx.rapidReview.signOffs.some((s) => s.partner === e.partner)
    ? refuse('partner-signed-off-once', `${e.partner} has already signed off this decision`)
    : null;
};

/** The partners who have not yet signed off the current decision. */
export function missingSignOffs(signOffs: readonly { partner: string }[]): string[] {
  return PARTNERS.filter((p) => !signOffs.some((s) => s.partner === p));
}

/**
 * Whether this case's rapid review goes to the Panel: it followed a SIN (or a death notification
 * screened as `notify`). A local rapid review without a SIN is completed locally instead.
 */
export function rapidReviewGoesToPanel(ctx: CaseContextV1): boolean {
  return ctx.notification !== null && (ctx.notification.kind === 'serious-incident' || ctx.screening?.outcome === 'notify');
}

/** A rapid review is submitted only with its decision recorded and all three partners signed off. */
export const checkRapidReviewSubmission: Check<'rapid-review.submitted'> = (ctx, e) => {
  if (!ctx.rapidReview.decision) {
    return refuse('rapid-review-needs-decision-and-sign-offs', 'the rapid review decision has not been recorded');
  }
  const missing = missingSignOffs(ctx.rapidReview.signOffs);
  if (missing.length) {
    return refuse('rapid-review-needs-decision-and-sign-offs', `not yet signed off by ${missing.join(', ')}`);
  }
  return checkHappenedOn(ctx, e.submittedOn, e.at, 'submittedOn');
};

// ---- local review -----------------------------------------------------------------------------

export const checkCommissioned: Check<'local-review.commissioned'> = (ctx, e) =>
  checkHappenedOn(ctx, e.commissionedOn, e.at, 'commissionedOn');

/** A pause names the parallel process and when it is expected to end (after today). */
export const checkPause: Check<'local-review.paused'> = (_ctx, e) =>
  checkFuture(e.expectedEndOn, e.at, 'expectedEndOn', 'pause-needs-expected-end');

export const checkLocalReviewSignOff: Check<'local-review.signed-off'> = (ctx, e) =>
  ctx.localReview.signOffs.some((s) => s.partner === e.partner)
    ? refuse('partner-signed-off-once', `${e.partner} has already signed off the final report`)
    : null;

// ---- publication ------------------------------------------------------------------------------

export const checkPublicationDecision: Check<'publication.decided'> = (_ctx, e) => {
  if (e.form === 'improvements-only' && !e.reasons?.trim()) {
    return refuse(
      'not-publishing-full-report-needs-reasons',
      'publishing only the improvements needs the reasons (they go to the Panel and the Secretary of State)',
    );
  }
  return checkFuture(e.plannedOn, e.at, 'plannedOn', 'planned-publication-in-past', true);
};

export const checkNotice: Check<'publication.notice-sent'> = (ctx, e) => {
  const missing = REQUIRED_NOTICE_RECIPIENTS.filter((r) => !e.recipients.includes(r));
  if (missing.length) {
    return refuse(
      'publication-notice-recipients',
      `the final report goes to the Panel, the Secretary of State and Ofsted; missing ${missing.join(', ')}`,
    );
  }
  return checkHappenedOn(ctx, e.sentOn, e.at, 'sentOn');
};

/** A deferral records its reasons and a later date to review it. */
export const checkDeferral: Check<'publication.deferred'> = (_ctx, e) => {
  if (!e.reasons?.trim()) return refuse('deferral-needs-reasons-and-review-date', 'a deferral records its reasons');
  return checkFuture(e.reviewOn, e.at, 'reviewOn', 'deferral-needs-reasons-and-review-date');
};

/**
 * A report is published only after a decision (not since deferred) and a notice to the Panel, the
 * Secretary of State and Ofsted sent at least 7 working days before the publication date.
 */
export const checkPublished: Check<'report.published'> = (ctx, e, deps) => {
  const rule = 'publication-needs-notice-7-working-days-before';
  const p = ctx.publication;
  if (!p.decision || p.deferred) {
    return refuse(
      'publication-needs-decision',
      p.deferred ? 'publication is deferred; record a new publication decision first' : 'no publication decision has been recorded',
    );
  }
  if (!p.notice) return refuse(rule, 'the final report has not been sent to the Panel, the Secretary of State and Ofsted');
  const missing = REQUIRED_NOTICE_RECIPIENTS.filter((r) => !p.notice!.recipients.includes(r));
  if (missing.length) return refuse(rule, `the notice did not go to ${missing.join(', ')}`);
  const earliest = addWorkingDays(p.notice.sentOn, 7, deps.calendar);
  if (e.publishedOn < earliest) {
    return refuse(rule, `the notice went on ${p.notice.sentOn}, so publication may be no earlier than ${earliest} (7 working days)`);
  }
  return checkHappenedOn(ctx, e.publishedOn, e.at, 'publishedOn');
};

/**
 * Machine version 3: the notice rule of {@link checkPublished} applies only to a statutory LCSPR
 * (its rapid review followed a notification and went to the Panel). A local review without a
 * notification is the partnership's own learning: it needs a publication decision (not deferred),
 * but no notice to the Panel, the Secretary of State and Ofsted.
 */
export const checkPublishedV3: Check<'report.published'> = (ctx, e, deps) => {
  if (rapidReviewGoesToPanel(ctx)) return checkPublished(ctx, e, deps);
  const p = ctx.publication;
  if (!p.decision || p.deferred) {
    return refuse(
      'publication-needs-decision',
      p.deferred ? 'publication is deferred; record a new publication decision first' : 'no publication decision has been recorded',
    );
  }
  return checkHappenedOn(ctx, e.publishedOn, e.at, 'publishedOn');
};

// ---- action plan and closure ----------------------------------------------------------------------

export const checkLearningCompleted: Check<'learning.completed'> = (ctx) =>
  ctx.learningCompleted ? refuse('learning-completed-once', `learning was recorded as completed on ${ctx.learningCompleted.on}`) : null;

export const checkActionPlanCompleted: Check<'action-plan.completed'> = (ctx) =>
  ctx.actionPlanCompleted
    ? refuse('action-plan-completed-once', `the action plan was recorded as completed on ${ctx.actionPlanCompleted.on}`)
    : null;

/** Whether closing is the ordinary case: no open actions, action plan and learning completed. */
export function closureIsOrdinary(ctx: CaseContextV1, e: CaseEventOf<'case.closed'>): boolean {
  return e.openActions === 0 && ctx.actionPlanCompleted !== null && ctx.learningCompleted !== null;
}

/** A case closes with its actions complete and learning spread, unless the chair closes it with reasons. */
export const checkClosure: Check<'case.closed'> = (ctx, e) => {
  if (closureIsOrdinary(ctx, e)) return null;
  if (e.actor.role === 'chair' && e.reasons.trim()) return null;
  const open = [
    e.openActions > 0 ? `${e.openActions} action(s) are open` : null,
    ctx.actionPlanCompleted ? null : 'the action plan is not recorded as complete',
    ctx.learningCompleted ? null : 'the learning is not recorded as spread',
  ].filter(Boolean);
  return refuse('closure-needs-completed-actions-or-chair', `${open.join('; ')}: only the chair may close it, with reasons`);
};

// ---- clocks and editions ------------------------------------------------------------------------

export const checkClockExtension: Check<'clock.extended'> = (ctx, e, deps) => {
  const clock = findClock(ctx.clocks, e.clockId);
  if (!clock) return refuse('clock-not-started', `the ${e.clockId} clock is not running on this case`);
  const rule = ruleFor(deps, e.clockId);
  if (!rule?.extendable)
    return refuse('clock-not-extendable', `the ${e.clockId} clock cannot be extended; its due date stays ${clock.dueOn}`);
  if (clock.metOn !== undefined) return refuse('clock-already-met', `the ${e.clockId} clock was met on ${clock.metOn}`);
  // Only machine version 3 lapses clocks, so this changes nothing for older versions.
  if (clock.lapsedOn !== undefined)
    return refuse('clock-already-lapsed', `the ${e.clockId} clock lapsed on ${clock.lapsedOn}: ${clock.lapseReason}`);
  if (e.newDueOn <= clock.dueOn) return refuse('extension-not-later', `an extension moves the due date later than ${clock.dueOn}`);
  return null;
};

/**
 * Machine version 3: as {@link checkClockExtension}, but the publication notice clock is never
 * extended: it counts back 7 working days from the planned publication date, so only a new
 * publication decision moves it (an extension would let a notice count as met with fewer than 7
 * working days left). Version 2 allowed it; its replay keeps the old check.
 */
export const checkClockExtensionV3: Check<'clock.extended'> = (ctx, e, deps) =>
  first(
    checkClockExtension(ctx, e, deps),
    e.clockId === 'publication-notice'
      ? refuse(
          'publication-notice-moves-only-by-new-decision',
          'the notice is due 7 working days before the planned publication date; record a new publication decision to move it',
        )
      : null,
  );

/** The sweeper notes a clock overdue only once its due date has passed with no event. */
export const checkDeadlinePassed: Check<'deadline.passed'> = (ctx, e) => {
  const clock = findClock(ctx.clocks, e.clockId);
  if (!clock) return refuse('clock-not-started', `the ${e.clockId} clock is not running on this case`);
  if (clock.metOn !== undefined) return refuse('clock-already-met', `the ${e.clockId} clock was met on ${clock.metOn}`);
  // Only machine version 3 lapses clocks, so this changes nothing for older versions.
  if (clock.lapsedOn !== undefined)
    return refuse('clock-already-lapsed', `the ${e.clockId} clock lapsed on ${clock.lapsedOn}: ${clock.lapseReason}`);
  const today = londonDateOf(e.at);
  if (today <= clock.dueOn)
    return refuse('deadline-not-passed', `the ${e.clockId} clock is due on ${clock.dueOn}; it has not passed on ${today}`);
  return null;
};

/**
 * Machine version 3: as {@link checkDeadlinePassed}, and a soft clock (the Panel's reply) is never
 * noted as the partnership's passed deadline. (Version 2 noted it; its replay keeps the old check.)
 */
export const checkDeadlinePassedV3: Check<'deadline.passed'> = (ctx, e, deps) =>
  first(
    checkDeadlinePassed(ctx, e, deps),
    isSoftClock(e.clockId)
      ? refuse('soft-clock-not-swept', `the ${e.clockId} clock is an expectation of the Panel, not the partnership's deadline`)
      : null,
  );

/** Whether this `deadline.passed` was already recorded (same clock, same due date): then it changes nothing. */
export function deadlineAlreadyNoted(ctx: CaseContextV1, e: CaseEventOf<'deadline.passed'>): boolean {
  const clock = findClock(ctx.clocks, e.clockId);
  return !!clock && ctx.deadlineNotices.some((n) => n.clockId === e.clockId && n.dueOn === clock.dueOn);
}

export const checkEditionMigration: Check<'edition.migrated'> = (ctx, e) => {
  if (!isLaterEdition(e.toEdition, ctx.edition)) {
    return refuse('edition-forward-only', `a case on ${ctx.edition} can only move to a later edition, not ${e.toEdition}`);
  }
  if (!routeInEdition(ctx.route, e.toEdition)) {
    return refuse('route-not-in-edition', `${EDITION_RULES[e.toEdition].title} has no ${ctx.route} route`);
  }
  return null;
};

// ---- machine version 4 --------------------------------------------------------------------------

/** Screening outcomes that end a case without a rapid review. */
const SCREENED_OUT: ReadonlySet<string> = new Set(['no-further-action', 'refer-elsewhere', 'alternative-learning']);

/**
 * What is known about abuse or neglect: screening's finding, else the criteria recorded when the
 * case was notified, else `null` (not recorded).
 */
export function abuseOrNeglectFinding(ctx: CaseContext, screenedFinding?: string | null): string | null {
  return screenedFinding ?? ctx.screening?.abuseOrNeglect ?? ctx.notificationCriteria?.abuseOrNeglect ?? null;
}

/**
 * Version 4: a notified case has a rapid review unless the notification is withdrawn (DOMAIN.md
 * "Notification"). Screening a notified case out (no further action, referral elsewhere,
 * alternative learning) needs the finding that abuse or neglect is not suspected; with abuse or
 * neglect known or suspected it is refused.
 * @example checkScreeningV4(notifiedLacDeathWithSuspectedAbuse, { outcome: 'no-further-action', … }) //=> { rule: 'notified-case-needs-rapid-review', … }
 */
export const checkScreeningV4: Check<'referral.screened', CaseContext> = (ctx, e) => {
  if (ctx.notification === null || !SCREENED_OUT.has(e.outcome)) return null;
  const finding = abuseOrNeglectFinding(ctx, e.abuseOrNeglect);
  if (finding === null) {
    return refuse(
      'notified-case-screened-out-needs-finding',
      'this case was notified: to screen it out, record that abuse or neglect is not suspected (abuseOrNeglect), or withdraw the notification',
    );
  }
  if (finding !== 'not-suspected') {
    return refuse(
      'notified-case-needs-rapid-review',
      `this case was notified and abuse or neglect is ${finding}: it has a rapid review unless the notification is withdrawn`,
    );
  }
  return null;
};

/** Version 4: the partners are told, or the chair waives it; not both, and each once. */
export const checkPartnersInformedV4: Check<'partners.informed', CaseContext> = (ctx, e, deps) =>
  first(
    checkPartnersInformed(ctx, e, deps),
    ctx.partnersInformedWaiver
      ? refuse('partners-informed-waived', `telling the partners was waived on ${ctx.partnersInformedWaiver.waivedOn}`)
      : null,
  );

export const checkPartnersInformedWaiver: Check<'partners-informed.waived', CaseContext> = (ctx) => {
  if (ctx.route !== 'serious-incident')
    return refuse('partners-informed-on-sin-route', 'the LA tells the partners of a serious incident; this route has none');
  if (ctx.partnersInformed) return refuse('partners-informed-once', `partners were told on ${ctx.partnersInformed.informedOn}`);
  if (ctx.partnersInformedWaiver)
    return refuse('partners-informed-waived', `telling the partners was already waived on ${ctx.partnersInformedWaiver.waivedOn}`);
  return null;
};

/**
 * Version 4: as {@link checkRapidReviewSubmission}, and a serious incident's rapid review goes to
 * the Panel only once the partners were told (`partners.informed`) or the chair waived it with
 * reasons (`partners-informed.waived`).
 */
export const checkRapidReviewSubmissionV4: Check<'rapid-review.submitted', CaseContext> = (ctx, e, deps) =>
  first(
    checkRapidReviewSubmission(ctx, e, deps),
    ctx.route === 'serious-incident' && !ctx.partnersInformed && !ctx.partnersInformedWaiver
      ? refuse(
          'rapid-review-needs-partners-informed',
          'the partners have not been recorded as told of the incident: record when they were told, or the chair waives it with reasons',
        )
      : null,
  );

export const checkSafetyAction: Check<'safety-action.recorded'> = (ctx, e) => checkHappenedOn(ctx, e.takenOn, e.at, 'takenOn');

/** One open request for more information at a time. */
export const checkPanelInformationRequest: Check<'panel.information-requested', CaseContext> = (ctx) => {
  const open = (ctx.panelInformationRequests ?? []).find((r) => r.answeredOn === null);
  return open ? refuse('panel-information-request-open', `the Panel's request of ${open.requestedOn} is not yet answered`) : null;
};

export const checkPanelInformationSent: Check<'panel.information-sent', CaseContext> = (ctx, e) => {
  const open = (ctx.panelInformationRequests ?? []).find((r) => r.answeredOn === null);
  if (!open) return refuse('panel-information-not-requested', 'the Panel has no open request for more information');
  if (e.answeredOn < open.requestedOn)
    return refuse('answered-before-requested', `answeredOn ${e.answeredOn} is before the Panel asked (${open.requestedOn})`);
  return checkHappenedOn(ctx, e.answeredOn, e.at, 'answeredOn');
};

/**
 * The day of the decision to initiate the local review (DOMAIN.md "Clocks"): the Panel's agreement
 * where it changed the partners' decision to a local review, else the partners' decision (its
 * `decidedOn`, or the day it was recorded). `null` when neither decided one.
 * @example decisionToInitiateOn({ rapidReview: { decision: { localReview: true, decidedOn: '2025-03-18', … } }, panelResponses: [] }) //=> '2025-03-18'
 */
export function decisionToInitiateOn(ctx: CaseContextV1): Day | null {
  const decision = ctx.rapidReview.decision;
  const agreed = [...ctx.panelResponses].reverse().find((r) => r.response === 'agreed');
  if (agreed && agreed.localReview === true && decision?.localReview !== true) return agreed.receivedOn;
  if (decision?.localReview) return decision.decidedOn ?? londonDateOf(decision.at);
  return null;
}

/**
 * Version 4: the 6-month clock starts at the decision to initiate the review. A later start is a
 * day with reasons; an earlier one is refused.
 */
export const checkCommissionedV4: Check<'local-review.commissioned', CaseContext> = (ctx, e, deps) => {
  const base = checkCommissioned(ctx, e, deps);
  if (base || e.clockStartsOn === undefined) return base;
  const initiatedOn = decisionToInitiateOn(ctx);
  if (initiatedOn !== null && e.clockStartsOn < initiatedOn) {
    return refuse(
      'lcspr-clock-starts-at-decision',
      `the 6-month clock starts at the decision to initiate the review (${initiatedOn}), not before`,
    );
  }
  if (initiatedOn !== null && e.clockStartsOn > initiatedOn && e.clockStartReasons === undefined) {
    return refuse(
      'lcspr-later-start-needs-reasons',
      `the decision to initiate the review was on ${initiatedOn}; starting the clock on ${e.clockStartsOn} needs reasons`,
    );
  }
  return checkHappenedOn(ctx, e.clockStartsOn, e.at, 'clockStartsOn');
};

export const checkDissemination: Check<'learning.disseminated'> = (ctx, e) =>
  checkHappenedOn(ctx, e.disseminatedOn, e.at, 'disseminatedOn');

/** The published report goes to the NSPCC repository once, on or after its publication. */
export const checkRepositorySubmission: Check<'repository.submitted', CaseContext> = (ctx, e) => {
  const published = ctx.publication.published;
  if (!published) return refuse('repository-needs-published-report', 'only a published report goes to the NSPCC repository');
  if (ctx.repositorySubmission)
    return refuse('repository-submitted-once', `the report went to the repository on ${ctx.repositorySubmission.submittedOn}`);
  if (e.submittedOn < published.publishedOn)
    return refuse('repository-before-publication', `submittedOn ${e.submittedOn} is before publication (${published.publishedOn})`);
  return checkHappenedOn(ctx, e.submittedOn, e.at, 'submittedOn');
};

/**
 * Why the rules refuse `event` in this context, for events whose guard failed. Returns the first
 * broken rule; falls back to a generic refusal when no named rule explains it.
 */
export function explainRefusal(ctx: CaseContextV1, event: CaseEvent, deps: CaseMachineDeps): RuleRefusal {
  const found = ((): RuleRefusal | null => {
    switch (event.type) {
      case 'referral.screened':
        return checkScreeningV4(ctx as CaseContext, event, deps);
      case 'sin.submitted':
        return checkSinSubmission(ctx, event, deps);
      case 'partners.informed':
        return 'partnersInformed' in ctx ? checkPartnersInformedV4(ctx as CaseContext, event, deps) : null;
      case 'partners-informed.waived':
        return checkPartnersInformedWaiver(ctx as CaseContext, event, deps);
      case 'safety-action.recorded':
        return checkSafetyAction(ctx, event, deps);
      case 'panel.information-requested':
        return checkPanelInformationRequest(ctx as CaseContext, event, deps);
      case 'panel.information-sent':
        return checkPanelInformationSent(ctx as CaseContext, event, deps);
      case 'learning.disseminated':
        return checkDissemination(ctx, event, deps);
      case 'repository.submitted':
        return checkRepositorySubmission(ctx as CaseContext, event, deps);
      case 'sin.withdrawn':
        return checkWithdrawal(ctx, event, deps);
      case 'agency-information.requested':
        return checkAgencyRequest(ctx, event, deps);
      case 'agency-information.returned':
        return checkAgencyReturn(ctx, event, deps);
      case 'rapid-review.meeting-held':
        return checkMeeting(ctx, event, deps);
      case 'rapid-review.decided':
        return checkDecision(ctx, event, deps);
      case 'rapid-review.signed-off':
        return checkRapidReviewSignOff(ctx, event, deps);
      case 'rapid-review.submitted':
        return checkRapidReviewSubmissionV4(ctx as CaseContext, event, deps);
      case 'local-review.commissioned':
        return checkCommissionedV4(ctx as CaseContext, event, deps);
      case 'local-review.paused':
        return checkPause(ctx, event, deps);
      case 'local-review.signed-off':
        return checkLocalReviewSignOff(ctx, event, deps);
      case 'publication.decided':
        return checkPublicationDecision(ctx, event, deps);
      case 'publication.notice-sent':
        return checkNotice(ctx, event, deps);
      case 'publication.deferred':
        return checkDeferral(ctx, event, deps);
      case 'report.published':
        // Version 3's rule first (it explains a local review's refusal); an older version refused only by the notice rule falls back.
        return checkPublishedV3(ctx, event, deps) ?? checkPublished(ctx, event, deps);
      case 'learning.completed':
        return checkLearningCompleted(ctx, event, deps);
      case 'action-plan.completed':
        return checkActionPlanCompleted(ctx, event, deps);
      case 'case.closed':
        return checkClosure(ctx, event, deps);
      case 'clock.extended':
        return checkClockExtensionV3(ctx, event, deps);
      case 'deadline.passed':
        return checkDeadlinePassedV3(ctx, event, deps);
      case 'edition.migrated':
        return checkEditionMigration(ctx, event, deps);
      default:
        return null;
    }
  })();
  return found ?? refuse('guard', `${event.type} is not allowed in this case's current situation`);
}
