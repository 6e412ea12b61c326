import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseModels } from '../../../src/cases/case.model.js';
import { createCaseRepository } from '../../../src/cases/case.repository.js';
import { createDeadlineSweeper } from '../../../src/cases/deadline-sweeper.js';
import { loadHolidayCalendar } from '../../../src/calendar/bank-holidays.loader.js';
import { createPartnershipDirectory } from '../../../src/partnerships/partnership-directory.js';
import { planReminders } from '../../../src/reminders/reminder.planner.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { CASE_LOG, caseLogCsv, type Row } from './case-log-fixture.js';

/*
 * The case-log import through real HTTP against the real database (issue 12 item 4, Done-when):
 * the 30-case log of case-log-fixture.ts gives, in the yearly reports of 2023 and 2024, the
 * figures worked out by hand below; a second import adds nothing; a file with three bad rows
 * writes nothing and names all three. The import runs on Monday 2025-06-16.
 */
const clock = fixedClock('2025-06-16T09:00:00.000Z');
let ctx: ApiTestContext;

async function postCsv(csv: string | Buffer, query: string, as = 'north-business-unit', contentType = 'text/csv') {
  const response = await fetch(`${ctx.baseUrl}/api/imports/cases${query}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${await ctx.token(as)}`, 'Content-Type': contentType },
    body: csv,
  });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: text ? JSON.parse(text) : undefined };
}

const cases = () => ctx.database.connection.collection('cases');
const countOf = (partnershipId: string) => cases().countDocuments({ partnershipId });

beforeAll(async () => {
  ctx = await startApiTestApp(import.meta.url, { clock });
});
afterAll(async () => {
  await ctx?.close();
});

describe('a file with three bad rows', () => {
  const good = CASE_LOG.slice(0, 5);
  const bad: Row[] = [
    good[0]!,
    { ...good[1]!, reference: 'BAD-1', laAwareOn: '2023-02-30' }, // line 3: not a date
    good[2]!,
    { ...good[3]!, reference: 'BAD-2', route: 'serious' }, // line 5: unknown route
    good[4]!,
    { ...CASE_LOG[5]!, reference: 'BAD-3', reasons: '' }, // line 7: a screening without reasons
  ];

  it('dry run: answers all three by line and column, and writes nothing', async () => {
    const response = await postCsv(caseLogCsv(bad), '?dryRun=true');
    expect(response.status).toBe(422);
    expect(response.type).toContain('application/problem+json');
    const where = response.body.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`);
    expect(where).toEqual(['3:laAwareOn', '5:route', '7:reasons']);
    expect(await countOf('north')).toBe(0);
  });

  it('real run: the same three, and still nothing written', async () => {
    const response = await postCsv(caseLogCsv(bad), '?dryRun=false');
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveLength(3);
    expect(await countOf('north')).toBe(0);
  });

  it('a row the machines refuse is named too, and nothing is written', async () => {
    // The rapid review submitted before its decision: the machine refuses the submission.
    const refused = {
      ...CASE_LOG[0]!,
      reference: 'BAD-4',
      rapidReviewDecidedOn: '',
      rapidReviewLocalReview: '',
      closedOn: '',
      reasons: 'x',
    };
    const response = await postCsv(caseLogCsv([CASE_LOG[1]!, refused]), '?dryRun=false');
    expect(response.status).toBe(422);
    expect(response.body.errors).toHaveLength(1);
    expect(response.body.errors[0]).toMatchObject({ line: 3, column: 'rapidReviewSubmittedOn' });
    expect(await countOf('north')).toBe(0);
  });
});

describe('a row naming an organisation the partnership does not have', () => {
  it("is a problem on referringOrganisationId (another partnership's organisation too), and nothing is written", async () => {
    const rows = [
      { ...CASE_LOG[5]!, referringOrganisationId: 'south-school' },
      { ...CASE_LOG[6]!, referringOrganisationId: 'nowhere' },
    ];
    const response = await postCsv(caseLogCsv(rows), '?dryRun=true');
    expect(response.status).toBe(422);
    expect(response.body.errors.map((e: { line: number; column: string }) => `${e.line}:${e.column}`)).toEqual([
      '2:referringOrganisationId',
      '3:referringOrganisationId',
    ]);
    expect(await countOf('north')).toBe(0);
  });
});

describe('bad files', () => {
  it('not CSV: 415', async () => {
    const response = await postCsv('{"a":1}', '?dryRun=true', 'north-business-unit', 'application/json');
    expect(response.status).toBe(415);
  });

  it('no dryRun parameter: 400', async () => {
    expect((await postCsv(caseLogCsv(CASE_LOG.slice(0, 1)), '')).status).toBe(400);
  });

  it('broken quoting: 400 naming the line', async () => {
    const csv = `${caseLogCsv(CASE_LOG.slice(0, 1), { bom: false })}"OLD-X,serious-incident\r\n`;
    const response = await postCsv(csv, '?dryRun=true');
    expect(response.status).toBe(400);
    expect(response.body.errors[0].line).toBeGreaterThanOrEqual(3);
  });

  it('a header without a required column: 400 naming it', async () => {
    const response = await postCsv('reference,route\r\nOLD-1,referral\r\n', '?dryRun=true');
    expect(response.status).toBe(400);
    expect(response.body.errors.map((e: { column: string }) => e.column)).toEqual(['incidentOn', 'laAwareOn', 'ageBands', 'laArea']);
  });

  it('not UTF-8: 400', async () => {
    const response = await postCsv(Buffer.from([0x72, 0x65, 0x66, 0xff, 0xfe, 0x0d, 0x0a]), '?dryRun=true');
    expect(response.status).toBe(400);
  });

  it('over the size limit: 413', async () => {
    const response = await postCsv(Buffer.alloc(2_100_000, 0x61), '?dryRun=true');
    expect(response.status).toBe(413);
  });

  it('only the business unit may import or read the template', async () => {
    for (const user of ['north-chair', 'north-admin', 'north-agency-school', 'north-viewer']) {
      expect((await postCsv(caseLogCsv(CASE_LOG.slice(0, 1)), '?dryRun=true', user)).status).toBe(403);
      expect((await ctx.call('GET', '/api/imports/cases/template.csv', { as: user })).status).toBe(403);
    }
    expect(await countOf('north')).toBe(0);
  });
});

