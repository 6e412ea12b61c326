import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHolidayCalendar } from '../../../src/calendar/bank-holidays.js';
import { createClocksRouter } from '../../../src/clocks/clocks.routes.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp(import.meta.filename, () => [createClocksRouter(defaultHolidayCalendar)]);
});
afterAll(() => app?.close());

const get = (query: string) => fetch(`${app.baseUrl}/api/clocks?${query}`);

describe('GET /api/clocks (public deadline calculator)', () => {
  it('gives every clock that starts from the awareness date, dates worked out by hand', async () => {
    // LA aware Monday 2025-03-03. +5 wd = Mon 10 Mar; +10 = Mon 17 Mar; +12 = Wed 19 Mar;
    // +14 = Fri 21 Mar; +15 = Mon 24 Mar. No bank holidays in March 2025.
    const response = await get('awareOn=2025-03-03');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      awareOn: string;
      clocks: { clockId: string; dueOn: string; status: string; length: number }[];
    };
    expect(body.awareOn).toBe('2025-03-03');
    const due = Object.fromEntries(body.clocks.map((clock) => [clock.clockId, clock.dueOn]));
    expect(due).toEqual({
      'sin-notification': '2025-03-10',
      'partners-informed': '2025-03-10',
      'child-death-notification': '2025-03-10',
      'rapid-review': '2025-03-24',
      'agency-returns': '2025-03-17',
      'rapid-review-meeting': '2025-03-19',
      'partner-sign-off': '2025-03-21',
    });
    expect(body.clocks.find((clock) => clock.clockId === 'sin-notification')).toMatchObject({
      status: 'statutory',
      length: 5,
      unit: 'working-days',
    });
  });

  it('skips Easter: aware Thursday 2025-04-17 → SIN due Monday 2025-04-28', async () => {
    // Fri 18 Apr is Good Friday and Mon 21 Apr Easter Monday, so the working days run
    // Tue 22 (1), Wed 23 (2), Thu 24 (3), Fri 25 (4), Mon 28 (5).
    const body = (await (await get('awareOn=2025-04-17')).json()) as { clocks: { clockId: string; dueOn: string }[] };
    expect(body.clocks.find((clock) => clock.clockId === 'sin-notification')?.dueOn).toBe('2025-04-28');
  });

  it('gives the latest date the final report may be sent before publication', async () => {
    // Publish Mon 2025-01-13: 7 working days before = Fri 10 (1), Thu 9 (2), Wed 8 (3), Tue 7 (4),
    // Mon 6 (5), Fri 3 (6), Thu 2 Jan (7). 1 Jan is a bank holiday but is not reached.
    const body = (await (await get('publishOn=2025-01-13')).json()) as { clocks: { clockId: string; dueOn: string }[] };
    expect(body.clocks).toEqual([expect.objectContaining({ clockId: 'publication-notice', dueOn: '2025-01-02', direction: 'before' })]);
  });

  it('gives the LCSPR due date, six calendar months on with month-end clamping', async () => {
    const body = (await (await get('commissionedOn=2023-08-31')).json()) as { clocks: { clockId: string; dueOn: string }[] };
    expect(body.clocks).toEqual([expect.objectContaining({ clockId: 'lcspr-publication', dueOn: '2024-02-29' })]);
  });

  it.each([
    ['', 'query'],
    ['awareOn=2025-02-30', 'query.awareOn'],
    ['awareOn=03/03/2025', 'query.awareOn'],
    ['awareOn=2025-03-03&publishOn=2025-04-01', 'query'],
    ['awareOn=2025-03-03&colour=blue', 'query'],
    ['awareOn[$gt]=2025-01-01', 'query'],
    ['awareOn=2025-03-03&awareOn=2025-03-04', 'query.awareOn'],
  ])('?%s → 400 naming %s', async (query, path) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as { errors: { path: string }[] };
    expect(body.errors.map((error) => error.path)).toContain(path);
  });

  it('a year with no holiday data → 422 naming the parameter and the year', async () => {
    const response = await get('awareOn=2031-06-02');
    expect(response.status).toBe(422);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ rule: 'holiday-data-missing', parameter: 'awareOn', year: 2031 });
    expect(String(body['detail'])).toContain('awareOn=2031-06-02');
  });
});
