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

/** The API routers of every component, given the live database. */
export type RouterFactory = (database: DatabaseConnection, config: Config) => Promise<Router[]> | Router[];

/**
 * Starts everything in order (database, connection, HTTP) and returns one stop() that undoes it
 * in reverse: drain requests, close the connection, stop the embedded server.
 */
export async function startService(config: Config, routers: RouterFactory = () => []): Promise<RunningService> {
  const provisioned = await provisionDatabase(config, logger);
  let database: DatabaseConnection;
  try {
    database = await connectDatabase(provisioned.uri, config.DATABASE_NAME, config.DB_TIMEOUT_MS);
  } catch (error) {
    await provisioned.stop();
    throw error;
  }
  const readiness = new Readiness();
  const app = createApp({ config, database, readiness, apiRouters: await routers(database, config) });
  const http = await listen(app, config.HOST, config.PORT);
  readiness.start();

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      readiness.drain();
      await http.drain(config.SHUTDOWN_GRACE_MS);
      await database.close().catch(() => undefined);
      await provisioned.stop();
    })();
    return stopping;
  };
  return { url: http.url, database, provisioned, http, stop };
}
