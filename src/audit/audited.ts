import type { Request, RequestHandler } from 'express';

/**
 * `audited(action, resourceIdFrom?)`: marks a route as one whose every request leaves exactly one
 * row in the access audit trail. Put it first on the route, before `allow(...)`, so refusals by
 * the policy are recorded too:
 *
 * @example router.get('/cases/:id', audited('case.read', 'id'), allow(...ROLES), handler)
 *
 * The middleware only names the action and the resource; the recorder mounted before
 * authentication (audit.recorder.ts) writes the row when the response ends. A route reached
 * without the recorder fails closed (500): an audited read never happens unrecorded.
 */

/** Where the resource id comes from: a route parameter name, or a function of the params and query. */
export type ResourceIdFrom = string | ((source: { params: Record<string, unknown>; query: Record<string, unknown> }) => unknown);

export interface AuditSpec {
  action: string;
  resourceType: string;
  resourceIdFrom: ResourceIdFrom | undefined;
}

/** What the recorder writes for one request: the action and the resource it named. */
export interface AuditTarget {
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  route: string | null;
}

export const AUDIT: unique symbol = Symbol.for('safeguarding-review-engine.audit');

export type AuditedMiddleware = RequestHandler & { readonly [AUDIT]: AuditSpec };

/** Per-request state shared by the recorder and `audited` (a WeakMap: nothing added to the request). */
export interface AuditState {
  target: AuditTarget | undefined;
  done: boolean;
}
export const auditStates = new WeakMap<Request, AuditState>();

const ACTION = /^[a-z][a-z-]{0,39}\.[a-z][a-z-]{0,39}$/;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/;

/** A resource id as stored: a short printable id, or null for anything else (never raw input). */
export function safeResourceId(value: unknown): string | null {
  return typeof value === 'string' && SAFE_ID.test(value) ? value : null;
}

export function resolveResourceId(
  spec: AuditSpec,
  source: { params: Record<string, unknown>; query: Record<string, unknown> },
): string | null {
  if (spec.resourceIdFrom === undefined) return null;
  const value = typeof spec.resourceIdFrom === 'string' ? source.params[spec.resourceIdFrom] : spec.resourceIdFrom(source);
  return safeResourceId(value);
}

/**
 * @param action `<resource>.<verb>`, e.g. `case.read`, `case.list`, `report.read`, `action.read`.
 * @param resourceIdFrom the route parameter holding the resource id (`'id'`), or a function of
 *   `{ params, query }` (e.g. `({ query }) => \`yearly:${query.year}\``).
 */
export function audited(action: string, resourceIdFrom?: ResourceIdFrom): AuditedMiddleware {
  if (!ACTION.test(action)) throw new TypeError(`audited(): the action must look like "case.read", not ${JSON.stringify(action)}`);
  const spec: AuditSpec = Object.freeze({ action, resourceType: action.slice(0, action.indexOf('.')), resourceIdFrom });
  const middleware: RequestHandler = function auditedRoute(request, _response, next) {
    const state = auditStates.get(request);
    if (!state) {
      next(new Error(`audited(${action}) reached without the audit recorder mounted before it`));
      return;
    }
    state.target = {
      action,
      resourceType: spec.resourceType,
      resourceId: resolveResourceId(spec, { params: request.params, query: request.query as Record<string, unknown> }),
      route: request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : null,
    };
    next();
  };
  Object.defineProperty(middleware, AUDIT, { value: spec, enumerable: false });
  return middleware as AuditedMiddleware;
}

/** The audit spec a handler carries, if it is an `audited` middleware. */
export function auditSpecOf(handler: unknown): AuditSpec | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as unknown as { [AUDIT]?: AuditSpec })[AUDIT];
}
