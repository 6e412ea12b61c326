import type { Router } from 'express';

/**
 * The web pages are assembled with the API components (src/api.ts) so they call the same
 * services in-process, but they are served from the site root, not under /api. A router marked
 * here is mounted at `/` by createApp (src/http/app.ts); every other router goes under `/api`.
 */
const PAGE_ROUTER: unique symbol = Symbol.for('safeguarding-review-engine.page-router');

export function markPageRouter<T extends Router>(router: T): T {
  Object.defineProperty(router, PAGE_ROUTER, { value: true, enumerable: false });
  return router;
}

export function isPageRouter(router: unknown): boolean {
  return typeof router === 'function' && (router as unknown as { [PAGE_ROUTER]?: boolean })[PAGE_ROUTER] === true;
}
