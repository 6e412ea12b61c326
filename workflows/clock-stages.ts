/**
 * Which stage each clock belongs to: the top-level states in which its event can still happen.
 * Once a case is in any other stage the clock can never be met, so it lapses (machine version 3
 * records the lapse on the clock; the read models treat an older version's clock the same way),
 * and a closed case has nothing left to chase. Pure data and pure functions.
 */
import { isMinimumPeriodClock, lapseClock, type CalendarDate, type Clock, type ClockId } from '../src/calendar/index.js';

/** The stages a clock's event can happen in (DOMAIN.md "Clocks": a clock whose stage has ended lapses). */
export const CLOCK_STAGES: Readonly<Record<ClockId, readonly string[]>> = {
  // Notifications are made from notification (and, for a referral screened late, the stages that take `sin.submitted`).
  'sin-notification': ['notification', 'screening', 'supporting', 'nationalReview', 'alternativeLearning'],
  'child-death-notification': ['notification', 'screening', 'supporting', 'nationalReview', 'alternativeLearning'],
  // `partners.informed` is taken until the Panel has answered the rapid review.
  'partners-informed': ['notification', 'rapidReview', 'panelResponse'],
  // The rapid review and its local milestones run from notification until the review is sent.
  'rapid-review': ['notification', 'rapidReview'],
  'agency-returns': ['notification', 'rapidReview'],
  'rapid-review-meeting': ['notification', 'rapidReview'],
  'partner-sign-off': ['notification', 'rapidReview'],
  'panel-response': ['panelResponse'],
  'lcspr-publication': ['localReview', 'publication'],
  'publication-notice': ['publication'],
  // A minimum period (the report kept published) outlives every stage; it never lapses.
  'report-kept-published': [],
};

/**
 * Whether `clock` is still open but its stage is over: unmet, not already lapsed, not a minimum
 * period, and `stage` is not one of its stages.
 * @example stageLeftBehind({ clockId: 'agency-returns', ... }, 'panelResponse') //=> true
 */
export function stageLeftBehind(clock: Pick<Clock, 'clockId' | 'metOn' | 'lapsedOn'>, stage: string): boolean {
  if (clock.metOn !== undefined || clock.lapsedOn !== undefined || isMinimumPeriodClock(clock.clockId)) return false;
  return !(CLOCK_STAGES[clock.clockId] ?? []).includes(stage);
}

/** The rapid review's own milestones: they end with the first rapid review sent, even if a challenge brings the case back. */
const RAPID_REVIEW_MILESTONES: ReadonlySet<ClockId> = new Set<ClockId>([
  'rapid-review',
  'agency-returns',
  'rapid-review-meeting',
  'partner-sign-off',
]);

/**
 * Whether an open clock's stage is over for a case in `stage` that has sent `rapidReviewsSent`
 * rapid reviews: {@link stageLeftBehind}, or a rapid review milestone once the first review was
 * sent (version 3 lapses them then; a challenge back to revising does not reopen them). The read
 * models use this for cases stored on versions that did not lapse clocks, and the migration to
 * version 3 lapses exactly these.
 */
export function clockStageEnded(clock: Pick<Clock, 'clockId' | 'metOn' | 'lapsedOn'>, stage: string, rapidReviewsSent: number): boolean {
  if (stageLeftBehind(clock, stage)) return true;
  return clock.metOn === undefined && clock.lapsedOn === undefined && rapidReviewsSent > 0 && RAPID_REVIEW_MILESTONES.has(clock.clockId);
}

/**
 * The clocks with every clock left behind by entering `stage` lapsed on `on`, with `reason`.
 * @example lapseClocksLeftBehind(clocks, 'closed', '2025-06-02', 'the case was closed')
 */
export function lapseClocksLeftBehind(clocks: readonly Clock[], stage: string, on: CalendarDate, reason: string): Clock[] {
  return clocks.map((clock) => (stageLeftBehind(clock, stage) ? lapseClock(clock, on, reason) : clock));
}
