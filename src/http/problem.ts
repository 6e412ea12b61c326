import type { ErrorRequestHandler, Request, Response } from 'express';
import { ZodError } from 'zod';
import { AppError, ConflictError, NotFoundError, UnavailableError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import { logger } from '../logging/logger.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const TYPE_BASE = 'https://safeguarding-review-engine.local/problems/';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  [extension: string]: unknown;
}

/** Errors raised by body parsing (express.json) carry a `type`. */
const BODY_PARSER_ERRORS: Record<string, { status: number; title: string; detail: string }> = {
  'entity.too.large': { status: 413, title: 'Payload too large', detail: 'The request body is larger than the service accepts.' },
  'entity.parse.failed': { status: 400, title: 'Invalid request', detail: 'The request body is not valid JSON.' },
  'encoding.unsupported': { status: 415, title: 'Unsupported media type', detail: 'The body encoding is not supported.' },
  'charset.unsupported': { status: 415, title: 'Unsupported media type', detail: 'The body charset is not supported; use UTF-8.' },
  'request.aborted': { status: 400, title: 'Invalid request', detail: 'The request was aborted before its body arrived.' },
};

const UNAVAILABLE_DRIVER_ERRORS = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongooseServerSelectionError',
]);

/**
 * Server errors that say the server is going away or changing role, not that the request is wrong:
 * the client should retry. MongoDB's codes, and FerretDB's answer to a command it cancelled on
 * shutdown (an InternalError, code 1, "context canceled").
 */
const UNAVAILABLE_SERVER_CODES = new Set([
  91, // ShutdownInProgress
  189, // PrimarySteppedDown
  10107, // NotWritablePrimary
  11600, // InterruptedAtShutdown
  11602, // InterruptedDueToReplStateChange
  13435, // NotPrimaryNoSecondaryOk
  13436, // NotPrimaryOrSecondary
]);

function isServerGoingAway(error: { name?: string; code?: unknown; message?: string }): boolean {
  if (error.name !== 'MongoServerError') return false;
  if (typeof error.code === 'number' && UNAVAILABLE_SERVER_CODES.has(error.code)) return true;
  return error.code === 1 && /context canceled/.test(String(error.message));
}

/** Turns anything thrown into an AppError; unknown errors become undefined (a 500). */
export function toAppError(error: unknown): AppError | undefined {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new ValidationError('The request does not match the schema.', issuesFromZod(error));
  if (typeof error !== 'object' || error === null) return undefined;
  const named = error as { name?: string; code?: unknown; type?: string; status?: number; path?: string };
  if (named.type && BODY_PARSER_ERRORS[named.type]) {
    const known = BODY_PARSER_ERRORS[named.type]!;
    return new HttpStatusError(known.status, known.title, known.detail);
  }
  // While the connection is closed (at shutdown), mongoose refuses commands instead of buffering them.
  const notConnected =
    named.name === 'MongooseError' && /bufferCommands|not connected|connection.*closed/i.test(String((error as Error).message));
  if ((named.name && UNAVAILABLE_DRIVER_ERRORS.has(named.name)) || notConnected || isServerGoingAway(error as Error & { code?: unknown })) {
    return new UnavailableError('The database is not answering. Retry shortly.');
  }
  if (named.code === 11000) return new ConflictError('A record with the same unique key already exists.');
  if (named.name === 'CastError')
    return new ValidationError('A value has the wrong type.', [
      { path: named.path ?? '(unknown)', code: 'invalid_type', message: 'wrong type' },
    ]);
  if (named.name === 'StrictModeError' || named.name === 'ObjectParameterError') {
    return new ValidationError('The query names a field or operator that is not allowed.');
  }
  if (named.name === 'VersionError' || named.name === 'DocumentNotFoundError') {
    return new ConflictError('The record was changed by someone else. Reload it and try again.');
  }
  return undefined;
}

/** A status that only transport concerns produce (413, 415). */
export class HttpStatusError extends AppError {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
}

export function problemFor(error: AppError, request: Request): ProblemBody {
  const slug = error.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return {
    type: `${TYPE_BASE}${slug}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    instance: request.originalUrl.split('?')[0] ?? '/',
    requestId: String(request.requestId ?? ''),
    ...error.extensions,
  };
}

export function sendProblem(response: Response, request: Request, error: AppError): void {
  if (error instanceof UnavailableError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
  // RFC 9110 11.6.1: a 401 always carries a challenge (src/access/authenticate.ts sets a more precise one).
  if (error.status === 401 && !response.hasHeader('WWW-Authenticate'))
    response.setHeader('WWW-Authenticate', 'Bearer realm="safeguarding"');
  response
    .status(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problemFor(error, request)));
}

/** The single error handler: every failure leaves as problem+json, never with a stack or driver text. */
export const problemHandler: ErrorRequestHandler = (error, request, response, _next) => {
  const known = toAppError(error);
  if (response.headersSent) {
    response.destroy();
    return;
  }
  if (known) {
    if (known.status >= 500) logger.warn('request failed', { status: known.status, error: (error as Error)?.name });
    sendProblem(response, request, known);
    return;
  }
  logger.error('unhandled error', { error: (error as Error)?.name, stack: (error as Error)?.stack });
  sendProblem(
    response,
    request,
    new HttpStatusError(500, 'Internal error', 'Something went wrong on our side. Quote the request id if you report it.'),
  );
};

/** 404 for any path no route claimed. */
export function notFoundHandler(request: Request, response: Response): void {
  sendProblem(response, request, new NotFoundError(`No resource at ${request.path}.`));
}