describe('the template', () => {
  it('is a CSV whose header has every column the issue lists', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/imports/cases/template.csv`, {
      headers: { Authorization: `Bearer ${await ctx.token('north-business-unit')}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const header = (await response.text())
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    for (const column of [
      'reference',
      'route',
      'incidentOn',
      'laAwareOn',
      'partnersAwareOn',
      'ageBands',
      'laArea',
      'referringOrganisationId',
      'themes',
      'partnersInformedOn',
      'notifiedOn',
      'screenedOn',
      'screeningOutcome',
      'rapidReviewMeetingOn',
      'rapidReviewDecidedOn',
      'rapidReviewLocalReview',
      'rapidReviewSubmittedOn',
      'rapidReviewLateReason',
      'panelRespondedOn',
      'panelResponse',
      'localReviewCommissionedOn',
      'publishedOn',
      'closedOn',
      'reasons',
    ]) {
      expect(header).toContain(column);
    }
  });

  it('imports as it is (a dry run of the template itself has no problems)', async () => {
    const response = await fetch(`${ctx.baseUrl}/api/imports/cases/template.csv`, {
      headers: { Authorization: `Bearer ${await ctx.token('north-business-unit')}` },
    });
    const dry = await postCsv(Buffer.from(await response.arrayBuffer()), '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 1, created: 0 });
    expect(await countOf('north')).toBe(0);
  });
});

