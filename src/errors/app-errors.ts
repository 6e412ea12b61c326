/**
 * The error classes the whole service speaks. Domain code throws these; the one HTTP error
 * mapper (src/http/problem.ts) turns each into an RFC 9457 problem. Nothing else decides a status.
 */

/** One entry of a problem's `errors` list: where the input was wrong and why. */
export interface FieldIssue {
  path: string;
  code: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** Extra members for the problem body (never internals). */
  readonly extensions: Record<string, unknown>;

  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = new.target.name;
    this.extensions = extensions;
  }
}

/** 400: the request is malformed (schema, type, unknown key). */
export class ValidationError extends AppError {
  readonly status = 400;
  readonly title = 'Invalid request';
  constructor(
    detail: string,
    readonly errors: FieldIssue[] = [],
  ) {
    super(detail, { errors });
  }
}

/** 401 */
export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly title = 'Authentication required';
}

/** 403 */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

/** 404 */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly title = 'Not found';
}

/** 409: the event is not accepted in the current state. */
export class InvalidTransitionError extends AppError {
  readonly status = 409;
  readonly title = 'Event not accepted in the current state';
  constructor(
    detail: string,
    readonly currentState: string,
    readonly acceptedEvents: readonly string[],
  ) {
    super(detail, { currentState, acceptedEvents });
  }
}

/** 409: someone else changed the record between read and write. */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly title = 'Conflict';
}

/** 412: If-Match names a version that is no longer current. */
export class PreconditionFailedError extends AppError {
  readonly status = 412;
  readonly title = 'Precondition failed';
}

/** 428: a write needs If-Match and none was sent. */
export class PreconditionRequiredError extends AppError {
  readonly status = 428;
  readonly title = 'Precondition required';
}

/** 422: well-formed input that breaks a business or statutory rule. */
export class RuleViolationError extends AppError {
  readonly status = 422;
  readonly title = 'Rule violation';
  constructor(
    detail: string,
    readonly rule: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(detail, { rule, ...extensions });
  }
}

/** 503: a dependency (the database) is not answering; the client may retry. */
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(
    detail: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(detail);
  }
}

/** A client over its rate limit (issue 14, finding 5); the limiter has set Retry-After. */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly title = 'Too many requests';
}
