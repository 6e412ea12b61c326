import type { Router } from 'express';
import type { Config } from './config/config.js';
import { connectDatabase, type DatabaseConnection } from './database/connection.js';
import { provisionDatabase, type ProvisionedDatabase } from './database/provision.js';
import { Readiness } from './health/readiness.js';
import { createApp } from './http/app.js';
import { listen, type RunningHttpServer } from './http/http-server.js';
import { logger } from './logging/logger.js';

export interface RunningService {
  url: string;
  database: DatabaseConnection;
  provisioned: ProvisionedDatabase;
  http: RunningHttpServer;
  stop(): Promise<void>;
}

/** Work the service does in the background (the deadline sweeper, reminders). */
export interface BackgroundTask {
  start(): void;
  stop(): Promise<void>;
}

/** What the components give the service: their API routers and their background tasks. */
export interface Api {
  routers: Router[];
  /** The web pages' routers (served from the site root, calling the same services in-process). */
  pages?: Router[];
  background: BackgroundTask[];
}

export type ApiFactory = (database: DatabaseConnection, config: Config) => Promise<Api>;

/**
 * Starts everything in order (database, connection, HTTP) and returns one stop() that undoes it
 * in reverse: drain requests, close the connection, stop the embedded server.
 */
export async function startService(
  config: Config,
  createApi: ApiFactory = async () => ({ routers: [], background: [] }),
): Promise<RunningService> {
  const provisioned = await provisionDatabase(config, logger);
  let database: DatabaseConnection;
  try {
    database = await connectDatabase(provisioned.uri, config.DATABASE_NAME, config.DB_TIMEOUT_MS);
  } catch (error) {
    await provisioned.stop();
    throw error;
  }
  const readiness = new Readiness();
  const api = await createApi(database, config);
  const app = createApp({ config, database, readiness, apiRouters: api.routers, pageRouters: api.pages ?? [] });
  const http = await listen(app, config.HOST, config.PORT);
  readiness.start();
  for (const task of api.background) task.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      readiness.drain();
      // Keep serving a moment: a load balancer sees /ready turn 503, and clients mid-conversation
      // get `Connection: close` on their next answer, before any idle connection is cut.
      await Promise.all([...api.background.map((task) => task.stop()), new Promise((r) => setTimeout(r, config.SHUTDOWN_DELAY_MS))]);
      await http.drain(config.SHUTDOWN_GRACE_MS);
      await database.close().catch(() => undefined);
      await provisioned.stop();
    })();
    return stopping;
  };
  return { url: http.url, database, provisioned, http, stop };
}
