/**
 * Which roles may send each event, and who may open a case on which route. The API enforces
 * these (403); {@link actorMayAct} adds the per-actor checks: a partner lead signs only for their
 * own partner, an agency user returns information only for their own organisation.
 */
import type { CaseEvent, EventType } from './case-events.schema.js';
import type { Route } from './statutory-routes.js';
import type { Actor, ActorRole, Role } from './roles.js';

export const EVENT_ROLES: Readonly<Record<EventType, readonly ActorRole[]>> = {
  // Decisions: the SPRG chair (who also holds delegated authority to commission reviews).
  'referral.screened': ['chair'],
  'rapid-review.decided': ['chair'],
  'local-review.commissioned': ['chair'],
  'reviewer.appointed': ['chair', 'business-unit'],
  'terms-of-reference.agreed': ['chair'],
  'local-review.paused': ['chair'],
  'local-review.resumed': ['chair'],
  'draft.quality-assured': ['chair'],
  'publication.decided': ['chair'],
  'publication.deferred': ['chair'],
  'learning.completed': ['chair'],
  'action-plan.completed': ['chair'],
  // Waiving the partners' notice is a decision with reasons (version 4: needed before the rapid review is sent).
  'partners-informed.waived': ['chair'],
  // Paperwork: the business unit logs submissions, notices, requests, responses and monitoring.
  'sin.submitted': ['business-unit'],
  'partners.informed': ['business-unit'],
  'sin.withdrawn': ['chair', 'business-unit'],
  'agency-information.requested': ['business-unit'],
  'rapid-review.meeting-held': ['business-unit', 'chair'],
  'rapid-review.submitted': ['business-unit'],
  'panel.responded': ['business-unit'],
  'local-review.monitored': ['business-unit', 'chair'],
  'draft.received': ['business-unit', 'reviewer'],
  'publication.notice-sent': ['business-unit'],
  'report.published': ['business-unit'],
  'clock.extended': ['chair', 'business-unit'],
  'safety-action.recorded': ['business-unit', 'chair'],
  'panel.information-requested': ['business-unit'],
  'panel.information-sent': ['business-unit'],
  'learning.disseminated': ['business-unit', 'chair'],
  'repository.submitted': ['business-unit'],
  // Closing: the business unit when everything is done; only the chair may override open actions.
  'case.closed': ['chair', 'business-unit'],
  // Sign-offs: a delegated safeguarding partner, for their own partner only.
  'rapid-review.signed-off': ['partner-lead'],
  'local-review.signed-off': ['partner-lead'],
  // Agencies return their own information (the business unit may log a return on their behalf).
  'agency-information.returned': ['agency', 'business-unit'],
  // The sweeper, and the administrator's explicit edition migration.
  'deadline.passed': ['system'],
  'edition.migrated': ['admin'],
};

/** Who may open a case on each route (agency users refer; the chair and business unit open anything). */
export const OPEN_ROLES: Readonly<Record<Route, readonly Role[]>> = {
  'serious-incident': ['chair', 'business-unit'],
  'looked-after-death': ['chair', 'business-unit'],
  'care-leaver-death': ['chair', 'business-unit'],
  referral: ['chair', 'business-unit', 'agency'],
  'youth-justice-incident': ['chair', 'business-unit', 'agency'],
  'out-of-area': ['chair', 'business-unit'],
  'national-review': ['chair', 'business-unit'],
};

/**
 * Routes an agency may open only when it is of a kind that meets such cases: a youth justice serious
 * incident is the youth justice service's to notify (DOMAIN.md, route 4).
 */
export const AGENCY_KINDS_FOR: Readonly<Partial<Record<Route, readonly string[]>>> = {
  'youth-justice-incident': ['youth-justice'],
};

/** May an agency of `organisationKind` open a case on `route`? (Other roles: OPEN_ROLES alone.) */
export function agencyKindMayOpen(route: Route, organisationKind: string | undefined): boolean {
  const kinds = AGENCY_KINDS_FOR[route];
  return !kinds || (organisationKind !== undefined && kinds.includes(organisationKind));
}

/** The event types `role` may send, in lifecycle order. */
export function eventTypesFor(role: ActorRole): EventType[] {
  return (Object.keys(EVENT_ROLES) as EventType[]).filter((t) => EVENT_ROLES[t].includes(role));
}

/**
 * Why `actor` may not send `event`, or `null` when they may: the role table, then the per-actor
 * rules (partner leads sign for their own partner; agencies return only their own information).
 */
export function actorRefusal(actor: Actor, event: CaseEvent): string | null {
  if (!EVENT_ROLES[event.type].includes(actor.role)) {
    return `role ${actor.role} may not send ${event.type} (allowed: ${EVENT_ROLES[event.type].join(', ')})`;
  }
  if ((event.type === 'rapid-review.signed-off' || event.type === 'local-review.signed-off') && actor.partner !== event.partner) {
    return `a partner lead for ${actor.partner ?? 'no partner'} may not sign off for ${event.partner}`;
  }
  if (event.type === 'agency-information.returned' && actor.role === 'agency' && actor.organisationId !== event.agency) {
    return `an agency user may return information only for their own organisation`;
  }
  return null;
}

/** Whether `actor` may send `event`. */
export function actorMayAct(actor: Actor, event: CaseEvent): boolean {
  return actorRefusal(actor, event) === null;
}
