import type { Express, Router } from 'express';
import { type AuditSpec, auditSpecOf } from './audited.js';

/**
 * Finds the audited route a request was addressed to when the request never reached it (its
 * authentication failed first), so even a refused, anonymous attempt is recorded against the
 * action and resource it aimed at. It asks Express's own layers (`layer.match`), in the order
 * Express would try them; the first route that matches the path and handles the method decides.
 */

// The parts of Express 5's router (router 2.x) read here; not all are in @types/express.
interface RouteLayer {
  handle?: unknown;
  route?: { path: unknown; stack: Array<{ method?: string; handle?: unknown }>; _handlesMethod?(method: string): boolean };
  rawPath?: unknown;
  path?: string;
  params?: Record<string, unknown>;
  /** router 2.3 returns the match; older 2.x returns true and sets `params` and `path` on the layer. */
  match?(path: string): boolean | { params: Record<string, unknown>; path: string };
}

export interface MatchedAuditedRoute {
  spec: AuditSpec;
  params: Record<string, unknown>;
  /** The full route pattern, e.g. `/api/cases/:id`. */
  pattern: string;
}

function stackOf(app: Express | Router): RouteLayer[] {
  const stack = 'router' in app && typeof (app as Express).router === 'function' ? (app as Express).router.stack : (app as Router).stack;
  return stack as unknown as RouteLayer[];
}

function pathText(path: unknown): string {
  return typeof path === 'string' ? path : Array.isArray(path) ? path.map(pathText).join('|') : '';
}

function joinPath(base: string, path: string): string {
  if (path === '/' || path === '') return base || '/';
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function handles(layer: RouteLayer, method: string): boolean {
  const route = layer.route!;
  if (typeof route._handlesMethod === 'function') return route._handlesMethod(method);
  return route.stack.some(
    (entry) => entry.method === undefined || entry.method === method || (method === 'head' && entry.method === 'get'),
  );
}

/**
 * The audited route that `method path` reaches in `app`: `undefined` when no route matches or
 * the first matching route is not audited.
 */
export function findAuditedRoute(app: Express | Router, method: string, path: string): MatchedAuditedRoute | undefined {
  const found = search(stackOf(app), method.toLowerCase(), path, '');
  return found === null ? undefined : found;
}

function matchLayer(layer: RouteLayer, path: string): { params: Record<string, unknown>; path: string } | undefined {
  if (typeof layer.match !== 'function') return undefined;
  let result: ReturnType<NonNullable<RouteLayer['match']>>;
  try {
    result = layer.match(path);
  } catch {
    return undefined; // a parameter that does not decode (Express answers 400)
  }
  if (!result) return undefined;
  // Older routers store the match on the layer; read it at once (no other request runs in between).
  return result === true
    ? { params: { ...(layer.params ?? {}) }, path: layer.path ?? '' }
    : { params: { ...result.params }, path: result.path };
}

/** undefined: keep looking; null: a route answered that is not audited (stop). */
function search(stack: RouteLayer[], method: string, path: string, base: string): MatchedAuditedRoute | null | undefined {
  for (const layer of stack) {
    const hit = matchLayer(layer, path);
    if (!hit) continue;
    const { params, path: matched } = hit;
    if (layer.route) {
      if (!handles(layer, method)) continue;
      const spec = layer.route.stack.map((entry) => auditSpecOf(entry.handle)).find((candidate) => candidate !== undefined);
      return spec ? { spec, params, pattern: joinPath(base, pathText(layer.route.path)) } : null;
    }
    const nested = (layer.handle as { stack?: unknown } | undefined)?.stack;
    if (!Array.isArray(nested)) continue;
    const rest = path.slice(matched.length);
    const found = search(
      nested as RouteLayer[],
      method,
      rest.startsWith('/') ? rest : `/${rest}`,
      joinPath(base, pathText(layer.rawPath ?? '/')),
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface AuditedRouteEntry {
  method: string;
  path: string;
  action: string | undefined;
}

/** Every route of an app with the audit action it records (undefined: not audited), for tests and reviews. */
export function listAuditedRoutes(app: Express | Router): AuditedRouteEntry[] {
  const out: AuditedRouteEntry[] = [];
  const walk = (stack: RouteLayer[], base: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const path = joinPath(base, pathText(layer.route.path));
        const methods = [...new Set(layer.route.stack.map((entry) => entry.method).filter((m): m is string => typeof m === 'string'))];
        const spec = layer.route.stack.map((entry) => auditSpecOf(entry.handle)).find((candidate) => candidate !== undefined);
        for (const method of methods) out.push({ method: method.toUpperCase(), path, action: spec?.action });
        continue;
      }
      const nested = (layer.handle as { stack?: unknown } | undefined)?.stack;
      if (Array.isArray(nested)) walk(nested as RouteLayer[], joinPath(base, pathText(layer.rawPath ?? '/')));
    }
  };
  walk(stackOf(app), '');
  return out;
}
