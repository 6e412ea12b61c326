import { z } from 'zod';
import { PaginationSchema } from '../shared/pagination.js';
import { RouteSchema } from '../../workflows/routes.js';
import { IdentifierSchema } from '../../workflows/roles.js';

/** Case ids are 32 lowercase hex characters. */
export const CaseIdParamsSchema = z.object({ id: z.string().regex(/^[a-f0-9]{32}$/, 'a case id is 32 hexadecimal characters') }).strict();

const BooleanFlagSchema = z.enum(['true', 'false']).transform((value) => value === 'true');

export const CaseListQuerySchema = PaginationSchema.extend({
  state: z.string().regex(/^[A-Za-z.]{1,100}$/, 'a state path such as rapidReview.gathering').optional(),
  route: RouteSchema.optional(),
  overdue: BooleanFlagSchema.optional(),
  dueWithin: z.coerce.number().int().min(0).max(260).optional(),
  agency: IdentifierSchema.optional(),
}).strict();

export const DeadlineQuerySchema = PaginationSchema.extend({
  status: z.enum(['overdue', 'due-soon', 'pending']).optional(),
  within: z.coerce.number().int().min(0).max(260).optional(),
}).strict();
