import { z } from 'zod';

/** `?dryRun=true|false`: a dry run checks every row and writes nothing. Required, so nobody imports by accident. */
export const ImportQuerySchema = z.object({ dryRun: z.enum(['true', 'false']).transform((value) => value === 'true') }).strict();

/** The largest case-log file accepted (a few thousand rows fit well inside it). */
export const IMPORT_BODY_LIMIT_BYTES = 2_000_000;

export const ImportResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  alreadyImported: z.number().int(),
  results: z.array(
    z.object({
      line: z.number().int(),
      formerReference: z.string(),
      outcome: z.enum(['created', 'would-create', 'already-imported']),
      caseId: z.string(),
      reference: z.string().nullable(),
      state: z.string(),
    }),
  ),
});
