import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reminderOutboxModel } from '../../../src/reminders/reminder.model.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { openCase, smtpEnv, workerFor } from './reminder-support.js';
import { type SmtpCapture, startSmtpCapture } from './smtp-capture.js';

// A partnership's own due-soon window decides its reminders, as it decides its dashboard. Dates by
// hand: LA aware Monday 3 March 2025, so the SIN is due Monday 10 March; on Tuesday 4 March it has
// 4 working days left (5, 6, 7, 10): inside north's window of 4, outside the service default of 3
// that south keeps.
const clock = fixedClock('2025-03-03T10:00:00Z');
let api: ApiTestContext;
let smtp: SmtpCapture;
let north: string;
let south: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  smtp = await startSmtpCapture();
  ({ id: north } = await openCase(api, 'north-business-unit', '2025-03-03'));
  ({ id: south } = await openCase(api, 'south-business-unit', '2025-03-03'));
  const changed = await api.call('PATCH', '/api/partnership', { as: 'north-admin', body: { dueSoonWorkingDays: 4 } });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
});

afterAll(async () => {
  await smtp?.stop();
  await api?.close();
});

describe("reminders on the partnership's due-soon window", () => {
  it('plans a due-soon reminder 4 working days ahead for north only', async () => {
    clock.set('2025-03-04T08:00:00Z');
    const figures = await workerFor(api, clock, smtpEnv(smtp.port), { workerId: 'worker-a' }).runOnce(new Date('2025-03-04T08:00:00Z'));
    expect(figures).toMatchObject({ candidates: 1, planned: 1 });
    const keys = (await reminderOutboxModel(api.database.connection).find({}).select({ _id: 1 }).lean<{ _id: string }[]>()).map(
      (entry) => entry._id,
    );
    expect(keys).toEqual([`case:${north}:sin-notification:2025-03-10:due-soon`]);
    expect(keys.some((key) => key.includes(south))).toBe(false);
  });
});
