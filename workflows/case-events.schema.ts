/**
 * The event language of the case lifecycle (`noun.verb`), one strict zod schema per event.
 *
 * Two views of each event:
 * - {@link CaseEventSchema}: what the machines receive, `{ type, actor, at, ...fields }`, where
 *   `actor` and `at` (an ISO instant) are set by the server, as are the server-only fields
 *   ({@link SERVER_SET_FIELDS}: `case.closed.openActions`, counted from the action plans).
 * - {@link ClientEventSchema}: what a client may send, `{ type, ...fields }` without those.
 */
import { z } from 'zod';
import { CalendarDateSchema, ClockIdSchema } from '../src/calendar/index.js';
import { ActorSchema, IdentifierSchema, PartnerSchema } from './roles.js';
import { EditionSchema } from './editions.js';
import { InstantSchema } from './instants.js';
import { ABUSE_OR_NEGLECT, LabelSchema } from './case-open.schema.js';

// ---- vocabularies -------------------------------------------------------------------------

export const SCREENING_OUTCOMES = ['notify', 'local-rapid-review', 'alternative-learning', 'refer-elsewhere', 'no-further-action'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

export const LEARNING_TYPES = [
  'professional-learning-event',
  'what-works-well-review',
  'professional-disagreement-meeting',
  'single-agency-review',
  'multi-agency-audit',
  'themed-forum',
  'other',
] as const;

/** Other statutory processes a referral may be passed to. */
export const REFERRAL_PROCESSES = ['domestic-homicide-review', 'safeguarding-adult-review', 'child-death-review', 'other'] as const;

/** What the partners weigh when deciding on a local review (Working Together; SI 2018/789). */
export const LOCAL_REVIEW_CRITERIA = [
  'improvements-needed',
  'recurrent-themes',
  'multi-agency-working',
  'panel-considers-local-review-appropriate',
  'single-agency-concern',
  'no-agency-involvement',
  'cross-boundary',
  'institutional-setting',
] as const;

export const PANEL_RESPONSES = ['agreed', 'challenged', 'national-review'] as const;
/** How the learning of a review was spread (DOMAIN.md "Action plan monitoring"). */
export const DISSEMINATION_KINDS = ['seven-minute-briefing', 'learning-event', 'training', 'newsletter', 'conference', 'other'] as const;
export type DisseminationKind = (typeof DISSEMINATION_KINDS)[number];
export const PAUSE_PROCESSES = ['criminal-trial', 'inquest', 'domestic-homicide-review', 'safeguarding-adult-review', 'other'] as const;
export type PauseProcess = (typeof PAUSE_PROCESSES)[number];
export const PUBLICATION_FORMS = ['full', 'improvements-only'] as const;
export const NOTICE_RECIPIENTS = ['panel', 'secretary-of-state', 'ofsted', 'nspcc', 'safeguarding-partners'] as const;
export type NoticeRecipient = (typeof NOTICE_RECIPIENTS)[number];
/** Who must receive the final report at least 7 working days before publication. */
export const REQUIRED_NOTICE_RECIPIENTS = ['panel', 'secretary-of-state', 'ofsted'] as const satisfies readonly NoticeRecipient[];

// ---- field types ----------------------------------------------------------------------------

/** Reasons for a decision: required, bounded. */
export const ReasonsSchema = z.string().trim().min(1).max(4000);
const NotesSchema = z.string().trim().min(1).max(4000);
/** Why a clock's event came late (kept with the breach). */
const LateReasonSchema = z.string().trim().min(1).max(1000).optional();
/**
 * The day a recorded step happened (issue 12): it may be earlier than the day it is typed in, and
 * defaults to that day. Never later than it, never before the incident (checked by
 * `checkHappenedOnDates`, workflows/case-rules.ts); clocks are met on it.
 */
const HappenedOn = CalendarDateSchema.optional();

function uniqueList<T extends z.ZodType>(item: T, min: number, max: number) {
  return z
    .array(item)
    .min(min)
    .max(max)
    .refine((xs) => new Set(xs).size === xs.length, { message: 'each value at most once' });
}

// ---- one definition per event ----------------------------------------------------------------

type Issue = (path: string, message: string) => void;

/** Builds the client and the machine schema of one event from its own fields. */
function define<const T extends string, S extends z.ZodRawShape, SS extends z.ZodRawShape = Record<never, never>>(
  type: T,
  shape: S,
  options: { server?: SS; refine?: (value: z.output<z.ZodObject<S>>, issue: Issue) => void } = {},
) {
  const refine = options.refine;
  const check = (value: unknown, ctx: z.core.$RefinementCtx<unknown>): void => {
    refine?.(value as z.output<z.ZodObject<S>>, (path, message) => ctx.addIssue({ code: 'custom', path: [path], message }));
  };
  const client = z
    .object({ type: z.literal(type), ...shape })
    .strict()
    .superRefine(check);
  const event = z
    .object({ type: z.literal(type), actor: ActorSchema, at: InstantSchema, ...shape, ...(options.server ?? ({} as SS)) })
    .strict()
    .superRefine(check);
  return { type, client, event };
}

const D = {
  referralScreened: define(
    'referral.screened',
    {
      outcome: z.enum(SCREENING_OUTCOMES),
      reasons: ReasonsSchema,
      screenedOn: HappenedOn,
      learningType: z.enum(LEARNING_TYPES).optional(),
      process: z.enum(REFERRAL_PROCESSES).optional(),
      /** What screening found about abuse or neglect (machine version 4 needs it to screen a notified case out). */
      abuseOrNeglect: z.enum(ABUSE_OR_NEGLECT).optional(),
    },
    {
      refine: (v, issue) => {
        if (v.outcome === 'alternative-learning' && v.learningType === undefined)
          issue('learningType', 'alternative learning names its type');
        if (v.outcome !== 'alternative-learning' && v.learningType !== undefined) issue('learningType', 'only for alternative-learning');
        if (v.outcome === 'refer-elsewhere' && v.process === undefined) issue('process', 'refer-elsewhere names the process');
        if (v.outcome !== 'refer-elsewhere' && v.process !== undefined) issue('process', 'only for refer-elsewhere');
      },
    },
  ),
  sinSubmitted: define('sin.submitted', { submittedOn: CalendarDateSchema, lateReason: LateReasonSchema }),
  partnersInformed: define('partners.informed', { informedOn: CalendarDateSchema, lateReason: LateReasonSchema }),
  partnersInformedWaived: define('partners-informed.waived', { reasons: ReasonsSchema, waivedOn: HappenedOn }),
  sinWithdrawn: define('sin.withdrawn', { reasons: ReasonsSchema, withdrawnOn: HappenedOn }),
  agencyInformationRequested: define('agency-information.requested', {
    agencies: uniqueList(IdentifierSchema, 1, 50),
    dueOn: CalendarDateSchema.optional(),
    requestedOn: HappenedOn,
  }),
  agencyInformationReturned: define('agency-information.returned', {
    agency: IdentifierSchema,
    returnedOn: CalendarDateSchema.optional(),
  }),
  rapidReviewMeetingHeld: define('rapid-review.meeting-held', { heldOn: CalendarDateSchema, lateReason: LateReasonSchema }),
  safetyActionRecorded: define('safety-action.recorded', {
    /** The immediate action taken to keep children safe (no names). */
    action: z.string().trim().min(1).max(1000),
    takenOn: CalendarDateSchema,
    /** The organisation that took it, when one did. */
    organisationId: IdentifierSchema.optional(),
  }),
  rapidReviewDecided: define(
    'rapid-review.decided',
    {
      localReview: z.boolean(),
      nationalReviewSuggested: z.boolean(),
      criteriaMet: uniqueList(z.enum(LOCAL_REVIEW_CRITERIA), 0, LOCAL_REVIEW_CRITERIA.length),
      reasons: ReasonsSchema,
      decidedOn: HappenedOn,
      /** The learning is taken forward through another review (e.g. joining a domestic homicide review), not an LCSPR. */
      otherReview: z.enum(REFERRAL_PROCESSES).optional(),
      /** The meeting (src/meetings) the decision was taken at; optional, additive (issue 15). */
      meetingId: IdentifierSchema.optional(),
    },
    {
      refine: (v, issue) =>
        void (
          v.otherReview !== undefined &&
          v.localReview &&
          issue('otherReview', 'learning through another review is instead of a local review')
        ),
    },
  ),
  rapidReviewSignedOff: define('rapid-review.signed-off', { partner: PartnerSchema, signedOffOn: HappenedOn }),
  rapidReviewSubmitted: define('rapid-review.submitted', { submittedOn: CalendarDateSchema, lateReason: LateReasonSchema }),
  panelResponded: define(
    'panel.responded',
    {
      response: z.enum(PANEL_RESPONSES),
      localReview: z.boolean().optional(),
      comments: z.string().trim().min(1).max(4000),
      respondedOn: HappenedOn,
    },
    { refine: (v, issue) => void (v.response !== 'agreed' && v.localReview !== undefined && issue('localReview', 'only for agreed')) },
  ),
  panelInformationRequested: define('panel.information-requested', {
    comments: z.string().trim().min(1).max(4000),
    requestedOn: HappenedOn,
  }),
  panelInformationSent: define('panel.information-sent', { answeredOn: CalendarDateSchema }),
  localReviewCommissioned: define(
    'local-review.commissioned',
    {
      commissionedOn: CalendarDateSchema,
      /** Machine version 4: the 6-month clock starts at the decision to initiate the review; a later start gives its day and reasons. */
      clockStartsOn: CalendarDateSchema.optional(),
      clockStartReasons: ReasonsSchema.optional(),
    },
    {
      refine: (v, issue) =>
        void (
          v.clockStartReasons !== undefined &&
          v.clockStartsOn === undefined &&
          issue('clockStartsOn', 'reasons go with a later start day')
        ),
    },
  ),
  reviewerAppointed: define('reviewer.appointed', { reviewerId: IdentifierSchema }),
  termsOfReferenceAgreed: define('terms-of-reference.agreed', { agreedOn: HappenedOn }),
  localReviewMonitored: define('local-review.monitored', { notes: NotesSchema, monitoredOn: HappenedOn }),
  localReviewPaused: define('local-review.paused', {
    process: z.enum(PAUSE_PROCESSES),
    expectedEndOn: CalendarDateSchema,
    reasons: ReasonsSchema.optional(),
    pausedOn: HappenedOn,
  }),
  localReviewResumed: define('local-review.resumed', { resumedOn: HappenedOn }),
  draftReceived: define('draft.received', { receivedOn: HappenedOn }),
  draftQualityAssured: define('draft.quality-assured', { assuredOn: HappenedOn }),
  localReviewSignedOff: define('local-review.signed-off', { partner: PartnerSchema, signedOffOn: HappenedOn }),
  publicationDecided: define('publication.decided', {
    form: z.enum(PUBLICATION_FORMS),
    plannedOn: CalendarDateSchema,
    /** Why the full report is not published (required for `improvements-only`). */
    reasons: ReasonsSchema.optional(),
    decidedOn: HappenedOn,
  }),
  publicationNoticeSent: define('publication.notice-sent', {
    recipients: uniqueList(z.enum(NOTICE_RECIPIENTS), 1, NOTICE_RECIPIENTS.length),
    sentOn: CalendarDateSchema,
    lateReason: LateReasonSchema,
  }),
  publicationDeferred: define('publication.deferred', { reasons: ReasonsSchema, reviewOn: CalendarDateSchema, deferredOn: HappenedOn }),
  reportPublished: define('report.published', {
    publishedOn: CalendarDateSchema,
    address: z.httpUrl().max(2000),
    lateReason: LateReasonSchema,
  }),
  learningDisseminated: define('learning.disseminated', {
    kind: z.enum(DISSEMINATION_KINDS),
    disseminatedOn: CalendarDateSchema,
    /** Who it reached, e.g. "designated safeguarding leads in schools". */
    audience: LabelSchema,
    /** How many people it reached. */
    reach: z.number().int().min(0).max(1_000_000),
  }),
  repositorySubmitted: define('repository.submitted', { submittedOn: CalendarDateSchema, address: z.httpUrl().max(2000).optional() }),
  learningCompleted: define('learning.completed', { completedOn: HappenedOn }),
  actionPlanCompleted: define('action-plan.completed', { completedOn: HappenedOn }),
  caseClosed: define(
    'case.closed',
    { reasons: ReasonsSchema, closedOn: HappenedOn },
    { server: { openActions: z.number().int().min(0).max(1_000_000) } },
  ),
  clockExtended: define('clock.extended', { clockId: ClockIdSchema, newDueOn: CalendarDateSchema, reasons: ReasonsSchema }),
  deadlinePassed: define('deadline.passed', { clockId: ClockIdSchema }),
  editionMigrated: define('edition.migrated', { toEdition: EditionSchema, reasons: ReasonsSchema }),
};

/** Every event type, in lifecycle order. */
export const EVENT_TYPES = [
  D.referralScreened.type,
  D.sinSubmitted.type,
  D.partnersInformed.type,
  D.partnersInformedWaived.type,
  D.sinWithdrawn.type,
  D.agencyInformationRequested.type,
  D.agencyInformationReturned.type,
  D.safetyActionRecorded.type,
  D.rapidReviewMeetingHeld.type,
  D.rapidReviewDecided.type,
  D.rapidReviewSignedOff.type,
  D.rapidReviewSubmitted.type,
  D.panelResponded.type,
  D.panelInformationRequested.type,
  D.panelInformationSent.type,
  D.localReviewCommissioned.type,
  D.reviewerAppointed.type,
  D.termsOfReferenceAgreed.type,
  D.localReviewMonitored.type,
  D.localReviewPaused.type,
  D.localReviewResumed.type,
  D.draftReceived.type,
  D.draftQualityAssured.type,
  D.localReviewSignedOff.type,
  D.publicationDecided.type,
  D.publicationNoticeSent.type,
  D.publicationDeferred.type,
  D.reportPublished.type,
  D.learningDisseminated.type,
  D.repositorySubmitted.type,
  D.learningCompleted.type,
  D.actionPlanCompleted.type,
  D.caseClosed.type,
  D.clockExtended.type,
  D.deadlinePassed.type,
  D.editionMigrated.type,
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** An event as the machines receive it: `{ type, actor, at, ...fields }`. */
export const CaseEventSchema = z.discriminatedUnion('type', [
  D.referralScreened.event,
  D.sinSubmitted.event,
  D.partnersInformed.event,
  D.partnersInformedWaived.event,
  D.sinWithdrawn.event,
  D.agencyInformationRequested.event,
  D.agencyInformationReturned.event,
  D.safetyActionRecorded.event,
  D.rapidReviewMeetingHeld.event,
  D.rapidReviewDecided.event,
  D.rapidReviewSignedOff.event,
  D.rapidReviewSubmitted.event,
  D.panelResponded.event,
  D.panelInformationRequested.event,
  D.panelInformationSent.event,
  D.localReviewCommissioned.event,
  D.reviewerAppointed.event,
  D.termsOfReferenceAgreed.event,
  D.localReviewMonitored.event,
  D.localReviewPaused.event,
  D.localReviewResumed.event,
  D.draftReceived.event,
  D.draftQualityAssured.event,
  D.localReviewSignedOff.event,
  D.publicationDecided.event,
  D.publicationNoticeSent.event,
  D.publicationDeferred.event,
  D.reportPublished.event,
  D.learningDisseminated.event,
  D.repositorySubmitted.event,
  D.learningCompleted.event,
  D.actionPlanCompleted.event,
  D.caseClosed.event,
  D.clockExtended.event,
  D.deadlinePassed.event,
  D.editionMigrated.event,
]);
export type CaseEvent = z.infer<typeof CaseEventSchema>;
export type CaseEventOf<T extends EventType> = Extract<CaseEvent, { type: T }>;

/** What a client may send: `{ type, ...fields }`; the service adds `actor`, `at` and `openActions`. */
export const ClientEventSchema = z.discriminatedUnion('type', [
  D.referralScreened.client,
  D.sinSubmitted.client,
  D.partnersInformed.client,
  D.partnersInformedWaived.client,
  D.sinWithdrawn.client,
  D.agencyInformationRequested.client,
  D.agencyInformationReturned.client,
  D.safetyActionRecorded.client,
  D.rapidReviewMeetingHeld.client,
  D.rapidReviewDecided.client,
  D.rapidReviewSignedOff.client,
  D.rapidReviewSubmitted.client,
  D.panelResponded.client,
  D.panelInformationRequested.client,
  D.panelInformationSent.client,
  D.localReviewCommissioned.client,
  D.reviewerAppointed.client,
  D.termsOfReferenceAgreed.client,
  D.localReviewMonitored.client,
  D.localReviewPaused.client,
  D.localReviewResumed.client,
  D.draftReceived.client,
  D.draftQualityAssured.client,
  D.localReviewSignedOff.client,
  D.publicationDecided.client,
  D.publicationNoticeSent.client,
  D.publicationDeferred.client,
  D.reportPublished.client,
  D.learningDisseminated.client,
  D.repositorySubmitted.client,
  D.learningCompleted.client,
  D.actionPlanCompleted.client,
  D.caseClosed.client,
  D.clockExtended.client,
  D.deadlinePassed.client,
  D.editionMigrated.client,
]);
export type ClientEvent = z.infer<typeof ClientEventSchema>;

/** Fields of an event that only the server sets (rejected from a client as unknown keys). */
export const SERVER_SET_FIELDS: Readonly<Partial<Record<EventType, readonly string[]>>> = {
  'case.closed': ['openActions'],
};

/** The per-event schemas, by type (for the OpenAPI document). */
export const EVENT_SCHEMAS = Object.fromEntries(Object.values(D).map((d) => [d.type, d])) as unknown as Record<
  EventType,
  { type: EventType; client: z.ZodType; event: z.ZodType }
>;