describe('the 30-case log', () => {
  it('a dry run checks every row and writes nothing', async () => {
    const response = await postCsv(caseLogCsv(CASE_LOG), '?dryRun=true');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ dryRun: true, rows: 30, created: 0, alreadyImported: 0 });
    expect(response.body.results.every((r: { outcome: string }) => r.outcome === 'would-create')).toBe(true);
    expect(await countOf('north')).toBe(0);
  });

  it('imports all 30, keeping each former reference and saying who imported each step', async () => {
    const response = await postCsv(caseLogCsv(CASE_LOG), '?dryRun=false');
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ dryRun: false, rows: 30, created: 30, alreadyImported: 0 });
    expect(await countOf('north')).toBe(30);
    expect(await countOf('south')).toBe(0);

    const stored = await cases().findOne({ partnershipId: 'north', formerReference: 'OLD-A01' });
    expect(stored).toMatchObject({ formerReference: 'OLD-A01', reference: 'NTH-2023-0001', state: 'closed', openedOn: '2023-06-05' });
    const history = stored!['history'] as { type: string; at: string; imported: { by: string; at: string; line: number } }[];
    expect(history[0]).toMatchObject({ type: 'case.opened', at: '2023-06-05T12:00:00.000Z' });
    expect(
      history.filter(
        (entry) =>
          !(entry.imported.by === 'north-business-unit' && entry.imported.at === '2025-06-16T09:00:00.000Z' && entry.imported.line === 2),
      ),
    ).toEqual([]);
    expect(history.map((entry) => entry.type)).toEqual([
      'case.opened',
      'partners.informed',
      'sin.submitted',
      'rapid-review.meeting-held',
      'rapid-review.decided',
      'rapid-review.signed-off',
      'rapid-review.signed-off',
      'rapid-review.signed-off',
      'rapid-review.submitted',
      'panel.responded',
      'learning.completed',
      'action-plan.completed',
      'case.closed',
    ]);
    const view = await ctx.call('GET', `/api/cases/${stored!['_id']}`, { as: 'north-chair' });
    expect(view.body).toMatchObject({ reference: 'NTH-2023-0001', formerReference: 'OLD-A01', state: 'closed' });
    const timeline = await ctx.call('GET', `/api/cases/${stored!['_id']}/history`, { as: 'north-chair' });
    expect(timeline.body.items[5]).toMatchObject({
      type: 'rapid-review.signed-off',
      imported: { by: 'north-business-unit', inferred: true },
    });
    expect(timeline.body.items[4].imported.inferred).toBeUndefined();
    const clocks = stored!['clocks'] as { clockId: string; dueOn: string; metOn?: string }[];
    // Judged on the file's dates: SIN due 2023-06-12, sent 06-09; rapid review due 06-26, sent 06-19.
    expect(clocks.find((c) => c.clockId === 'sin-notification')).toMatchObject({ dueOn: '2023-06-12', metOn: '2023-06-09' });
    expect(clocks.find((c) => c.clockId === 'rapid-review')).toMatchObject({ dueOn: '2023-06-26', metOn: '2023-06-19' });
  });

  it('a second import of the same file adds nothing', async () => {
    const response = await postCsv(caseLogCsv(CASE_LOG, { bom: false }), '?dryRun=false');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ rows: 30, created: 0, alreadyImported: 30 });
    expect(await countOf('north')).toBe(30);
  });

  it('nor does the same file re-saved by Excel (dates as DD/MM/YYYY, Yes and No)', async () => {
    const resaved = CASE_LOG.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([column, value]) => [
          column,
          /^\d{4}-\d{2}-\d{2}$/.test(value ?? '')
            ? `${value!.slice(8, 10)}/${value!.slice(5, 7)}/${value!.slice(0, 4)}`
            : value === 'yes'
              ? 'Yes'
              : value === 'no'
                ? 'No'
                : value,
        ]),
      ),
    );
    const response = await postCsv(caseLogCsv(resaved), '?dryRun=false');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ rows: 30, created: 0, alreadyImported: 30 });
    expect(await countOf('north')).toBe(30);
  });

  it('every imported case replays to what is stored (the replay check)', async () => {
    const all = await cases().find({ partnershipId: 'north' }).project({ _id: 1 }).toArray();
    for (const { _id } of all) {
      const response = await ctx.call('GET', `/api/cases/${_id}/verification`, { as: 'north-admin' });
      expect(response.status).toBe(200);
      expect(response.body, JSON.stringify(response.body)).toMatchObject({ consistent: true });
    }
  });

  it('a changed row for a case already imported is a problem, not a second case', async () => {
    const changed = { ...CASE_LOG[0]!, themes: 'neglect;bullying' };
    const response = await postCsv(caseLogCsv([CASE_LOG[1]!, changed]), '?dryRun=false');
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ line: 3, column: 'reference', message: expect.stringContaining('NTH-2023-0001') }),
    ]);
    expect(await countOf('north')).toBe(30);
  });

  it('clocks that fell due before the import are never swept as newly overdue and never reminded', async () => {
    const calendar = await loadHolidayCalendar(ctx.config.BANK_HOLIDAYS_FILE);
    const repository = createCaseRepository(caseModels(ctx.database.connection));
    const sweeper = createDeadlineSweeper({
      repository,
      partnerships: createPartnershipDirectory(ctx.database.connection, calendar),
      clock,
    });
    expect((await sweeper.sweepOnce()).recorded).toBe(0);
    const figures = await planReminders(
      { connection: ctx.database.connection, calendar, warnWorkingDays: 5, actions: { overdueActions: async () => [] } },
      '2025-06-16',
      clock.now(),
    );
    // The one reminder planned is B4's review, due on the day of the import itself (6 months from
    // 2024-12-16): due, not overdue, so it is reminded as usual. Nothing due before 2025-06-16 is.
    const outbox = ctx.database.connection.collection('reminder_outbox');
    const planned = await outbox.find({ status: { $ne: 'obsolete' } }).toArray();
    expect(planned.map((r) => `${r['reference']}:${r['clockId']}:${r['dueOn']}:${r['threshold']}`)).toEqual([
      'NTH-2024-0006:lcspr-publication:2025-06-16:due-soon',
    ]);
    expect(figures.planned).toBe(1);
    expect(await outbox.countDocuments({ status: 'obsolete', dueOn: { $lt: '2025-06-16' } })).toBeGreaterThan(0);
    // A14 is still in its rapid review, its clocks long past: each recorded passed by the import itself.
    const a14 = await cases().findOne({ partnershipId: 'north', formerReference: 'OLD-A14' });
    const passed = (a14!['history'] as { type: string; actor: { userId: string } }[]).filter((entry) => entry.type === 'deadline.passed');
    expect(passed.length).toBeGreaterThan(0);
    expect(passed.every((entry) => entry.actor.userId === 'case-import')).toBe(true);

    // Two days later B4's review (due on the day of the import) has fallen due since: that one is swept.
    clock.set('2025-06-18T09:00:00.000Z');
    try {
      expect((await sweeper.sweepOnce()).recorded).toBe(1);
      const b4 = await cases().findOne({ partnershipId: 'north', formerReference: 'OLD-B04' });
      const swept = (b4!['history'] as { type: string; actor: { userId: string }; fields: { clockId?: string } }[]).filter(
        (entry) => entry.actor.userId === 'deadline-sweeper',
      );
      expect(swept.map((entry) => `${entry.type}:${entry.fields.clockId}`)).toEqual(['deadline.passed:lcspr-publication']);
    } finally {
      clock.set('2025-06-16T09:00:00.000Z');
    }
  });

  const figures = async (year: number) => {
    const response = await ctx.call('GET', `/api/reports/yearly?year=${year}`, { as: 'north-business-unit' });
    expect(response.status).toBe(200);
    return response.body.figures;
  };
  const values = (record: Record<string, { value: number }>) =>
    Object.fromEntries(Object.entries(record).map(([key, figure]) => [key, figure.value]));

  it('the yearly report of 2023 (April 2023 to March 2024) has the figures worked out by hand', async () => {
    const f = await figures(2023);
    // Opened in the year on the referral routes: SIN A1-A5, A12-A14 (8); referral A6-A9 (4); A10; A15. Not A11 (out of area).
    expect(values(f.referrals).received ?? f.referrals.received.value).toBe(14);
    expect(f.referrals.sin.value).toBe(8);
    expect(f.referrals.nonSin.value).toBe(6);
    expect(values(f.referrals.byRoute)).toEqual({
      'serious-incident': 8,
      'looked-after-death': 1,
      'care-leaver-death': 0,
      referral: 4,
      'youth-justice-incident': 1,
    });
    // SINs sent in the year: A1-A5, A9, A12-A14 (not A10, a child death). Late: A3 only.
    expect(values(f.sins)).toEqual({ notified: 9, withinFiveWorkingDays: 8, late: 1 });
    // Rapid reviews sent in the year: A1-A5, A9, A13 (A12's went in April 2024). Late: A3.
    expect(
      values({
        completed: f.rapidReviews.completed,
        withinFifteenWorkingDays: f.rapidReviews.withinFifteenWorkingDays,
        late: f.rapidReviews.late,
      }),
    ).toEqual({
      completed: 7,
      withinFifteenWorkingDays: 6,
      late: 1,
    });
    // Panel answers in the year: A1, A2, A13 no local review; A3, A4, A5 local review.
    expect(values(f.rapidReviews.outcomes)).toEqual({ noLocalReview: 3, localReview: 3, nationalReview: 0, withdrawn: 0 });
    // Screenings: A9 notify; A8 alternative learning; A15 refer elsewhere; A6, A7, A10 no further action.
    expect(values(f.nonSinOutcomes)).toEqual({
      notify: 1,
      'local-rapid-review': 0,
      'alternative-learning': 1,
      'refer-elsewhere': 1,
      'no-further-action': 3,
    });
    // LCSPRs: commissioned A3, A4, A5; published A4; in progress on 2024-03-31 A3, A5; overdue A3 only.
    expect(values(f.lcsprs)).toEqual({ commissioned: 3, inProgress: 2, published: 1, deferred: 0, overdue: 1, publishedAfterSixMonths: 0 });
    expect(values(f.nationalReviews)).toEqual({ total: 0, selectedByPanel: 0, openedOnRoute: 0 });
    expect(values(f.outOfArea)).toEqual({ supported: 1, opened: 1 });
  });

  it('the yearly report of 2024 (April 2024 to March 2025) has the figures worked out by hand', async () => {
    const f = await figures(2024);
    // Opened in the year: SIN B1-B5, B13, B14 (7); referral B6-B9, B15 (5); B10 (care leaver). Not B11, B12.
    expect(f.referrals.received.value).toBe(13);
    expect(f.referrals.sin.value).toBe(7);
    expect(f.referrals.nonSin.value).toBe(6);
    expect(values(f.referrals.byRoute)).toEqual({
      'serious-incident': 7,
      'looked-after-death': 0,
      'care-leaver-death': 1,
      referral: 5,
      'youth-justice-incident': 0,
    });
    // SINs: B1-B5, B9, B13, B14 (not B10); late B3, B4.
    expect(values(f.sins)).toEqual({ notified: 8, withinFiveWorkingDays: 6, late: 2 });
    // Statutory rapid reviews sent: A12 (late, 2024-04-04), B1-B5, B9, B13, B14; late A12, B3, B4.
    expect(
      values({
        completed: f.rapidReviews.completed,
        withinFifteenWorkingDays: f.rapidReviews.withinFifteenWorkingDays,
        late: f.rapidReviews.late,
      }),
    ).toEqual({
      completed: 9,
      withinFifteenWorkingDays: 6,
      late: 3,
    });
    // Panel: A12, B1, B2, B13 no local review; B3, B4, B5 local review; B14 national review.
    expect(values(f.rapidReviews.outcomes)).toEqual({ noLocalReview: 4, localReview: 3, nationalReview: 1, withdrawn: 0 });
    // B15's rapid review followed no notification (screened to a local rapid review): counted apart.
    expect(values(f.localReviews)).toEqual({ rapidReviews: 1, commissioned: 0, inProgress: 0, published: 0 });
    expect(values(f.nonSinOutcomes)).toEqual({
      notify: 1,
      'local-rapid-review': 1,
      'alternative-learning': 2,
      'refer-elsewhere': 0,
      'no-further-action': 2,
    });
    // LCSPRs: commissioned B3, B4, B5; published A5 (after 6 months) and B5; in progress on 2025-03-31 A3, B3, B4; overdue A3, B3.
    expect(values(f.lcsprs)).toEqual({ commissioned: 3, inProgress: 3, published: 2, deferred: 0, overdue: 2, publishedAfterSixMonths: 1 });
    // National reviews: B12 opened on the route, B14 selected by the Panel.
    expect(values(f.nationalReviews)).toEqual({ total: 2, selectedByPanel: 1, openedOnRoute: 1 });
    // Out of area: B11 opened; A11 and B11 supported.
    expect(values(f.outOfArea)).toEqual({ supported: 2, opened: 1 });
  });
});
