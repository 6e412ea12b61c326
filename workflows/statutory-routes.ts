/**
 * The routes a case can start on (DOMAIN.md "Routes into the process") and what each implies:
 * where the lifecycle starts, whether (and what) the local authority notifies, and which clocks
 * start when the case is opened.
 */
import { z } from 'zod';
import type { ClockId } from '../src/calendar/index.js';

export const ROUTES = [
  'serious-incident',
  'looked-after-death',
  'care-leaver-death',
  'referral',
  'youth-justice-incident',
  'out-of-area',
  'national-review',
] as const;
export type Route = (typeof ROUTES)[number];
export const RouteSchema = z.enum(ROUTES);

/** The first resting stage of a route's lifecycle. */
export type StartStage = 'notification' | 'screening' | 'supporting' | 'nationalReview';

/** What the LA notifies on opening: a serious incident notification (SIN), a child death notification, or nothing. */
export type NotificationKind = 'serious-incident' | 'child-death';

export interface RouteRule {
  readonly title: string;
  readonly startsIn: StartStage;
  /** What is notified to the Panel's system when the case opens on this route (`null`: nothing yet). */
  readonly notifiesOnOpen: NotificationKind | null;
  /** Whether the SPRG screens the case (referral, youth-justice incident, and deaths after their notification). */
  readonly screened: boolean;
  /** Clocks started when the case opens (anchored on the LA-aware / partners-aware dates). */
  readonly clocksOnOpen: readonly ClockId[];
}

/** The clocks of a rapid review, counted from the date the partners became aware. */
export const RAPID_REVIEW_CLOCKS = [
  'rapid-review',
  'agency-returns',
  'rapid-review-meeting',
  'partner-sign-off',
] as const satisfies readonly ClockId[];

export const ROUTE_RULES: Readonly<Record<Route, RouteRule>> = {
  'serious-incident': {
    title: 'Serious incident (SIN route)',
    startsIn: 'notification',
    notifiesOnOpen: 'serious-incident',
    screened: false,
    clocksOnOpen: ['sin-notification', 'partners-informed', ...RAPID_REVIEW_CLOCKS],
  },
  'looked-after-death': {
    title: 'Death of a looked-after child',
    startsIn: 'notification',
    notifiesOnOpen: 'child-death',
    screened: true,
    clocksOnOpen: ['child-death-notification'],
  },
  'care-leaver-death': {
    title: 'Death of a care leaver (up to and including age 24)',
    startsIn: 'notification',
    notifiesOnOpen: 'child-death',
    screened: true,
    clocksOnOpen: ['child-death-notification'],
  },
  referral: {
    title: 'Non-SIN referral from a partner agency',
    startsIn: 'screening',
    notifiesOnOpen: null,
    screened: true,
    clocksOnOpen: [],
  },
  'youth-justice-incident': {
    title: 'Youth justice serious incident',
    startsIn: 'screening',
    notifiesOnOpen: null,
    screened: true,
    clocksOnOpen: [],
  },
  'out-of-area': {
    title: 'Out-of-area case (another partnership leads)',
    startsIn: 'supporting',
    notifiesOnOpen: null,
    screened: false,
    clocksOnOpen: [],
  },
  'national-review': {
    title: 'National review (Panel-led; local participation)',
    startsIn: 'nationalReview',
    notifiesOnOpen: null,
    screened: false,
    clocksOnOpen: [],
  },
};

/** Routes that notify the Panel's system when the case opens. @example routeNotifiesOnOpen('referral') //=> false */
export function routeNotifiesOnOpen(route: Route): boolean {
  return ROUTE_RULES[route].notifiesOnOpen !== null;
}

/**
 * Whether a case on `route` notifies the Panel (a SIN or a child death notification): on opening
 * for notifying routes, or once screening decided `notify`.
 * @example caseNotifies('referral', 'notify') //=> true; caseNotifies('out-of-area', null) //=> false
 */
export function caseNotifies(route: Route, screeningOutcome: string | null | undefined): boolean {
  return routeNotifiesOnOpen(route) || (ROUTE_RULES[route].screened && screeningOutcome === 'notify');
}
