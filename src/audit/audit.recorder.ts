import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { UnavailableError } from '../errors/app-errors.js';
import { sendProblem } from '../http/problem.js';
import { logger } from '../logging/logger.js';
import type { SystemClock } from '../shared/system-clock.js';
import type { AuditEntry, AuditOutcome } from './audit.model.js';
import type { AuditRepository } from './audit.repository.js';
import { isAnonymousRefusal } from './anonymous-refusals.js';
import { findAuditedRoute } from './audit.route-match.js';
import { type AuditState, type AuditTarget, auditStates, resolveResourceId, safeResourceId } from './audited.js';

/**
 * The recorder: mounted once, before authentication, on the router that holds the audited routes.
 * It writes exactly one row per audited request, when the response ends, and holds the response
 * back until the row is stored, so a client never sees a response whose access is not yet on the
 * trail.
 *
 * - The action and resource come from the route's `audited(...)` middleware; when the request
 *   never reached it (authentication failed), from the route it was addressed to. A created
 *   resource (201) is named by the id at the end of the response's Location.
 * - A 401 on any other path is recorded as `request.unauthenticated`: every failed
 *   authentication against the API leaves a row. Other requests to routes that are not audited
 *   leave none.
 * - Fail closed on reads: when the row cannot be stored, a successful GET is replaced by a 503
 *   (nothing is disclosed unrecorded). A write has already happened by then and its own history
 *   records who made it, so its response goes out, and the failure is logged as an error.
 */

/** Which outcome a status is. See {@link AuditOutcome}. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'allowed';
  if (status === 401 || status === 403 || status === 404 || status === 429) return 'denied';
  return 'failed';
}

export const UNAUTHENTICATED_ACTION = 'request.unauthenticated';

/** Headers that describe the withheld representation; removed when a 503 replaces it. */
const REPRESENTATION_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'etag',
  'last-modified',
  'location',
  'idempotent-replayed',
];

export interface AuditRecorderDependencies {
  repository: Pick<AuditRepository, 'insert'>;
  clock: SystemClock;
  /**
   * Counts an anonymous refusal; false when it repeats one already recorded in its window, and is
   * left to the aggregated row (src/audit/anonymous-refusals.ts). Absent: every refusal recorded.
   */
  firstAnonymousRefusal?: (entry: AuditEntry) => Promise<boolean>;
}

type End = Response['end'];

export function createAuditRecorder(deps: AuditRecorderDependencies): RequestHandler {
  function targetOf(request: Request, state: AuditState, status: number, path: string): AuditTarget | undefined {
    if (state.target) return state.target;
    let matched: ReturnType<typeof findAuditedRoute>;
    try {
      matched = findAuditedRoute(request.app, request.method, path);
    } catch (error) {
      // The request never reached an audited route, so nothing audited was disclosed: record what is known.
      logger.warn('audited route lookup failed', { error: (error as Error)?.name });
    }
    if (matched) {
      return {
        action: matched.spec.action,
        resourceType: matched.spec.resourceType,
        resourceId: resolveResourceId(matched.spec, { params: matched.params, query: request.query as Record<string, unknown> }),
        route: matched.pattern,
      };
    }
    return status === 401 ? { action: UNAUTHENTICATED_ACTION, resourceType: null, resourceId: null, route: null } : undefined;
  }

  /** Inserts the entry, unless it repeats an anonymous refusal already on the trail this minute. */
  async function store(entry: AuditEntry): Promise<void> {
    if (deps.firstAnonymousRefusal && isAnonymousRefusal(entry) && !(await deps.firstAnonymousRefusal(entry))) return;
    await deps.repository.insert(entry);
  }

  function entryOf(request: Request, response: Response, target: AuditTarget, status: number, completed: boolean): AuditEntry {
    const principal = request.principal;
    // A created resource (201) names its id in Location: `/api/cases/<id>`.
    const location = status === 201 && target.resourceId === null ? response.getHeader('location') : undefined;
    const resourceId = typeof location === 'string' ? safeResourceId(location.split('?')[0]!.split('/').at(-1)) : target.resourceId;
    return {
      _id: randomUUID(),
      at: deps.clock.now(),
      requestId: String(request.requestId ?? ''),
      userId: principal?.userId ?? null,
      role: principal?.role ?? null,
      organisationId: principal?.organisationId ?? null,
      partnershipId: principal?.partnershipId ?? null,
      action: target.action,
      resourceType: target.resourceType,
      resourceId,
      method: request.method,
      route: target.route,
      outcome: outcomeOf(status),
      status,
      completed,
      // The client's address: the peer, or the client a configured proxy names (TRUST_PROXY).
      ip: request.ip ?? request.socket?.remoteAddress ?? null,
    };
  }

  return function recordAccess(request, response, next) {
    if (auditStates.has(request)) {
      next();
      return;
    }
    const state: AuditState = { target: undefined, done: false };
    auditStates.set(request, state);
    // The path as this router saw it is lost once routing moves on; keep the full one.
    const path = request.originalUrl.split('?')[0] ?? '/';
    const end = response.end.bind(response) as (...args: unknown[]) => Response;

    const withheld: End = function auditedEnd(this: Response, ...args: unknown[]) {
      if (state.done) return end(...args);
      state.done = true;
      const status = response.statusCode;
      const target = targetOf(request, state, status, path);
      if (!target) return end(...args);
      store(entryOf(request, response, target, status, true)).then(
        () => end(...args),
        (error: unknown) => {
          logger.error('access audit entry not stored', { action: target.action, status, error: (error as Error)?.name });
          const isRead = request.method === 'GET' || request.method === 'HEAD';
          if (isRead && status < 400 && !response.headersSent) {
            for (const name of REPRESENTATION_HEADERS) response.removeHeader(name);
            sendProblem(
              response,
              request,
              new UnavailableError('The access could not be recorded, so nothing was disclosed. Retry shortly.'),
            );
            return;
          }
          end(...args);
        },
      );
      return response;
    } as End;
    response.end = withheld;

    // The client went away before the response ended: the access may have happened, so record it.
    response.once('close', () => {
      if (state.done) return;
      state.done = true;
      const status = response.statusCode;
      const target = targetOf(request, state, status, path);
      if (!target) return;
      store(entryOf(request, response, target, status, false)).catch((error: unknown) => {
        logger.error('access audit entry not stored', { action: target.action, status, error: (error as Error)?.name });
      });
    });
    next();
  };
}
