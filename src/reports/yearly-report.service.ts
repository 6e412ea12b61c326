import type { Principal } from '../access/principal.js';
import { londonEndOfDay, londonStartOfDay } from '../calendar/england-day.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { ConflictError, ForbiddenError, RuleViolationError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import { reportAsOf, reportingPeriod, type ReportingPeriod } from './reporting-year.js';
import { createYearlyReport, type YearlyFigures } from './yearly-report.js';
import type { YearlyReportRepository } from './yearly-report.repository.js';
import { actionStandings, reviewCases, reviewEntries, withStandings, type ReviewEntry } from './yearly-report-reviews.js';
import { recordedAfterPublication, type RecordedAfterPublication } from './yearly-report-changes.js';
import type { YearlyReportPublicationRecord } from './yearly-report-publication.model.js';
import {
  NarrativeSectionsSchema,
  emptyNarrative,
  type NarrativeSections,
  type YearlyReportNarrative,
  type YearlyReportNarratives,
} from './yearly-report-narrative.js';

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
  /** Each review of the year with its recommendations, actions, evidence of impact and how its learning was spread. */
  reviews: ReviewEntry[];
  /** Once published: who approved it and when; the figures above are then the frozen ones. */
  publication?: YearlyReportPublication;
  /** Once published: figures that entries recorded since would change, listed (never folded in). */
  recordedAfterPublication?: RecordedAfterPublication[];
}

export interface YearlyReportPublication {
  approvedBy: string;
  approvedOn: CalendarDate;
  publishedBy: { userId: string; role: string };
  publishedAt: string;
  asRecordedAt: string;
}

/** What publishing a yearly report needs: who approved it and the day they did. */
export interface PublishYearlyReportInput {
  year: number;
  approvedBy: string;
  approvedOn: CalendarDate;
}

/** Where published reports are kept (one per partnership and year; inserted once, never updated). */
export interface YearlyReportPublications {
  find(partnershipId: string, year: number): Promise<YearlyReportPublicationRecord | null>;
  /** Inserts; a second one for the same partnership and year throws a duplicate-key error (11000). */
  insert(record: YearlyReportPublicationRecord): Promise<void>;
}

export interface YearlyReportServiceDependencies {
  repository: YearlyReportRepository;
  clock: SystemClock;
  /** The partnership's reporting year start month (1 to 12); undefined when the partnership is unknown. */
  reportingYearStartMonth(partnershipId: string): Promise<number | undefined>;
  publications: YearlyReportPublications;
  /** The narrative sections' store (absent: the report has no narrative). */
  narratives?: Pick<YearlyReportNarratives, 'find' | 'save'>;
}

/** Who may write the narrative sections. */
export const NARRATIVE_ROLES = ['business-unit', 'chair'] as const;

