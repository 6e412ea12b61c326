import { Router } from 'express';
import type { DatabaseConnection } from '../database/connection.js';
import type { Readiness } from './readiness.js';
import { publicRoute } from '../access/policy.js';

const RETRY_AFTER_SECONDS = '5';

/** GET /health: the process is alive. GET /ready: it can serve (database answers, not draining). */
export function createHealthRouter(database: DatabaseConnection, readiness: Readiness): Router {
  const router = Router();
  router.get('/health', publicRoute(), (_request, response) => {
    response.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get('/ready', publicRoute(), async (_request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    if (!readiness.isAccepting) {
      response.status(503).setHeader('Retry-After', RETRY_AFTER_SECONDS).json({ status: 'draining', database: 'unknown' });
      return;
    }
    try {
      await database.ping();
      response.json({ status: 'ready', database: 'ok' });
    } catch {
      response.status(503).setHeader('Retry-After', RETRY_AFTER_SECONDS).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
