import type { HolidayCalendar } from './bank-holidays.js';
import type { CalendarDate } from './calendar-date.js';
import { type ClockAnchor, type ClockRule, CLOCK_RULES, computeDueOn } from './clock-rules.js';

export interface CalculatedClock {
  clockId: ClockRule['id'];
  title: string;
  status: ClockRule['status'];
  length: number;
  unit: ClockRule['unit'];
  direction: ClockRule['direction'];
  startsFrom: ClockAnchor;
  dueOn: CalendarDate;
}

/** What the public calculator can start from, and the anchors each one stands for. */
export const CALCULATOR_STARTS = {
  // In the calculator the partners are taken to become aware on the same day as the LA.
  awareOn: ['la-aware', 'partners-aware'],
  publishOn: ['planned-publication'],
  commissionedOn: ['commissioned'],
} as const satisfies Record<string, readonly ClockAnchor[]>;

export type CalculatorStart = keyof typeof CALCULATOR_STARTS;

/**
 * Every clock that counts from the given event, with its due date.
 *
 * @example calculateClocks('awareOn', '2025-03-03', cal)[0] // { clockId: 'sin-notification', dueOn: '2025-03-10', … }
 */
export function calculateClocks(
  start: CalculatorStart,
  on: CalendarDate,
  calendar: HolidayCalendar,
  rules: readonly ClockRule[] = CLOCK_RULES,
): CalculatedClock[] {
  const anchors: readonly ClockAnchor[] = CALCULATOR_STARTS[start];
  return rules
    .filter((rule) => anchors.includes(rule.startsFrom))
    .map((rule) => ({
      clockId: rule.id,
      title: rule.title,
      status: rule.status,
      length: rule.length,
      unit: rule.unit,
      direction: rule.direction,
      startsFrom: rule.startsFrom,
      dueOn: computeDueOn(rule, on, calendar),
    }));
}
