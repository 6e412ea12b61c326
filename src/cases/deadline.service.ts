import type { Principal } from '../access/principal.js';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { MissingHolidayDataError } from '../calendar/bank-holidays.js';
import { addDays } from '../calendar/calendar-date.js';
import { CLOCK_RULES } from '../calendar/clock-rules.js';
import { addWorkingDays, workingDaysBetween } from '../calendar/working-days.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import type { CaseRepository } from './case.repository.js';

const TITLES = new Map(CLOCK_RULES.map((rule) => [rule.id as string, rule.title]));

/** The business unit's dashboard: every open clock of the partnership's open cases (from their summaries), soonest first. */
export function createDeadlineService(deps: {
  repository: CaseRepository;
  calendar: HolidayCalendar;
  clock: SystemClock;
  warnWorkingDays: number;
  /** The partnership's own due-soon window, if it sets one (issue 12). */
  warnWorkingDaysFor?: (partnershipId: string) => Promise<number | undefined>;
}) {
  return {
    async dashboard(
      principal: Principal,
      query: { status?: 'overdue' | 'due-soon' | 'pending'; within?: number; page: number; pageSize: number },
    ) {
      const today = todayInEngland(deps.clock);
      const within = query.within ?? (await deps.warnWorkingDaysFor?.(principal.partnershipId)) ?? deps.warnWorkingDays;
      const soonLimit = addWorkingDays(today, within, deps.calendar);
      const range =
        query.status === 'overdue'
          ? { to: addDays(today, -1) }
          : query.status === 'due-soon'
            ? { from: today, to: soonLimit }
            : query.status === 'pending'
              ? { from: addDays(soonLimit, 1) }
              : {};
      const rows = await deps.repository.openDeadlines(principal.partnershipId, range, undefined, {
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      return {
        today,
        within,
        page: query.page,
        pageSize: query.pageSize,
        items: rows.map((row) => ({
          caseId: row._id,
          reference: row.reference,
          route: row.route,
          state: row.state,
          clockId: row.deadline.clockId,
          title: TITLES.get(row.deadline.clockId) ?? row.deadline.clockId,
          dueOn: row.deadline.dueOn,
          status: row.deadline.dueOn < today ? 'overdue' : row.deadline.dueOn <= soonLimit ? 'due-soon' : 'pending',
          workingDaysLeft: workingDaysLeftOrNull(today, row.deadline.dueOn, deps.calendar),
        })),
      };
    },
  };
}

function workingDaysLeftOrNull(today: string, dueOn: string, calendar: HolidayCalendar): number | null {
  try {
    return workingDaysBetween(today, dueOn, calendar);
  } catch (error) {
    if (error instanceof MissingHolidayDataError) return null;
    throw error;
  }
}

export type DeadlineService = ReturnType<typeof createDeadlineService>;
