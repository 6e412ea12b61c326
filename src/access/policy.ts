import type { Express, RequestHandler, Router } from 'express';
import { ForbiddenError, UnauthenticatedError } from '../errors/app-errors.js';
import type { Principal } from './principal.js';
import { ROLES, type Role } from './roles.js';

/**
 * Route-level authorisation that can be audited. Every route carries one policy middleware:
 * `allow(...roles)` (authenticated, one of these roles) or `publicRoute()` (no authentication).
 * Each carries its policy under the {@link POLICY} symbol, so {@link listRoutePolicies} can list
 * every route of an app with its policy and a test can require that none is missing
 * (RELIABILITY row 2). Object-level checks (tenant, organisation) belong to each component's
 * service; {@link tenantFilter} and {@link sameOrganisation} are the helpers for them.
 */

export const POLICY: unique symbol = Symbol.for('safeguarding-review-engine.policy');

export type RoutePolicy = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] };

export type PolicyMiddleware = RequestHandler & { readonly [POLICY]: RoutePolicy };

/**
 * Lets the listed roles through and refuses every other role (403); a request with no principal
 * (no `authenticate` before it) is refused with 401, so a wiring mistake fails closed.
 * @example router.post('/cases', authenticate(verifier), allow('chair', 'business-unit'), handler)
 */
export function allow(...roles: Role[]): PolicyMiddleware {
  if (roles.length === 0) throw new TypeError('allow() needs at least one role');
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) throw new TypeError(`allow(): unknown role ${String(role)}`);
  }
  const permitted = Object.freeze([...new Set(roles)]);
  const middleware: RequestHandler = function allowRoles(request, _response, next) {
    const principal = request.principal;
    if (!principal) {
      next(new UnauthenticatedError('A bearer token is required.'));
      return;
    }
    if (!permitted.includes(principal.role)) {
      next(new ForbiddenError('Your role may not use this function.'));
      return;
    }
    next();
  };
  return tag(middleware, { kind: 'roles', roles: permitted });
}

/** Marks a route that needs no authentication (health, ready, clock calculator, OpenAPI, docs). */
export function publicRoute(): PolicyMiddleware {
  const middleware: RequestHandler = function publicRouteMarker(_request, _response, next) {
    next();
  };
  return tag(middleware, { kind: 'public' });
}

function tag(middleware: RequestHandler, policy: RoutePolicy): PolicyMiddleware {
  Object.defineProperty(middleware, POLICY, { value: Object.freeze(policy), enumerable: false });
  return middleware as PolicyMiddleware;
}

/** The policy a handler carries, if it is a policy middleware. */
export function policyOf(handler: unknown): RoutePolicy | undefined {
  if (typeof handler !== 'function') return undefined;
  return (handler as unknown as { [POLICY]?: RoutePolicy })[POLICY];
}

export interface RoutePolicyEntry {
  /** Upper case (`GET`, `POST`, …), or `ALL` for `route.all()`. */
  method: string;
  /** The full path as mounted, e.g. `/api/cases/:id`. */
  path: string;
  /** The effective policy, or undefined when no policy middleware guards the route. */
  policy: RoutePolicy | undefined;
}

// The parts of Express 5's router (router 2.x) the walk reads; not all are in @types/express.
interface WalkLayer {
  handle?: unknown;
  route?: { path: unknown; stack: Array<{ method?: string; handle?: unknown }> };
  rawPath?: unknown;
}

/**
 * Every route of an Express 5 app (or router) with its effective policy: policy middleware on the
 * route itself for that method, plus policy middleware mounted with `use` before the route on a
 * prefix of its path (in a parent router or the app). When several `allow` lists apply, a request
 * must pass each, so the effective roles are their intersection.
 */
export function listRoutePolicies(app: Express | Router): RoutePolicyEntry[] {
  const stack = 'router' in app && typeof app.router === 'function' ? app.router.stack : (app as Router).stack;
  const entries: RoutePolicyEntry[] = [];
  walk(stack as unknown as WalkLayer[], '', [], entries);
  return entries;
}

interface MountedPolicy {
  prefix: string;
  policy: RoutePolicy;
}

function walk(stack: WalkLayer[], base: string, inherited: MountedPolicy[], out: RoutePolicyEntry[]): void {
  const mounted = [...inherited];
  for (const layer of stack) {
    if (layer.route) {
      const routePath = joinPath(base, pathText(layer.route.path));
      const applying = mounted.filter((m) => isPrefix(m.prefix, routePath)).map((m) => m.policy);
      const methods = [...new Set(layer.route.stack.map((entry) => entry.method ?? '_all'))];
      for (const method of methods) {
        const own = layer.route.stack
          .filter((entry) => (entry.method ?? '_all') === method || entry.method === undefined)
          .map((entry) => policyOf(entry.handle))
          .filter((policy): policy is RoutePolicy => policy !== undefined);
        out.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path: routePath, policy: combine([...applying, ...own]) });
      }
      continue;
    }
    const mountPath = joinPath(base, pathText(layer.rawPath ?? '/'));
    const policy = policyOf(layer.handle);
    if (policy) mounted.push({ prefix: mountPath, policy });
    const nested = (layer.handle as { stack?: unknown } | undefined)?.stack;
    if (Array.isArray(nested)) walk(nested as WalkLayer[], mountPath, mounted, out);
    else if ((layer.handle as { name?: string } | undefined)?.name === 'mounted_app') {
      // A sub-application (app.use(otherApp)) hides its routes; list it so an audit cannot miss it.
      const applying = mounted.filter((m) => isPrefix(m.prefix, mountPath)).map((m) => m.policy);
      out.push({ method: 'APP', path: mountPath, policy: combine(applying) });
    }
  }
}

function combine(policies: RoutePolicy[]): RoutePolicy | undefined {
  const roleLists = policies.filter((p): p is Extract<RoutePolicy, { kind: 'roles' }> => p.kind === 'roles');
  if (roleLists.length > 0) {
    const roles = roleLists.reduce<readonly Role[]>((acc, p) => acc.filter((role) => p.roles.includes(role)), roleLists[0]!.roles);
    return { kind: 'roles', roles };
  }
  return policies.length > 0 ? { kind: 'public' } : undefined;
}

function pathText(path: unknown): string {
  if (typeof path === 'string') return path;
  if (Array.isArray(path)) return path.map(pathText).join('|');
  return String(path);
}

function joinPath(base: string, path: string): string {
  if (path === '/' || path === '') return base || '/';
  const joined = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined;
}

function isPrefix(prefix: string, path: string): boolean {
  if (prefix === '/' || prefix === '') return true;
  return path === prefix || path.startsWith(`${prefix.replace(/\/+$/, '')}/`);
}

/** The tenant filter every query a principal makes starts from. */
export function tenantFilter(principal: Principal): { partnershipId: string } {
  return { partnershipId: principal.partnershipId };
}

/** True when the principal belongs to the organisation `organisationId` (an agency user's own objects). */
export function sameOrganisation(principal: Principal, organisationId: string | null | undefined): boolean {
  return typeof principal.organisationId === 'string' && typeof organisationId === 'string' && principal.organisationId === organisationId;
}
