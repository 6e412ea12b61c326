import type { Principal } from '../access/principal.js';
import { londonEndOfDay, londonStartOfDay } from '../audit/london-day.js';
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
  /** True once the year has ended: the figures no longer change. */
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
    async yearly(principal: Principal, year: number): Promise<YearlyReport> {
      const startMonth = await deps.reportingYearStartMonth(principal.partnershipId);
      if (startMonth === undefined) throw new ForbiddenError('Your partnership is not set up in this service.');
      const period = reportingPeriod(year, startMonth);
      const today = todayInEngland(deps.clock);
      const asOf = reportAsOf(period, today);
      if (asOf === undefined) {
        throw new RuleViolationError(`The reporting year ${year} begins on ${period.from}; it has no figures yet.`, 'reporting-year-not-started', { period });
      }
      const started = process.hrtime.bigint();
      const fromInstant = londonStartOfDay(period.from);
      const endInstant = londonEndOfDay(asOf);
      const organisationKinds = await deps.repository.organisationKinds(principal.partnershipId);
      const report = createYearlyReport({ period, asOf, fromInstant, endInstant, organisationKinds });
      const window = { partnershipId: principal.partnershipId, createdBefore: endInstant, activeSince: fromInstant };
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
      return { partnershipId: principal.partnershipId, year, period, asOf, complete: asOf === period.to && today > period.to, figures };
    },
  };
}

export type YearlyReportService = ReturnType<typeof createYearlyReportService>;
