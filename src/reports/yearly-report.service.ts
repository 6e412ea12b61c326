import type { Principal } from '../access/principal.js';
import { londonEndOfDay, londonStartOfDay } from '../calendar/england-day.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { ForbiddenError, RuleViolationError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { reportAsOf, reportingPeriod, type ReportingPeriod } from './reporting-year.js';
import { createYearlyReport, type YearlyFigures } from './yearly-report.js';
import type { YearlyReportRepository } from './yearly-report.repository.js';

export interface YearlyReport {
  partnershipId: string;
  year: number;
  period: ReportingPeriod;
  /** The day the figures are taken on: the period's last day, or today while the year runs. */
  asOf: CalendarDate;
  /** The instant the figures count entries recorded by (ISO): ask again with it to reproduce them. */
  asRecordedAt: string;
  /** True once the year has ended. Entries recorded later about the year (late paperwork) still change it, unless asked as recorded at an earlier instant. */
  complete: boolean;
  figures: YearlyFigures;
}

export interface YearlyReportServiceDependencies {
  repository: YearlyReportRepository;
  clock: SystemClock;
  /** The partnership's reporting year start month (1 to 12); undefined when the partnership is unknown. */
  reportingYearStartMonth(partnershipId: string): Promise<number | undefined>;
}

export function createYearlyReportService(deps: YearlyReportServiceDependencies) {
  return {
    /** The partnership's report for reporting year `year`, streamed from the database and reduced in memory. */
    async yearly(principal: Principal, year: number, options: { asRecordedAt?: string } = {}): Promise<YearlyReport> {
      const startMonth = await deps.reportingYearStartMonth(principal.partnershipId);
      if (startMonth === undefined) throw new ForbiddenError('Your partnership is not set up in this service.');
      const period = reportingPeriod(year, startMonth);
      const today = todayInEngland(deps.clock);
      const asOf = reportAsOf(period, today);
      if (asOf === undefined) {
        throw new RuleViolationError(`The reporting year ${year} begins on ${period.from}; it has no figures yet.`, 'reporting-year-not-started', { period });
      }
      const now = deps.clock.now();
      const asRecordedAt = options.asRecordedAt === undefined ? now : new Date(options.asRecordedAt);
      // A later instant would let the report change after it was given: not reproducible.
      if (asRecordedAt.getTime() > now.getTime()) {
        throw new RuleViolationError(`asRecordedAt ${options.asRecordedAt} is in the future`, 'as-recorded-at-in-future', { now: now.toISOString() });
      }
      const started = process.hrtime.bigint();
      const fromInstant = londonStartOfDay(period.from);
      const endInstant = londonEndOfDay(asOf);
      const organisationKinds = await deps.repository.organisationKinds(principal.partnershipId);
      const report = createYearlyReport({ period, asOf, fromInstant, endInstant, asRecordedAt, organisationKinds });
      // Entered up to the instant asked for (a case typed in after the year end may belong to it);
      // a case closed before the year began has nothing in it (steps cannot be dated in the future).
      const window = { partnershipId: principal.partnershipId, createdBefore: new Date(asRecordedAt.getTime() + 1), activeSince: fromInstant };
      let cases = 0;
      let actions = 0;
      const msSince = (from: bigint) => Math.round(Number(process.hrtime.bigint() - from) / 1e6);
      for await (const record of deps.repository.cases(window)) {
        report.addCase(record);
        cases++;
      }
      const casesMs = msSince(started);
      for await (const record of deps.repository.actions(window)) {
        report.addAction(record);
        actions++;
      }
      const figures = report.result();
      logger.info('yearly report computed', { year, cases, actions, casesMs, ms: msSince(started) });
      return {
        partnershipId: principal.partnershipId,
        year,
        period,
        asOf,
        asRecordedAt: asRecordedAt.toISOString(),
        complete: asOf === period.to && today > period.to,
        figures,
      };
    },
  };
}

export type YearlyReportService = ReturnType<typeof createYearlyReportService>;
