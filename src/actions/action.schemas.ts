import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/calendar-date.js';
import { PaginationSchema } from '../shared/pagination.js';
import { IdentifierSchema } from '../../workflows/roles.js';
import { ACTION_STATUSES, CASE_SOURCES, FREQUENCIES, OPTIONAL_CASE_SOURCES, RAGS, RECOMMENDATION_SOURCES } from './action.record.js';

/**
 * One zod schema per request concept. Every object is strict: an unknown key (including `$`
 * operators, `__proto__`, or a server-set field such as `status` or `version`) is a 400.
 */

const HEX_ID = /^[a-f0-9]{32}$/;

/** Recommendation, action and case ids are 32 lowercase hexadecimal characters. */
export const RecordIdSchema = z.string().regex(HEX_ID, 'an id is 32 hexadecimal characters');

export const IdParamsSchema = z.strictObject({ id: RecordIdSchema });

/** A partnership priority: `neglect`, `domestic-abuse`. */
export const PrioritySchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'a priority is lowercase letters, digits and - (e.g. neglect)');

const text = (max: number) => z.string().trim().min(1).max(max);
export const LongTextSchema = text(4000);
export const LeadSchema = text(200);
export const ReasonSchema = text(2000);

export const RecurrenceSchema = z.strictObject({
  frequency: z.enum(FREQUENCIES),
  /** Due dates fall every period counted from here. */
  startOn: CalendarDateSchema,
});

export const RagSchema = z.enum(RAGS);

export const CreateRecommendationSchema = z
  .strictObject({
    source: z.enum(RECOMMENDATION_SOURCES),
    caseId: RecordIdSchema.optional(),
    priority: PrioritySchema.optional(),
    text: LongTextSchema,
  })
  .superRefine((value, ctx) => {
    if (CASE_SOURCES.includes(value.source) && value.caseId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['caseId'], message: `a ${value.source} recommendation names its case` });
    }
    if (!CASE_SOURCES.includes(value.source) && !OPTIONAL_CASE_SOURCES.includes(value.source) && value.caseId !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['caseId'], message: `a ${value.source} recommendation does not belong to a case` });
    }
  });
export type CreateRecommendation = z.infer<typeof CreateRecommendationSchema>;

export const CreateActionSchema = z
  .strictObject({
    recommendationId: RecordIdSchema,
    text: LongTextSchema,
    ownerOrganisationId: IdentifierSchema,
    lead: LeadSchema,
    targetOn: CalendarDateSchema.optional(),
    recurrence: RecurrenceSchema.optional(),
    /** The opening rating; `complete` only by the events that follow. Default green (on track). */
    rag: z.enum(['red', 'amber', 'green']).default('green'),
  })
  .superRefine((value, ctx) => {
    if ((value.targetOn === undefined) === (value.recurrence === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['targetOn'], message: 'give either targetOn (a date) or recurrence, not both' });
    }
  });
export type CreateAction = z.infer<typeof CreateActionSchema>;

/**
 * The editable fields of an action. Chair and business unit may change any of them; an agency that
 * owns the action may change `lead` only. A new target (`targetOn` or `recurrence`, which replace
 * each other) needs a `reason`: the original target and every revision are kept. A new lead may
 * carry a reason too, recorded in the action's history.
 */
export const PatchActionSchema = z
  .strictObject({
    text: LongTextSchema.optional(),
    lead: LeadSchema.optional(),
    ownerOrganisationId: IdentifierSchema.optional(),
    targetOn: CalendarDateSchema.optional(),
    recurrence: RecurrenceSchema.optional(),
    reason: ReasonSchema.optional(),
  })
  .superRefine((value, ctx) => {
    const { reason, ...fields } = value;
    if (Object.values(fields).every((field) => field === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: 'name at least one of text, lead, ownerOrganisationId, targetOn, recurrence' });
    }
    if (value.targetOn !== undefined && value.recurrence !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['recurrence'], message: 'give either targetOn or recurrence, not both' });
    }
    const changesTarget = value.targetOn !== undefined || value.recurrence !== undefined;
    if (changesTarget && reason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a new target needs the reason for the revision' });
    }
    // A reason also explains a new lead (kept in the history); alone it changes nothing.
    if (!changesTarget && value.lead === undefined && reason !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'reason explains a new target or lead; send it with targetOn, recurrence or lead',
      });
    }
  });
export type PatchAction = z.infer<typeof PatchActionSchema>;

export const ACTION_EVENT_TYPES = ['action.progress-noted', 'action.rag-changed', 'action.impact-evidenced', 'action.signed-off'] as const;
export type ActionEventType = (typeof ACTION_EVENT_TYPES)[number];

export const ActionEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('action.progress-noted'), text: LongTextSchema }),
  z.strictObject({ type: z.literal('action.rag-changed'), rag: RagSchema, reason: ReasonSchema.optional() }),
  z.strictObject({ type: z.literal('action.impact-evidenced'), text: LongTextSchema, evidencedOn: CalendarDateSchema }),
  z.strictObject({ type: z.literal('action.signed-off'), note: ReasonSchema.optional() }),
]);
export type ActionEvent = z.infer<typeof ActionEventSchema>;

const BooleanFlagSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export const RecommendationListQuerySchema = PaginationSchema.extend({
  source: z.enum(RECOMMENDATION_SOURCES).optional(),
  priority: PrioritySchema.optional(),
  caseId: RecordIdSchema.optional(),
}).strict();
export type RecommendationListQuery = z.infer<typeof RecommendationListQuerySchema>;

export const ActionListQuerySchema = PaginationSchema.extend({
  /** The owner organisation's id. */
  owner: IdentifierSchema.optional(),
  source: z.enum(RECOMMENDATION_SOURCES).optional(),
  priority: PrioritySchema.optional(),
  rag: RagSchema.optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  overdue: BooleanFlagSchema.optional(),
  /** `with` or `without` evidence of impact. */
  impact: z.enum(['with', 'without']).optional(),
  caseId: RecordIdSchema.optional(),
  recommendationId: RecordIdSchema.optional(),
}).strict();
export type ActionListQuery = z.infer<typeof ActionListQuerySchema>;
