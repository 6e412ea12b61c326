import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Config } from '../config/config.js';
import type { DatabaseConnection } from '../database/connection.js';
import { createHealthRouter } from '../health/health.routes.js';
import type { Readiness } from '../health/readiness.js';
import { accessLog } from './access-log.js';
import { jsonBody } from './json-body.js';
import { notFoundHandler, problemHandler } from './problem.js';
import { requestId } from './request-id.js';

export interface AppDependencies {
  config: Config;
  database: DatabaseConnection;
  readiness: Readiness;
  /** Component routers mounted under /api, each already carrying its own paths. */
  apiRouters?: Router[];
  /** The web pages' routers, mounted at the site root after the API. */
  pageRouters?: Router[];
}

/** Builds the Express app: ids and logs first, then routes, then the one error handler. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers count only from the configured proxies (issue 14, finding 10): request.ip is
  // then the client the balancer saw, and requestId takes the balancer's X-Request-Id.
  app.set('trust proxy', deps.config.TRUST_PROXY.length > 0 ? deps.config.TRUST_PROXY : false);
  app.set('query parser', 'simple');
  app.use(requestId, accessLog, helmet());
  app.use((_request, response, next) => {
    // While draining, ask clients to open a new connection (to another instance) next time.
    if (!deps.readiness.isAccepting) response.setHeader('Connection', 'close');
    next();
  });
  app.use(createHealthRouter(deps.database, deps.readiness));
  // API answers carry case data: no browser, proxy or disk cache may keep them (issue 14, finding 8).
  // A public route that may be cached (the deadline calculator) sets its own Cache-Control.
  app.use('/api', (_request, response, next) => {
    response.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use('/api', ...jsonBody(deps.config.JSON_BODY_LIMIT_BYTES));
  for (const router of deps.apiRouters ?? []) app.use('/api', router);
  // The web pages (src/web) are assembled with the API components but served from the site root.
  for (const router of deps.pageRouters ?? []) app.use('/', router);
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
