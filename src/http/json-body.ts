import express, { type RequestHandler } from 'express';
import { ValidationError } from '../errors/app-errors.js';
import { HttpStatusError } from './problem.js';

/**
 * Bodies are JSON only, within a size limit. A write with another Content-Type gets 415 before
 * any handler runs, so no handler ever sees a half-parsed body.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (request, _response, next) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    const other = NON_JSON_BODIES.find(
      (allowed) =>
        (typeof allowed.path === 'string' ? allowed.path === request.path : allowed.path.test(request.path)) &&
        allowed.method === request.method,
    );
    if (hasBody && other && request.is(other.type)) {
      next();
      return;
    }
    if (hasBody && !request.is('application/json')) {
      next(new HttpStatusError(415, 'Unsupported media type', 'Send the body as application/json.'));
      return;
    }
    next();
  };
  const limitDepth: RequestHandler = (request, _response, next) => {
    next(
      depthOf(request.body) > MAX_JSON_DEPTH
        ? new ValidationError(`The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep.`)
        : undefined,
    );
  };
  return [requireJson, express.json({ limit: limitBytes, strict: true, type: 'application/json' }), limitDepth];
}

/**
 * The only writes whose body is not JSON, each read by its own route's parser with its own limit:
 * the case-log import takes the CSV file itself (src/imports); a case document and a new version
 * of one come as a multipart form holding the file (src/documents).
 */
export const NON_JSON_BODIES: readonly { method: string; path: string | RegExp; type: string }[] = [
  { method: 'POST', path: '/imports/cases', type: 'text/csv' },
  { method: 'POST', path: /^\/cases\/[a-f0-9]{32}\/documents$/, type: 'multipart/form-data' },
  { method: 'POST', path: /^\/documents\/[a-f0-9]{32}\/versions$/, type: 'multipart/form-data' },
];

/** No request this API accepts comes near this; deeper bodies are refused before anything walks them. */
export const MAX_JSON_DEPTH = 32;

/** How deeply arrays and objects nest in a parsed JSON value (iterative: a hostile body cannot overflow the stack). */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}
