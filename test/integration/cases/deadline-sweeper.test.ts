import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { caseModels } from '../../../src/cases/case.model.js';
import { createCaseRepository } from '../../../src/cases/case.repository.js';
import { createDeadlineSweeper } from '../../../src/cases/deadline-sweeper.js';
import { connectDatabase, type DatabaseConnection } from '../../../src/database/connection.js';
import { createPartnershipDirectory } from '../../../src/partnerships/partnership-directory.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let second: DatabaseConnection;
const caseIds: string[] = [];

/** A sweeper as one service instance would have it, on its own connection. */
function sweeperOn(connection: DatabaseConnection['connection']) {
  return createDeadlineSweeper({
    repository: createCaseRepository(caseModels(connection)),
    partnerships: createPartnershipDirectory(connection, defaultHolidayCalendar),
    clock,
  });
}

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  second = await connectDatabase(api.database.uri, api.database.name, 5000);
  for (let i = 0; i < 6; i++) {
    const response = await api.call('POST', '/api/cases', {
      as: 'north-business-unit',
      body: {
        route: 'serious-incident',
        incidentOn: '2025-03-01',
        laAwareOn: '2025-03-03',
        children: [{ ageBand: '5-9', sex: 'male', legalStatus: [] }],
        laArea: 'Northshire',
      },
    });
    expect(response.status).toBe(201);
    caseIds.push(response.body.id);
  }
});
afterAll(async () => {
  await second?.close();
  await api?.close();
});

async function deadlineEntries(id: string) {
  const history = await api.call('GET', `/api/cases/${id}/history`, { as: 'north-chair' });
  return (history.body.items as { type: string; fields: { clockId: string }; actor: { userId: string } }[]).filter(
    (item) => item.type === 'deadline.passed',
  );
}

describe('the deadline sweeper', () => {
  it('records nothing while no clock is past due (on the due date itself)', async () => {
    // SIN and partners-informed are due Monday 10 March: not overdue on the day.
    clock.set('2025-03-10T16:00:00Z');
    const result = await sweeperOn(api.database.connection).sweepOnce();
    expect(result.recorded).toBe(0);
  });

  it('two instances sweeping at once record each passed deadline exactly once', async () => {
    // Tuesday 11 March: the three 5-working-day clocks (SIN, partners informed, child death
    // notification) are overdue on every case; nothing else is due yet.
    clock.set('2025-03-11T08:00:00Z');
    const [a, b] = await Promise.all([sweeperOn(api.database.connection).sweepOnce(), sweeperOn(second.connection).sweepOnce()]);
    const perCase = await Promise.all(caseIds.map(deadlineEntries));
    for (const entries of perCase) {
      const clocks = entries.map((entry) => entry.fields.clockId).sort();
      expect(new Set(clocks).size).toBe(clocks.length);
      expect(clocks.length).toBeGreaterThan(0);
      expect(entries.every((entry) => entry.actor.userId === 'deadline-sweeper')).toBe(true);
    }
    const total = perCase.reduce((sum, entries) => sum + entries.length, 0);
    expect(a.recorded + b.recorded).toBe(total);
    console.log(`two sweepers: ${total} deadline.passed recorded once each (${a.retried + b.retried} lost races retried)`);
  });

  it('a later sweep adds nothing for deadlines already recorded', async () => {
    const before = (await Promise.all(caseIds.map(deadlineEntries))).flat().length;
    const result = await sweeperOn(api.database.connection).sweepOnce();
    expect(result.recorded).toBe(0);
    expect((await Promise.all(caseIds.map(deadlineEntries))).flat().length).toBe(before);
  });

  it('the dashboard lists the overdue clocks, earliest first', async () => {
    const response = await api.call('GET', '/api/deadlines?status=overdue&pageSize=200', { as: 'north-business-unit' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const items = response.body.items as { dueOn: string; status: string; caseId: string }[];
    expect(items.length).toBeGreaterThanOrEqual(caseIds.length);
    expect(items.every((item) => item.status === 'overdue' && item.dueOn === '2025-03-10')).toBe(true);
    const soon = await api.call('GET', '/api/deadlines?status=due-soon&within=5', { as: 'north-business-unit' });
    // Within 5 working days of Tue 11 March (to Tue 18): agency returns due Mon 17 March.
    expect((soon.body.items as { clockId: string; dueOn: string }[]).map((item) => `${item.clockId}@${item.dueOn}`)).toContain(
      'agency-returns@2025-03-17',
    );
  });
});
