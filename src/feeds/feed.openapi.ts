import { z } from 'zod';
import { ROLES } from '../access/roles.js';
import { CaseIdParamsSchema } from '../cases/case.schemas.js';
import type { OperationSpec } from '../openapi/operation.js';
import { CreateFeedTokenSchema, FeedTokenIdParamsSchema, FeedTokenListQuerySchema } from './feed-token.service.js';
import { FeedQuerySchema } from './feed.routes.js';

const FeedTokenViewSchema = z.object({
  id: z.string(),
  label: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string(),
});

export const feedOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/deadlines.ics',
    summary: 'iCalendar feed of every open deadline you may see, and overdue actions',
    tag: 'Calendar feeds',
    auth: 'feed-token',
    query: FeedQuerySchema,
    responses: { 200: { description: 'An iCalendar document.', contentType: 'text/calendar' } },
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/cases/:id/deadlines.ics',
    summary: 'iCalendar feed of one case’s deadlines',
    tag: 'Calendar feeds',
    auth: 'feed-token',
    params: CaseIdParamsSchema,
    query: FeedQuerySchema,
    responses: { 200: { description: 'An iCalendar document.', contentType: 'text/calendar' } },
    errors: [400, 401, 404, 503],
  },
  {
    method: 'post',
    path: '/feed-tokens',
    summary: 'Make a calendar feed token (shown once; only its hash is kept)',
    tag: 'Calendar feeds',
    auth: 'bearer',
    roles: ROLES,
    body: CreateFeedTokenSchema,
    responses: {
      201: {
        description: 'The token and the feed addresses.',
        schema: FeedTokenViewSchema.extend({ token: z.string(), feeds: z.record(z.string(), z.string()) }),
      },
    },
    errors: [400, 401, 413, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/feed-tokens',
    summary: 'Your active feed tokens (no secrets); an administrator may name another user of the partnership',
    tag: 'Calendar feeds',
    auth: 'bearer',
    roles: ROLES,
    query: FeedTokenListQuerySchema,
    responses: { 200: { description: 'Your tokens.', schema: z.object({ items: z.array(FeedTokenViewSchema) }) } },
    errors: [400, 401, 403, 503],
  },
  {
    method: 'delete',
    path: '/feed-tokens/:id',
    summary: 'Revoke one of your feed tokens (an administrator: any of the partnership’s)',
    tag: 'Calendar feeds',
    auth: 'bearer',
    roles: ROLES,
    params: FeedTokenIdParamsSchema,
    responses: { 204: { description: 'Revoked.' } },
    errors: [400, 401, 404, 503],
  },
];
