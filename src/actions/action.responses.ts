import { z } from 'zod';
import { ACTION_STATUSES, FREQUENCIES, RAGS, RECOMMENDATION_SOURCES } from './action.record.js';

/**
 * What the learning-action endpoints answer, as strict zod schemas: the OpenAPI document is built
 * from them, and the tests parse real responses with them, so a field the views do not allow-list
 * cannot reach a client unnoticed (RELIABILITY row 3). `caseId` and `caseReference` are absent for
 * agency users.
 */

const Date_ = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Instant = z.string();
const Id = z.string().regex(/^[a-f0-9]{32}$/);

export const ActorViewSchema = z.strictObject({ userId: z.string(), role: z.string(), organisationId: z.string().optional() });
const RecurrenceViewSchema = z.strictObject({ frequency: z.enum(FREQUENCIES), startOn: Date_ });
const TargetViewSchema = z.strictObject({ targetOn: Date_.nullable(), recurrence: RecurrenceViewSchema.nullable() });

export const ActionSummarySchema = z.strictObject({
  id: Id,
  reference: z.string(),
  recommendationId: Id,
  recommendationReference: z.string(),
  source: z.enum(RECOMMENDATION_SOURCES),
  priority: z.string().nullable(),
  caseId: Id.nullable().optional(),
  caseReference: z.string().nullable().optional(),
  text: z.string(),
  ownerOrganisationId: z.string(),
  lead: z.string(),
  targetOn: Date_.nullable(),
  recurrence: RecurrenceViewSchema.nullable(),
  dueOn: Date_.nullable(),
  overdue: z.boolean(),
  rag: z.enum(RAGS),
  status: z.enum(ACTION_STATUSES),
  hasImpactEvidence: z.boolean(),
  progressNoteCount: z.number().int(),
  latestProgressNote: z.strictObject({ on: Date_, text: z.string() }).nullable(),
  signedOffOn: Date_.nullable(),
  version: z.number().int(),
});

export const ActionViewSchema = ActionSummarySchema.extend({
  originalTarget: TargetViewSchema,
  targetRevisions: z.array(
    z.strictObject({
      seq: z.number().int(),
      on: Date_,
      at: Instant,
      by: ActorViewSchema,
      reason: z.string(),
      from: TargetViewSchema,
      to: TargetViewSchema,
    }),
  ),
  progressNotes: z.array(z.strictObject({ seq: z.number().int(), on: Date_, at: Instant, by: ActorViewSchema, text: z.string() })),
  impactEvidence: z.array(
    z.strictObject({ seq: z.number().int(), evidencedOn: Date_, at: Instant, by: ActorViewSchema, text: z.string() }),
  ),
  signOff: z.strictObject({ on: Date_, at: Instant, by: ActorViewSchema, note: z.string().nullable() }).nullable(),
  createdOn: Date_,
  createdAt: Instant,
  updatedAt: Instant,
}).strict();

export const ActionHistoryItemSchema = z.strictObject({
  seq: z.number().int(),
  type: z.string(),
  actor: ActorViewSchema,
  at: Instant,
  version: z.number().int(),
  fields: z.record(z.string(), z.unknown()),
});

export const ActionHistorySchema = z.strictObject({
  id: Id,
  reference: z.string(),
  version: z.number().int(),
  items: z.array(ActionHistoryItemSchema),
});
export const ActionChangeResultSchema = z.strictObject({ replayed: z.boolean(), event: ActionHistoryItemSchema, action: ActionViewSchema });
export const ActionListSchema = z.strictObject({
  items: z.array(ActionSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const ActionCountsSchema = z.strictObject({
  total: z.number().int(),
  open: z.number().int(),
  awaitingSignOff: z.number().int(),
  complete: z.number().int(),
  overdue: z.number().int(),
});

export const RecommendationViewSchema = z.strictObject({
  id: Id,
  reference: z.string(),
  source: z.enum(RECOMMENDATION_SOURCES),
  priority: z.string().nullable(),
  caseId: Id.nullable().optional(),
  caseReference: z.string().nullable().optional(),
  text: z.string(),
  createdOn: Date_,
  createdAt: Instant,
  version: z.number().int(),
  actionCounts: ActionCountsSchema,
});
export const RecommendationDetailSchema = RecommendationViewSchema.extend({ actions: z.array(ActionSummarySchema) }).strict();
export const RecommendationListSchema = z.strictObject({
  items: z.array(RecommendationViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
