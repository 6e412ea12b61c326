/**
 * The case's clocks: started from the anchor dates recorded in the context, met when their event
 * happens, restarted (the old one archived) when the process repeats. Pure: every function returns
 * new arrays; due dates come from the calendar and the partnership's clock rules.
 */
import {
  meetClock,
  startClock,
  type CalendarDate,
  type Clock,
  type ClockAnchor,
  type ClockId,
  type ClockRule,
} from '../src/calendar/index.js';
import { clockInEdition } from './editions.js';
import type { CaseContextV1, CaseMachineDeps } from './case-context.js';

/** The partnership's rule for a clock, or `undefined` when the partnership does not track it. */
export function ruleFor(deps: CaseMachineDeps, id: ClockId): ClockRule | undefined {
  return deps.clockRules.find((r) => r.id === id);
}

/** The date a clock anchor stands for in this case, or `null` while that event has not happened. */
export function anchorDate(ctx: CaseContextV1, anchor: ClockAnchor): CalendarDate | null {
  switch (anchor) {
    case 'la-aware':
      return ctx.dates.laAwareOn;
    case 'partners-aware':
      return ctx.dates.partnersAwareOn;
    case 'rapid-review-submitted':
      return ctx.rapidReview.submissions.at(-1)?.submittedOn ?? null;
    case 'commissioned':
      // Version 4 starts the 6-month clock at the decision to initiate the review; older versions never set clockStartsOn.
      return ctx.localReview.clockStartsOn ?? ctx.localReview.commissionedOn;
    case 'planned-publication':
      return ctx.publication.decision?.plannedOn ?? null;
    case 'published':
      return ctx.publication.published?.publishedOn ?? null;
  }
}

export function findClock(clocks: readonly Clock[], id: ClockId): Clock | undefined {
  return clocks.find((c) => c.clockId === id);
}

/**
 * The clocks with each of `ids` started (when the edition tracks it, the partnership has a rule for
 * it, its anchor date is known, and it is not already running).
 */
export function startClocks(ctx: CaseContextV1, ids: readonly ClockId[], deps: CaseMachineDeps): Clock[] {
  let clocks = ctx.clocks;
  for (const id of ids) {
    if (findClock(clocks, id) || !clockInEdition(id, ctx.edition)) continue;
    const rule = ruleFor(deps, id);
    const anchorOn = rule ? anchorDate(ctx, rule.startsFrom) : null;
    if (!rule || anchorOn === null) continue;
    clocks = [...clocks, startClock(rule, anchorOn, deps.calendar)];
  }
  return clocks;
}

/** Restarts clock `id` from its (new) anchor date; a running one is moved to `archivedClocks`. */
export function restartClock(ctx: CaseContextV1, id: ClockId, deps: CaseMachineDeps): Pick<CaseContextV1, 'clocks' | 'archivedClocks'> {
  const old = findClock(ctx.clocks, id);
  const rest = ctx.clocks.filter((c) => c.clockId !== id);
  return {
    clocks: startClocks({ ...ctx, clocks: rest }, [id], deps),
    archivedClocks: old ? [...ctx.archivedClocks, old] : ctx.archivedClocks,
  };
}

/**
 * Records clocks `ids` as met on `on` (a clock not running, already met, or lapsed with its stage
 * is left as it is: an agency return after the rapid review was sent does not revive its
 * milestone). A late reason is kept only with a breach (`on` after the due date).
 */
export function meetClocks(clocks: readonly Clock[], ids: readonly ClockId[], on: CalendarDate, lateReason?: string): Clock[] {
  return clocks.map((c) =>
    ids.includes(c.clockId) && c.metOn === undefined && c.lapsedOn === undefined
      ? meetClock(c, on, on > c.dueOn ? lateReason : undefined)
      : c,
  );
}

/** Replaces one clock. */
export function replaceClock(clocks: readonly Clock[], next: Clock): Clock[] {
  return clocks.map((c) => (c.clockId === next.clockId ? next : c));
}
