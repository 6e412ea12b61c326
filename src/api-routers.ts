import type { Router } from 'express';
import { loadHolidayCalendar } from './calendar/bank-holidays.loader.js';
import { createClocksRouter } from './calendar/clocks.routes.js';
import type { Config } from './config/config.js';
import type { DatabaseConnection } from './database/connection.js';

/** Every component's API router, mounted under /api. Components register here. */
export async function createApiRouters(_database: DatabaseConnection, config: Config): Promise<Router[]> {
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  return [createClocksRouter(calendar)];
}
