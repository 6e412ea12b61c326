// `npm run sweep`: one pass of the deadline sweeper (the service also runs it every
// SWEEP_INTERVAL_MS). Safe to run beside running services: each deadline is recorded once.
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { caseModels } from '../src/cases/case.model.js';
import { createCaseRepository } from '../src/cases/case.repository.js';
import { createDeadlineSweeper } from '../src/cases/deadline-sweeper.js';
import { createPartnershipDirectory } from '../src/partnerships/partnership-directory.js';
import { realClock } from '../src/shared/system-clock.js';
import { withDatabase } from './support/with-database.js';

await withDatabase(async (database, config) => {
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  const sweeper = createDeadlineSweeper({
    repository: createCaseRepository(caseModels(database.connection)),
    partnerships: createPartnershipDirectory(database.connection, calendar),
    clock: realClock,
  });
  const result = await sweeper.sweepOnce();
  process.stdout.write(`swept ${result.examined} cases: ${result.recorded} deadlines recorded as passed\n`);
});
