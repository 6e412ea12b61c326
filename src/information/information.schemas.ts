import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/index.js';
import { IdentifierSchema } from '../../workflows/roles.js';
import { InformationTemplateSchema } from './information.template.js';
import { RETURN_STATUSES } from './information.model.js';

const CASE_ID = /^[a-f0-9]{32}$/;
export const CaseIdParamsSchema = z.object({ id: z.string().regex(CASE_ID, 'a case id is 32 hexadecimal characters') }).strict();
export const RequestIdParamsSchema = z
  .object({ requestId: z.string().regex(/^ir-[a-f0-9]{24}$/, 'a request id is ir- and 24 hexadecimal characters') })
  .strict();

/** The business unit asks agencies: the lifecycle's `agency-information.requested`, with the template's questions. */
export const AskAgenciesBodySchema = z
  .object({
    agencies: z
      .array(IdentifierSchema)
      .min(1)
      .max(50)
      .refine((agencies) => new Set(agencies).size === agencies.length, 'each agency at most once'),
    /** Default: the case's agency-returns clock. */
    dueOn: CalendarDateSchema.optional(),
    /** Default: today. */
    requestedOn: CalendarDateSchema.optional(),
  })
  .strict();

const LongText = z.string().max(20_000);
/** Document ids from the documents component (src/documents): 32 hexadecimal characters; the service checks each is a readable document of the case. */
export const DocumentIdsSchema = z
  .array(z.string().regex(CASE_ID, 'a document id is 32 hexadecimal characters'))
  .max(20)
  .refine((ids) => new Set(ids).size === ids.length, 'each document at most once');

/** A return as the agency saves it: any part may still be empty in a draft. */
export const ReturnAnswerSchema = z
  .object({
    summary: LongText,
    chronology: z.array(z.object({ on: CalendarDateSchema, contact: z.string().trim().min(1).max(2_000) }).strict()).max(500),
    analysis: LongText,
    learning: LongText,
    documentIds: DocumentIdsSchema.default([]),
  })
  .strict();

export const TemplateBodySchema = InformationTemplateSchema;

const ContextSchema = z.object({
  ageBands: z.array(z.string()).nullable(),
  incidentOn: z.string().nullable(),
  laAwareOn: z.string().nullable(),
  partnersAwareOn: z.string().nullable(),
});

const AnswerViewSchema = z.object({
  summary: z.string(),
  chronology: z.array(z.object({ on: z.string(), contact: z.string() })),
  analysis: z.string(),
  learning: z.string(),
  documentIds: z.array(z.string()),
});

export const RequestViewSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  reference: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  requestedOn: z.string(),
  dueOn: z.string().nullable(),
  questions: InformationTemplateSchema.shape.questions,
  context: ContextSchema,
  status: z.enum(RETURN_STATUSES),
  version: z.number().int(),
  revision: z.number().int().describe('Send it back as If-Match when saving or submitting the return.'),
  answer: AnswerViewSchema.nullable(),
  savedAt: z.string().nullable(),
  submittedOn: z.string().nullable(),
  previousVersions: z.array(z.object({ version: z.number().int(), submittedOn: z.string(), answer: AnswerViewSchema })),
});

export const CaseInformationResponseSchema = z.object({
  caseId: z.string(),
  reference: z.string(),
  caseVersion: z.number().int(),
  requests: z.array(RequestViewSchema),
  missing: z.array(z.object({ id: z.string(), name: z.string(), dueOn: z.string().nullable() })),
  suggestedAgencies: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const MyRequestsResponseSchema = z.object({
  items: z.array(
    RequestViewSchema.pick({ id: true, caseId: true, reference: true, requestedOn: true, dueOn: true, status: true, version: true }),
  ),
});

export const TemplateResponseSchema = InformationTemplateSchema.extend({ version: z.number().int(), custom: z.boolean() });
