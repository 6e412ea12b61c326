// `npm run seed [-- --reset]`: the demo partnership (id `demo`) with a user of every role,
// several agencies and a realistic year of cases on every route and in every stage, all made
// through the case service so each has a real, replayable history. Synthetic data only.
import { principalForUser } from '../src/partnerships/user.model.js';
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { caseModels } from '../src/cases/case.model.js';
import { createCaseRepository } from '../src/cases/case.repository.js';
import { createCaseService } from '../src/cases/case.service.js';
import { createPartnershipDirectory } from '../src/partnerships/partnership-directory.js';
import { ensurePartnershipIndexes } from '../src/partnerships/partnership.model.js';
import { fixedClock, realClock, todayInEngland } from '../src/shared/system-clock.js';
import { demoCases, instantOn } from './seed/demo-cases.js';
import { tenantFixture, upsertTenant } from './seed/tenant.js';
import { withDatabase } from './support/with-database.js';

const reset = process.argv.includes('--reset');

await withDatabase(async (database, config) => {
  const connection = database.connection;
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  const tenant = tenantFixture('demo', 'DEMO');
  await ensurePartnershipIndexes(connection);
  await upsertTenant(connection, tenant);
  process.stdout.write(`partnership demo: ${tenant.organisations.length} organisations, ${tenant.users.length} users (one of every role)\n`);

  const repository = createCaseRepository(caseModels(connection));
  await repository.ensureIndexes();
  const cases = connection.collection('cases');
  const existing = await cases.countDocuments({ partnershipId: 'demo' });
  if (existing > 0 && !reset) {
    process.stdout.write(`demo already has ${existing} cases; run \`npm run seed -- --reset\` to replace them\n`);
    return 0;
  }
  if (reset) {
    await repository.removePartnership('demo');
    await connection.collection('counters').deleteMany({ _id: { $regex: '^case:demo:' } as never });
  }

  const clock = fixedClock(realClock.now());
  const today = todayInEngland(realClock);
  const partnerships = createPartnershipDirectory(connection, calendar);
  const service = createCaseService({
    repository,
    calendar,
    clock,
    warnWorkingDays: config.DEADLINE_WARNING_WORKING_DAYS,
    openActionCount: async () => 0,
    partnership: async (id) => {
      const settings = await partnerships.get(id);
      return settings && { workflow: settings.workflow, referencePrefix: settings.referencePrefix };
    },
  });
  const principals = new Map(tenant.users.map((user) => [user.id, principalForUser({ ...user, disabled: false } as never)]));
  const plans = demoCases(today, calendar);
  let events = 0;
  let problems = 0;
  for (const [index, plan] of plans.entries()) {
    clock.set(instantOn(plan.laAwareOn));
    let current = await service.open(principals.get(plan.openedBy)!, plan.opening);
    for (const step of plan.steps) {
      clock.set(step.at);
      try {
        current = await service.applyEvent(principals.get(step.as)!, current.case.id, step.body, { ifMatch: current.case.version });
        events += 1;
      } catch (error) {
        problems += 1;
        process.stderr.write(`case ${index + 1} (${plan.opening['route']}): ${String(step.body['type'])} refused: ${(error as Error).message}\n`);
        break;
      }
    }
    process.stdout.write(`\rseeding cases ${index + 1}/${plans.length}`);
  }
  process.stdout.write(`\nseeded ${plans.length} cases with ${events} events${problems ? `, ${problems} refused` : ''}\n`);
  return problems === 0 ? 0 : 1;
});
