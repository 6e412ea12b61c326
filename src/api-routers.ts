import { Router } from 'express';
import { authenticate } from './access/authenticate.js';
import { createTokenVerifier } from './access/token-verifier.js';
import { loadHolidayCalendar } from './calendar/bank-holidays.loader.js';
import { createClocksRouter } from './calendar/clocks.routes.js';
import { createCaseModule } from './cases/case.module.js';
import type { Config } from './config/config.js';
import type { DatabaseConnection } from './database/connection.js';
import { ensurePartnershipIndexes } from './partnerships/partnership.model.js';
import { createPartnershipDirectory } from './partnerships/partnership-directory.js';
import { userIsActive } from './partnerships/user.repository.js';
import { realClock, type SystemClock } from './shared/system-clock.js';
import { createDeadlineSweeper } from './cases/deadline-sweeper.js';
import type { Api } from './service.js';

export interface ApiOptions {
  clock?: SystemClock;
}

/**
 * Every component's API router, mounted under /api (public ones first, then everything behind
 * authentication), and the background tasks. Components are assembled here and nowhere else.
 */
export async function createApi(database: DatabaseConnection, config: Config, options: ApiOptions = {}): Promise<Api> {
  const clock = options.clock ?? realClock;
  const connection = database.connection;
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  const verifier = await createTokenVerifier(config);
  await ensurePartnershipIndexes(connection);
  const partnerships = createPartnershipDirectory(connection, calendar);

  const cases = await createCaseModule({
    connection,
    calendar,
    clock,
    partnerships,
    warnWorkingDays: config.DEADLINE_WARNING_WORKING_DAYS,
    // Learning actions arrive with the action-plan component; until then no case has any.
    openActionCount: async () => 0,
  });

  const sweeper = createDeadlineSweeper({ repository: cases.repository, partnerships, clock });

  const authenticated = Router();
  authenticated.use(authenticate(verifier, { isActive: userIsActive(connection) }));
  authenticated.use(cases.router);
  return {
    routers: [createClocksRouter(calendar), authenticated],
    background: [{ start: () => sweeper.start(config.SWEEP_INTERVAL_MS), stop: () => sweeper.stop() }],
  };
}
