import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/calendar-date.js';

/**
 * `GET /api/reports/yearly?year=2024`: the reporting year that starts in 2024; `asRecordedAt` (an
 * ISO instant, default now) reproduces the report as it was recorded then. Strict: other keys are a 400.
 */
export const YearlyReportQuerySchema = z
  .object({
    year: z
      .string()
      .regex(/^\d{4}$/, 'a four-digit year, e.g. 2024')
      .transform(Number)
      .pipe(z.number().int().min(2000).max(2100)),
    asRecordedAt: z.iso
      .datetime({ offset: true, message: 'an ISO 8601 instant, e.g. 2025-04-04T09:00:00Z' })
      .optional()
      .describe('count only what was recorded by this instant (default: now), to reproduce an earlier report exactly'),
  })
  .strict();

/** `POST /api/reports/yearly/publications`: publish (freeze) a reporting year's report once the year has ended. */
export const PublishYearlyReportSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    approvedBy: z.string().trim().min(1).max(200).describe('who approved the report, e.g. "the safeguarding partners\' executive group"'),
    approvedOn: CalendarDateSchema.describe('the day it was approved: after the reporting year ended, not after today'),
  })
  .strict();

// ---- the response (documentation; a unit test parses a real report with it, so it cannot drift) ----

const LinkSchema = z.object({ id: z.string(), reference: z.string() }).strict();
const CaseFigureSchema = z
  .object({ value: z.number().int().min(0), cases: z.array(LinkSchema).describe('the cases counted, by id and reference') })
  .strict();
const ActionFigureSchema = z.object({ value: z.number().int().min(0), actions: z.array(LinkSchema) }).strict();
const caseFigures = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, CaseFigureSchema])) as Record<K, typeof CaseFigureSchema>).strict();
const RagFiguresSchema = z
  .object({ total: ActionFigureSchema, withEvidenceOfImpact: ActionFigureSchema, withoutEvidenceOfImpact: ActionFigureSchema })
  .strict();
const NotificationFiguresSchema = caseFigures(['notified', 'withinFiveWorkingDays', 'late']);

export const YearlyFiguresSchema = z
  .object({
    referrals: z
      .object({
        received: CaseFigureSchema,
        sin: CaseFigureSchema,
        nonSin: CaseFigureSchema,
        byRoute: caseFigures(['serious-incident', 'looked-after-death', 'care-leaver-death', 'referral', 'youth-justice-incident']),
        bySourceKind: z.array(CaseFigureSchema.extend({ kind: z.string() })),
        bySourceOrganisation: z.array(CaseFigureSchema.extend({ organisationId: z.string(), kind: z.string() })),
      })
      .strict(),
    sins: NotificationFiguresSchema.describe('serious incident notifications (the same as notifications.byKind.seriousIncident)'),
    notifications: NotificationFiguresSchema.extend({
      byKind: z
        .object({
          seriousIncident: NotificationFiguresSchema,
          lookedAfterChildDeath: NotificationFiguresSchema,
          careLeaverDeath: NotificationFiguresSchema,
        })
        .strict(),
    }).describe('every notification to the Panel: notified/withinFiveWorkingDays/late are the totals of the three kinds'),
    rapidReviews: caseFigures(['completed', 'withinFifteenWorkingDays', 'late'])
      .extend({ outcomes: caseFigures(['noLocalReview', 'localReview', 'nationalReview', 'withdrawn']) })
      .describe('statutory rapid reviews: those that followed a notification and went to the Panel'),
    localReviews: caseFigures(['rapidReviews', 'commissioned', 'inProgress', 'published']).describe(
      'local reviews without a notification (the partnership’s own learning), counted apart from statutory rapid reviews and LCSPRs',
    ),
    nonSinOutcomes: caseFigures(['notify', 'local-rapid-review', 'alternative-learning', 'refer-elsewhere', 'no-further-action']),
    lcsprs: caseFigures(['commissioned', 'inProgress', 'published', 'deferred', 'overdue', 'publishedAfterSixMonths']).describe(
      'statutory LCSPRs only',
    ),
    nationalReviews: caseFigures(['total', 'selectedByPanel', 'openedOnRoute']),
    outOfArea: caseFigures(['supported', 'opened']),
    actions: z
      .object({
        total: ActionFigureSchema,
        byStatus: z
          .object({
            open: ActionFigureSchema,
            awaitingSignOff: ActionFigureSchema,
            complete: ActionFigureSchema,
            overdue: ActionFigureSchema,
          })
          .strict(),
        withEvidenceOfImpact: ActionFigureSchema,
        withoutEvidenceOfImpact: ActionFigureSchema,
        byRag: z.object({ red: RagFiguresSchema, amber: RagFiguresSchema, green: RagFiguresSchema, complete: RagFiguresSchema }).strict(),
      })
      .strict(),
    themes: z.array(CaseFigureSchema.extend({ theme: z.string() })),
  })
  .strict();

const ReviewSchema = z
  .object({
    case: LinkSchema,
    kind: z.enum(['statutory', 'local', 'national']),
    recommendations: z.array(
      z
        .object({
          id: z.string(),
          reference: z.string(),
          text: z.string(),
          actions: z.array(
            z
              .object({
                id: z.string(),
                reference: z.string(),
                text: z.string(),
                status: z.string(),
                rag: z.string(),
                impactEvidence: z.array(z.object({ evidencedOn: z.string(), text: z.string() }).strict()),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
    dissemination: z.array(
      z.object({ kind: z.string(), disseminatedOn: z.string(), audience: z.string(), reach: z.number().int() }).strict(),
    ),
    repositorySubmittedOn: z.string().nullable(),
    publishedOn: z.string().nullable(),
  })
  .strict();

const PublicationSchema = z
  .object({
    approvedBy: z.string(),
    approvedOn: z.string(),
    publishedBy: z.object({ userId: z.string(), role: z.string() }).strict(),
    publishedAt: z.string(),
    asRecordedAt: z.string(),
  })
  .strict();

const ChangeSchema = z
  .object({
    figure: z.string(),
    publishedValue: z.number().int(),
    currentValue: z.number().int(),
    added: z.array(z.string()),
    removed: z.array(z.string()),
  })
  .strict();

export const YearlyReportResponseSchema = z
  .object({
    partnershipId: z.string(),
    year: z.number().int(),
    period: z.object({ from: z.string(), to: z.string() }).strict(),
    asOf: z.string().describe('the day the figures are taken on'),
    asRecordedAt: z.string().describe('the instant the figures were recorded by: ask again with it to reproduce them exactly'),
    complete: z.boolean(),
    figures: YearlyFiguresSchema.describe('once published, the frozen figures'),
    reviews: z
      .array(ReviewSchema)
      .describe('each review of the year: its recommendations, their actions and evidence of impact, how its learning was spread'),
    publication: PublicationSchema.optional().describe('present once the year is published: who approved it, when'),
    recordedAfterPublication: z
      .array(ChangeSchema)
      .optional()
      .describe('once published: figures that entries recorded since would change (never folded in)'),
  })
  .strict();
