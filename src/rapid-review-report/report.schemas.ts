import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/calendar-date.js';
import { PARTNERS } from '../access/roles.js';

const HEX_ID = /^[a-f0-9]{32}$/;
export const ReportParamsSchema = z.strictObject({ caseId: z.string().regex(HEX_ID, 'a case id is 32 hexadecimal characters') });
export const ReportVersionParamsSchema = ReportParamsSchema.extend({ version: z.coerce.number().int().min(1).max(10_000) });

const Text = z.string().max(20_000);
/** The business unit's own parts of the report; the rest comes from the record. */
export const ReportTextSchema = z.strictObject({ analysis: Text, immediateSafetyActions: Text, learning: Text });

export const SignOffVersionSchema = z.strictObject({ signedOn: CalendarDateSchema.optional() });
export const QueryVersionSchema = z.strictObject({ comment: z.string().trim().min(1).max(4000), queriedOn: CalendarDateSchema.optional() });
export const SendToPanelSchema = z.strictObject({ version: z.number().int().min(1), submittedOn: CalendarDateSchema });

const Partner = z.enum(PARTNERS);
export const ReportVersionViewSchema = z.strictObject({
  version: z.number().int(),
  documentVersion: z.number().int(),
  generatedBy: z.string(),
  generatedOn: CalendarDateSchema,
  meetingId: z.string().nullable(),
  status: z.enum(['awaiting-sign-off', 'signed', 'queried', 'superseded', 'sent']),
  /** "2 of 3 signed". */
  signedCount: z.number().int(),
  signOffs: z.array(z.strictObject({ partner: Partner, userId: z.string(), signedOn: CalendarDateSchema })),
  queries: z.array(z.strictObject({ partner: Partner, userId: z.string(), comment: z.string(), queriedOn: CalendarDateSchema })),
});
export const ReportViewSchema = z.strictObject({
  caseId: z.string(),
  documentId: z.string().nullable(),
  text: ReportTextSchema,
  latestVersion: z.number().int().nullable(),
  versions: z.array(ReportVersionViewSchema),
  sentToPanel: z.strictObject({ version: z.number().int(), sentOn: CalendarDateSchema }).nullable(),
});
