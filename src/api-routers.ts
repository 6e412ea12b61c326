import type { Router } from 'express';
import type { Config } from './config/config.js';
import type { DatabaseConnection } from './database/connection.js';

/** Every component's API router, mounted under /api. Components register here. */
export async function createApiRouters(_database: DatabaseConnection, _config: Config): Promise<Router[]> {
  return [];
}
