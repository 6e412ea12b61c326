// `npm run seed [-- --reset]`: two synthetic partnerships, `demo` (a realistic year of cases on every
// route and in every stage) and `east` (a smaller one, so the separation between partnerships can be
// seen), each with a user of every role and several agencies, and an action plan with
// recommendations and actions in every RAG state. Everything is made through the case and action
// services, so each record has a real, replayable history. Synthetic data only.
import { principalForUser } from '../src/partnerships/user.model.js';
import { loadHolidayCalendar } from '../src/calendar/bank-holidays.loader.js';
import { caseModels } from '../src/cases/case.model.js';
import { createCaseRepository } from '../src/cases/case.repository.js';
import { createCaseService } from '../src/cases/case.service.js';
import { createActionModule, linkedCaseFinder } from '../src/actions/action.module.js';
import { createPartnershipDirectory } from '../src/partnerships/partnership-directory.js';
import { ensurePartnershipIndexes } from '../src/partnerships/partnership.model.js';
import { fixedClock, realClock, todayInEngland } from '../src/shared/system-clock.js';
import { addDays } from '../src/calendar/calendar-date.js';
import { demoCases, instantOn } from './seed/demo-cases.js';
import { seedActionPlans } from './seed/demo-actions.js';
import { tenantFixture, upsertTenant } from './seed/tenant.js';
import { withDatabase } from './support/with-database.js';

const reset = process.argv.includes('--reset');

/** The partnerships seeded: `east` starts its year a few days later and has fewer cases. */
const PARTNERSHIPS = [
  { id: 'demo', prefix: 'DEMO', count: 48, offsetDays: 0 },
  { id: 'east', prefix: 'EST', count: 20, offsetDays: 3 },
];

/** A case overdue longer than this, left by the seed, would be a demo telling the wrong story. */
const LONG_OVERDUE_DAYS = 30;

await withDatabase(async (database, config) => {
  const connection = database.connection;
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  await ensurePartnershipIndexes(connection);
  const repository = createCaseRepository(caseModels(connection));
  await repository.ensureIndexes();
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
  const plan = await createActionModule({
    connection,
    clock,
    partnerships,
    findCase: linkedCaseFinder(repository),
    exportMaxRows: 10_000,
    maxNotes: config.ACTION_MAX_NOTES,
  });
  const cases = connection.collection('cases');
  let problems = 0;

  for (const spec of PARTNERSHIPS) {
    const tenant = tenantFixture(spec.id, spec.prefix);
    await upsertTenant(connection, tenant);
    process.stdout.write(
      `partnership ${spec.id}: ${tenant.organisations.length} organisations, ${tenant.users.length} users (one of every role)\n`,
    );
    const existing = await cases.countDocuments({ partnershipId: spec.id });
    if (existing > 0 && !reset) {
      process.stdout.write(`${spec.id} already has ${existing} cases; run \`npm run seed -- --reset\` to replace them\n`);
      continue;
    }
    if (reset) {
      await repository.removePartnership(spec.id);
      await connection.collection('counters').deleteMany({ _id: { $regex: `^case:${spec.id}:` } as never });
      await Promise.all(['recommendations', 'actions'].map((name) => connection.collection(name).deleteMany({ partnershipId: spec.id })));
    }

    const principals = new Map(tenant.users.map((user) => [user.id, principalForUser({ ...user, disabled: false } as never)]));
    const plans = demoCases(today, calendar, { partnershipId: spec.id, count: spec.count, offsetDays: spec.offsetDays });
    let events = 0;
    const inActionPlan: { id: string; source: 'rapid-review' | 'local-review' }[] = [];
    for (const [index, seeded] of plans.entries()) {
      clock.set(instantOn(seeded.laAwareOn));
      let current = await service.open(principals.get(seeded.openedBy)!, seeded.opening);
      for (const step of seeded.steps) {
        clock.set(step.at);
        try {
          current = await service.applyEvent(principals.get(step.as)!, current.case.id, step.body, { ifMatch: current.case.version });
          events += 1;
        } catch (error) {
          problems += 1;
          process.stderr.write(
            `${spec.id} case ${index + 1} (${seeded.opening['route']}): ${String(step.body['type'])} refused: ${(error as Error).message}\n`,
          );
          break;
        }
      }
      const types = new Set(seeded.steps.map((step) => step.body['type']));
      if (current.case.state === 'actionPlan' && (types.has('rapid-review.submitted') || types.has('report.published'))) {
        inActionPlan.push({ id: current.case.id, source: types.has('report.published') ? 'local-review' : 'rapid-review' });
      }
      process.stdout.write(`\rseeding ${spec.id} cases ${index + 1}/${plans.length}`);
    }
    const actions = await seedActionPlans({
      ...plan,
      clock,
      partnershipId: spec.id,
      principals,
      today,
      casesInActionPlan: inActionPlan.slice(0, 4),
    });
    process.stdout.write(`\nseeded ${spec.id}: ${plans.length} cases with ${events} events, ${actions} actions\n`);

    // The demo should show the odd late clock, never a case forgotten for months.
    const longOverdue = await cases.countDocuments({
      partnershipId: spec.id,
      final: false,
      nextDueOn: { $lt: addDays(today, -LONG_OVERDUE_DAYS) },
    });
    if (longOverdue > 0) {
      problems += 1;
      process.stderr.write(`${spec.id}: ${longOverdue} case(s) overdue by more than ${LONG_OVERDUE_DAYS} days\n`);
    }
  }
  return problems === 0 ? 0 : 1;
});
