import type { z } from 'zod';
import type { Role } from '../access/roles.js';

/** How a caller proves who they are on an operation. */
export type Authentication = 'public' | 'bearer' | 'feed-token';

/**
 * One API operation, declared beside the component's routes from the same zod schemas the
 * routes parse with, so the OpenAPI document cannot drift from what the code accepts.
 */
export interface OperationSpec {
  /** The route's method and Express path must match a mounted route (a test checks every one). */
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express-style path under /api, e.g. `/cases/:id/events`. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  auth: Authentication;
  roles?: readonly Role[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Request headers the operation reads (If-Match, Idempotency-Key…). */
  headers?: { name: string; required: boolean; description: string }[];
  /** Success responses by status; errors are added from `errors`. */
  responses: Record<number, { description: string; contentType?: string; schema?: z.ZodType }>;
  /** Error statuses the operation can answer with (problem+json). */
  errors: number[];
}

type HeaderSpec = NonNullable<OperationSpec['headers']>[number];

const IF_MATCH: HeaderSpec = {
  name: 'If-Match',
  required: true,
  description: 'The version being changed, as given in the ETag (e.g. "3"). Missing: 428; stale: 412.',
};
const IDEMPOTENCY_KEY: HeaderSpec = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Any 1–200 visible ASCII characters. A retry with the same key returns the first result; the same key with another body: 422.',
};

/** The request headers of every versioned write. */
export const WRITE_HEADERS: HeaderSpec[] = [IF_MATCH, IDEMPOTENCY_KEY];
export const IF_MATCH_HEADER: HeaderSpec[] = [IF_MATCH];
export const IDEMPOTENCY_HEADER: HeaderSpec[] = [IDEMPOTENCY_KEY];
