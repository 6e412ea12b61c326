// `npm run verify`: replays every case's history through its machine version and reports each
// case whose stored state, snapshot or deadlines differ from the replay. Exit 1 if any differ.
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { caseModels } from '../src/cases/case.model.js';
import { createCaseRepository } from '../src/cases/case.repository.js';
import { verifyCase } from '../src/cases/case-verify.js';
import { createPartnershipDirectory } from '../src/partnerships/partnership-directory.js';
import { withDatabase } from './support/with-database.js';

await withDatabase(async (database, config) => {
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  const partnerships = createPartnershipDirectory(database.connection, calendar);
  const repository = createCaseRepository(caseModels(database.connection));
  let checked = 0;
  let differing = 0;
  for await (const record of repository.cursor()) {
    checked += 1;
    const settings = await partnerships.get(record.partnershipId);
    const result = settings
      ? verifyCase(record, settings.workflow)
      : { consistent: false, reference: record.reference, differences: ['unknown partnership'] };
    if (!result.consistent) {
      differing += 1;
      process.stdout.write(`${result.reference}: ${result.differences.join('; ')}\n`);
    }
  }
  process.stdout.write(`verified ${checked} cases: ${checked - differing} consistent, ${differing} differing from their replay\n`);
  return differing === 0 ? 0 : 1;
});
