import express, { type RequestHandler } from 'express';
import { HttpStatusError } from './problem.js';

/**
 * Bodies are JSON only, within a size limit. A write with another Content-Type gets 415 before
 * any handler runs, so no handler ever sees a half-parsed body.
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  const requireJson: RequestHandler = (request, _response, next) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    if (hasBody && !request.is('application/json')) {
      next(new HttpStatusError(415, 'Unsupported media type', 'Send the body as application/json.'));
      return;
    }
    next();
  };
  return [requireJson, express.json({ limit: limitBytes, strict: true, type: 'application/json' })];
}
