import type { Express, Router } from 'express';
import { type Config, loadConfig } from '../../src/config/config.js';
import type { DatabaseConnection } from '../../src/database/connection.js';
import { Readiness } from '../../src/health/readiness.js';
import { createApp } from '../../src/http/app.js';
import { listen } from '../../src/http/http-server.js';
import { logger } from '../../src/logging/logger.js';
import type { Api } from '../../src/start-service.js';
import { openTestDatabase } from './test-database.js';
import { RATE_LIMITS_OFF } from './test-env.js';

export interface TestApp {
  baseUrl: string;
  app: Express;
  database: DatabaseConnection & { name: string; uri: string };
  config: Config;
  close(): Promise<void>;
}

/** The routers to mount; an Api's background tasks are not started (tests drive them). */
export type TestRouters = (database: DatabaseConnection, config: Config) => Promise<Router[] | Api> | Router[];

/** The real app on a real loopback port, over this file's own database. */
export async function startTestApp(label: string, routers?: TestRouters, env: Record<string, string> = {}): Promise<TestApp> {
  logger.level = 'warn';
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', ...RATE_LIMITS_OFF, ...env });
  const database = await openTestDatabase(label);
  const readiness = new Readiness();
  const mounted = routers ? await routers(database, config) : [];
  const app = Array.isArray(mounted)
    ? createApp({ config, database, readiness, apiRouters: mounted })
    : createApp({ config, database, readiness, apiRouters: mounted.routers, pageRouters: mounted.pages ?? [] });
  const http = await listen(app, '127.0.0.1', 0);
  readiness.start();
  return {
    baseUrl: http.url,
    app,
    database,
    config,
    close: async () => {
      await http.drain(1000);
      await database.drop();
    },
  };
}