export function createYearlyReportService(deps: YearlyReportServiceDependencies) {
  /** The report as recorded at an instant (now by default), with its reviews. */
  async function compute(principal: Principal, year: number, options: { asRecordedAt?: string } = {}): Promise<YearlyReport> {
    const startMonth = await deps.reportingYearStartMonth(principal.partnershipId);
    if (startMonth === undefined) throw new ForbiddenError('Your partnership is not set up in this service.');
    const period = reportingPeriod(year, startMonth);
    const today = todayInEngland(deps.clock);
    const asOf = reportAsOf(period, today);
    if (asOf === undefined) {
      throw new RuleViolationError(
        `The reporting year ${year} begins on ${period.from}; it has no figures yet.`,
        'reporting-year-not-started',
        { period },
      );
    }
    const now = deps.clock.now();
    const asRecordedAt = options.asRecordedAt === undefined ? now : new Date(options.asRecordedAt);
    // A later instant would let the report change after it was given: not reproducible.
    if (asRecordedAt.getTime() > now.getTime()) {
      throw new RuleViolationError(`asRecordedAt ${options.asRecordedAt} is in the future`, 'as-recorded-at-in-future', {
        now: now.toISOString(),
      });
    }
    const started = process.hrtime.bigint();
    const fromInstant = londonStartOfDay(period.from);
    const endInstant = londonEndOfDay(asOf);
    const organisationKinds = await deps.repository.organisationKinds(principal.partnershipId);
    const report = createYearlyReport({ period, asOf, fromInstant, endInstant, asRecordedAt, organisationKinds });
    // Entered up to the instant asked for (a case typed in after the year end may belong to it);
    // a case closed before the year began has nothing in it (steps cannot be dated in the future).
    const window = {
      partnershipId: principal.partnershipId,
      createdBefore: new Date(asRecordedAt.getTime() + 1),
      activeSince: fromInstant,
    };
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
    const reviewed = reviewCases(figures);
    const ids = reviewed.map((review) => review.case.id);
    const createdBefore = window.createdBefore;
    const [{ recommendations, actions: reviewActions }, learning] = await Promise.all([
      deps.repository.reviewRecommendations(principal.partnershipId, ids, createdBefore),
      deps.repository.reviewLearning(principal.partnershipId, ids, createdBefore),
    ]);
    logger.info('yearly report computed', { year, cases, actions, reviews: ids.length, casesMs, ms: msSince(started) });
    return {
      partnershipId: principal.partnershipId,
      year,
      period,
      asOf,
      asRecordedAt: asRecordedAt.toISOString(),
      complete: asOf === period.to && today > period.to,
      figures,
      reviews: reviewEntries(reviewed, recommendations, withStandings(reviewActions, actionStandings(figures)), learning),
    };
  }

  const publicationOf = (record: YearlyReportPublicationRecord): YearlyReportPublication => ({
    approvedBy: record.approvedBy,
    approvedOn: record.approvedOn,
    publishedBy: record.publishedBy,
    publishedAt: record.publishedAt.toISOString(),
    asRecordedAt: record.asRecordedAt,
  });

  return {
    /**
     * The partnership's report for reporting year `year`, streamed from the database and reduced in
     * memory. A published year answers with its frozen figures and lists what was recorded about
     * it since; `asRecordedAt` always reproduces the report as recorded at that instant.
     */
    async yearly(principal: Principal, year: number, options: { asRecordedAt?: string } = {}): Promise<YearlyReport> {
      const [live, published] = await Promise.all([
        compute(principal, year, options),
        deps.publications.find(principal.partnershipId, year),
      ]);
      if (!published) return live;
      if (options.asRecordedAt !== undefined) return { ...live, publication: publicationOf(published) };
      const figures = published.figures as YearlyFigures;
      return {
        ...live,
        asOf: published.asOf,
        asRecordedAt: published.asRecordedAt,
        figures,
        reviews: published.reviews as ReviewEntry[],
        publication: publicationOf(published),
        recordedAfterPublication: recordedAfterPublication(figures, live.figures),
      };
    },

    /** The narrative sections of the year (empty until written). */
    async narrative(principal: Principal, year: number): Promise<YearlyReportNarrative> {
      return deps.narratives ? deps.narratives.find(principal.partnershipId, year) : emptyNarrative();
    },

    /** Saves the narrative sections (business unit or chair); a published year's narrative is frozen with it. */
    async saveNarrative(principal: Principal, year: number, sections: NarrativeSections): Promise<void> {
      if (!(NARRATIVE_ROLES as readonly string[]).includes(principal.role))
        throw new ForbiddenError('Only the business unit or the chair writes the report.');
      if (!deps.narratives) throw new ForbiddenError('The report has no narrative here.');
      if (await deps.publications.find(principal.partnershipId, year)) {
        throw new ConflictError(`The ${year} yearly report is published; its text is frozen with it.`);
      }
      await deps.narratives.save(
        principal.partnershipId,
        year,
        NarrativeSectionsSchema.parse(sections),
        principal.userId,
        deps.clock.now(),
      );
    },

    /**
     * Publishes the year's report once the year has ended: its figures and reviews as recorded now
     * are frozen with who approved them and when. A second publication of the same year is a 409.
     */
    async publish(principal: Principal, input: PublishYearlyReportInput): Promise<YearlyReport> {
      const report = await compute(principal, input.year);
      if (!report.complete) {
        throw new RuleViolationError(
          `The reporting year ${input.year} ends on ${report.period.to}; it can be published once it has ended.`,
          'yearly-report-year-not-ended',
          { period: report.period },
        );
      }
      const today = todayInEngland(deps.clock);
      if (input.approvedOn > today)
        throw new RuleViolationError(`approvedOn ${input.approvedOn} is after today (${today})`, 'date-in-future');
      if (input.approvedOn <= report.period.to) {
        throw new RuleViolationError(
          `approvedOn ${input.approvedOn} is not after the reporting year ended (${report.period.to})`,
          'approved-before-year-end',
        );
      }
      if (await deps.publications.find(principal.partnershipId, input.year)) {
        throw new ConflictError(
          `The ${input.year} yearly report is already published; later entries are listed beside it, never folded in.`,
        );
      }
      const record: YearlyReportPublicationRecord = {
        _id: `${principal.partnershipId}:${input.year}`,
        partnershipId: principal.partnershipId,
        year: input.year,
        period: report.period,
        asOf: report.asOf,
        asRecordedAt: report.asRecordedAt,
        figures: report.figures,
        reviews: report.reviews,
        approvedBy: input.approvedBy,
        approvedOn: input.approvedOn,
        publishedBy: { userId: principal.userId, role: principal.role },
        publishedAt: deps.clock.now(),
      };
      try {
        await deps.publications.insert(record);
      } catch (error) {
        if ((error as { code?: unknown }).code === 11000) throw new ConflictError(`The ${input.year} yearly report is already published.`);
        throw error;
      }
      return { ...report, publication: publicationOf(record), recordedAfterPublication: [] };
    },
  };
}

export type YearlyReportService = ReturnType<typeof createYearlyReportService>;
