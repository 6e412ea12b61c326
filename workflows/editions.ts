/**
 * Editions of *Working Together to Safeguard Children*. A case follows the edition in force on
 * the date the LA became aware of the incident; moving a case in flight to a newer edition is an
 * explicit `edition.migrated` event (admin), recorded in the case.
 */
import { z } from 'zod';
import { CLOCK_IDS, type CalendarDate, type ClockId } from '../src/calendar/index.js';
import { ROUTES, ROUTE_RULES, type Route } from './statutory-routes.js';

export const EDITIONS = ['wt-2018', 'wt-2023'] as const;
export type Edition = (typeof EDITIONS)[number];
export const EditionSchema = z.enum(EDITIONS);

/** The first day the 2023 edition applies (it replaced the 2018 edition on 15 December 2023). */
export const EDITION_2023_FROM: CalendarDate = '2023-12-15';

export interface EditionRule {
  readonly title: string;
  readonly inForceFrom: CalendarDate;
  /** Routes a case may open on under this edition. */
  readonly routes: readonly Route[];
  /** Clocks tracked under this edition (a clock not listed is never started). */
  readonly clocks: readonly ClockId[];
  /** Whether the LA notifies the Panel on behalf of all three safeguarding partners. */
  readonly notifiesOnBehalfOfPartners: boolean;
  /** Upper age (inclusive) of a care leaver whose death is notified; `null` when not notifiable. */
  readonly careLeaverDeathMaxAge: number | null;
}

export const EDITION_RULES: Readonly<Record<Edition, EditionRule>> = {
  'wt-2018': {
    title: 'Working Together to Safeguard Children 2018',
    inForceFrom: '2018-06-29',
    routes: ROUTES.filter((r) => r !== 'care-leaver-death'),
    clocks: [...CLOCK_IDS],
    notifiesOnBehalfOfPartners: false,
    careLeaverDeathMaxAge: null,
  },
  'wt-2023': {
    title: 'Working Together to Safeguard Children 2023',
    inForceFrom: EDITION_2023_FROM,
    routes: [...ROUTES],
    clocks: [...CLOCK_IDS],
    notifiesOnBehalfOfPartners: true,
    careLeaverDeathMaxAge: 24,
  },
};

/**
 * The edition in force on the date the LA became aware.
 * @example editionFor('2023-12-14') //=> 'wt-2018'; editionFor('2023-12-15') //=> 'wt-2023'
 */
export function editionFor(laAwareOn: CalendarDate): Edition {
  return laAwareOn >= EDITION_2023_FROM ? 'wt-2023' : 'wt-2018';
}

/** Whether `route` exists under `edition`. @example routeInEdition('care-leaver-death', 'wt-2018') //=> false */
export function routeInEdition(route: Route, edition: Edition): boolean {
  return EDITION_RULES[edition].routes.includes(route);
}

/** Whether `clockId` is tracked under `edition`. */
export function clockInEdition(clockId: ClockId, edition: Edition): boolean {
  return EDITION_RULES[edition].clocks.includes(clockId);
}

/** The clocks a route starts on opening under an edition. */
export function clocksOnOpen(route: Route, edition: Edition): ClockId[] {
  return ROUTE_RULES[route].clocksOnOpen.filter((id) => clockInEdition(id, edition));
}

/** Editions in order; an edition migration may only move forward. */
export function isLaterEdition(to: Edition, from: Edition): boolean {
  return EDITIONS.indexOf(to) > EDITIONS.indexOf(from);
}
