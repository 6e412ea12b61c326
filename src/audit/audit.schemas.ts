import { z } from 'zod';
import { PrincipalIdSchema } from '../access/principal.js';
import { CalendarDateSchema } from '../calendar/index.js';
import { PaginationSchema } from '../shared/pagination.js';
import { AUDIT_OUTCOMES } from './audit.model.js';

/** A period bound: a calendar date (a whole day in England) or an ISO instant. */
const BoundSchema = z.union([CalendarDateSchema, z.iso.datetime({ offset: true })]);

/** `GET /api/audit?caseId=&userId=&action=&outcome=&from=&to=&page=&pageSize=` (strict: unknown keys are a 400). */
export const AuditQuerySchema = PaginationSchema.extend({
  caseId: z
    .string()
    .regex(/^[a-f0-9]{32}$/, 'a case id is 32 hexadecimal characters')
    .optional(),
  userId: PrincipalIdSchema.optional(),
  action: z
    .string()
    .regex(/^[a-z][a-z-]{0,39}\.[a-z][a-z-]{0,39}$/, 'an action such as case.read')
    .optional(),
  outcome: z.enum(AUDIT_OUTCOMES).optional(),
  /** From this day (or instant), inclusive. */
  from: BoundSchema.optional(),
  /** To this day (inclusive, the whole day) or instant (exclusive). */
  to: BoundSchema.optional(),
}).strict();
export type AuditQueryInput = z.infer<typeof AuditQuerySchema>;
