import type { Request } from 'express';
import type { z } from 'zod';
import { ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';

type Part = 'body' | 'query' | 'params';

/**
 * Parses one part of a request with its schema. Schemas are strict, so unknown keys (including
 * `$`-operators and `__proto__`) are refused; zod builds new objects, so nothing of the raw input
 * survives parsing. Failure is a 400 naming each wrong field as `<part>.<path>`.
 */
export function parseRequest<S extends z.ZodType>(schema: S, request: Request, part: Part): z.infer<S> {
  const result = schema.safeParse(part === 'query' ? { ...request.query } : request[part]);
  if (result.success) return result.data;
  throw new ValidationError(
    `The request ${part === 'body' ? 'body' : part === 'query' ? 'query string' : 'path'} is not valid.`,
    issuesFromZod(result.error, [part]),
  );
}
