import { z } from 'zod';
import { PaginationSchema } from '../shared/pagination.js';
import { RouteSchema } from '../../workflows/statutory-routes.js';
import { IdentifierSchema } from '../../workflows/roles.js';

/** Case ids are 32 lowercase hex characters. */
export const CaseIdParamsSchema = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, 'a case id is 32 hexadecimal characters') }).strict();

/** Body of an explicit machine-version migration. */
export const MigrationBodySchema = z.object({ toVersion: z.number().int().min(1).max(1000) }).strict();

const BooleanFlagSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export const CaseListQuerySchema = PaginationSchema.extend({
  state: z
    .string()
    .regex(/^[A-Za-z.]{1,100}$/, 'a state path such as rapidReview.gathering')
    .optional(),
  route: RouteSchema.optional(),
  overdue: BooleanFlagSchema.optional(),
  dueWithin: z.coerce.number().int().min(0).max(260).optional(),
  agency: IdentifierSchema.optional(),
  /** Open cases, closed ones, or both (the default, as before this filter existed). */
  status: z.enum(['open', 'closed', 'all']).optional(),
  /** Part of a case reference, any case: letters, digits and hyphens. */
  reference: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'part of a case reference, such as NTH-2025-0001')
    .optional(),
}).strict();

export const DeadlineQuerySchema = PaginationSchema.extend({
  status: z.enum(['overdue', 'due-soon', 'pending']).optional(),
  within: z.coerce.number().int().min(0).max(260).optional(),
}).strict();

// ---- Responses: the allow-list of what each view may contain (strict: no other field) -----------

const DeadlineViewSchema = z
  .object({
    clockId: z.string(),
    title: z.string(),
    kind: z.enum(['statutory', 'guidance', 'local']),
    startedOn: z.string(),
    originalDueOn: z.string(),
    dueOn: z.string(),
    status: z.enum(['pending', 'due-soon', 'overdue', 'met', 'breached', 'lapsed', 'awaited']),
    soft: z.boolean(),
    lapsedOn: z.string().nullable(),
    lapseReason: z.string().nullable(),
    workingDaysLeft: z.number().int().nullable(),
    metOn: z.string().nullable(),
    lateReason: z.string().nullable(),
    revisions: z.array(z.object({ dueOn: z.string(), by: z.string(), at: z.string(), reasons: z.string() }).strict()),
    pauses: z.array(z.object({ from: z.string(), to: z.string().optional(), process: z.string() }).strict()),
  })
  .strict();

const CaseViewCommon = {
  id: z.string(),
  reference: z.string(),
  route: RouteSchema,
  state: z.string(),
  stage: z.string(),
  final: z.boolean(),
  version: z.number().int(),
  openedOn: z.string(),
  updatedAt: z.string(),
  acceptedEvents: z.array(z.string()),
};

/** What chair, business unit, partner leads, reviewers, viewers and admins see of a case. */
export const FullCaseViewSchema = z
  .object({
    ...CaseViewCommon,
    edition: z.string(),
    machine: z.object({ id: z.string(), version: z.number().int() }).strict(),
    nextDueOn: z.string().nullable(),
    referringOrganisationId: z.string().nullable(),
    organisationIds: z.array(z.string()),
    caseData: z.record(z.string(), z.unknown()),
    deadlines: z.array(DeadlineViewSchema),
    record: z.record(z.string(), z.unknown()),
  })
  .strict();

/** What an agency user sees: its own requests and, for its own referrals, what it sent. */
export const AgencyCaseViewSchema = z
  .object({
    ...CaseViewCommon,
    referredByYou: z.boolean(),
    informationRequests: z.array(
      z.object({ agency: z.string(), requestedOn: z.string(), dueOn: z.string().nullable(), returnedOn: z.string().nullable() }).strict(),
    ),
    deadlines: z.array(DeadlineViewSchema),
    caseData: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const CaseViewSchema = z.union([FullCaseViewSchema, AgencyCaseViewSchema]);

const HistoryActorSchema = z.object({ userId: z.string(), role: z.string(), organisationId: z.string().optional() }).strict();

/** A history entry as the roles that see the whole case read it (src/cases/case-history.views.ts). */
export const FullHistoryEntryViewSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    actor: HistoryActorSchema,
    at: z.string(),
    stateBefore: z.string().nullable(),
    stateAfter: z.string(),
    version: z.number().int(),
    fields: z.record(z.string(), z.unknown()),
  })
  .strict();

/** A history entry as an agency reads it: type, time and stage; actor and fields of its own organisation's events only. */
export const AgencyHistoryEntryViewSchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: z.string(),
    stage: z.string(),
    actor: HistoryActorSchema.optional(),
    fields: z.record(z.string(), z.unknown()),
  })
  .strict();

export const HistoryEntryViewSchema = z.union([FullHistoryEntryViewSchema, AgencyHistoryEntryViewSchema]);

export const EventResultSchema = z.object({ replayed: z.boolean(), event: HistoryEntryViewSchema, case: CaseViewSchema }).strict();

export const CaseSummarySchema = z
  .object({
    id: z.string(),
    reference: z.string(),
    route: RouteSchema,
    state: z.string(),
    stage: z.string(),
    final: z.boolean(),
    version: z.number().int(),
    openedOn: z.string(),
    nextDueOn: z.string().nullable().optional(),
    /** Which deadline nextDueOn is (hidden where nextDueOn is). */
    nextDeadline: z.object({ clockId: z.string(), title: z.string(), dueOn: z.string() }).strict().nullable().optional(),
    overdue: z.boolean(),
  })
  .strict();

export const CaseListSchema = z
  .object({ items: z.array(CaseSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .strict();
export const HistorySchema = z
  .object({ id: z.string(), reference: z.string(), version: z.number().int(), items: z.array(HistoryEntryViewSchema) })
  .strict();
export const DeadlineDashboardSchema = z
  .object({
    today: z.string(),
    within: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(
      z
        .object({
          caseId: z.string(),
          reference: z.string(),
          route: z.string(),
          state: z.string(),
          clockId: z.string(),
          title: z.string(),
          dueOn: z.string(),
          status: z.enum(['overdue', 'due-soon', 'pending']),
          workingDaysLeft: z.number().int().nullable(),
        })
        .strict(),
    ),
  })
  .strict();
export const VerificationSchema = z
  .object({ caseId: z.string(), reference: z.string(), consistent: z.boolean(), differences: z.array(z.string()) })
  .strict();
