import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { londonEndOfDay, londonStartOfDay } from '../../../src/calendar/england-day.js';
import { reportAsOf, reportingPeriod } from '../../../src/reports/reporting-year.js';
import { yearlyReportCsv } from '../../../src/reports/yearly-report.csv.js';
import { YearlyFiguresSchema } from '../../../src/reports/yearly-report.schemas.js';
import {
  createYearlyReport,
  figureRows,
  type ReportAction,
  type ReportActionEntry,
  type ReportCase,
  type ReportHistoryEntry,
  type YearlyFigures,
} from '../../../src/reports/yearly-report.js';

// Reporting year 2024 (April 2024 to March 2025), taken as of its last day. Instants are written in
// UTC: in summer England is an hour ahead, so 2024-03-31T23:30:00Z is already 1 April.
const period = reportingPeriod(2024, 4);
const window = {
  period,
  asOf: period.to,
  fromInstant: londonStartOfDay(period.from),
  endInstant: londonEndOfDay(period.to),
  organisationKinds: new Map([
    ['n-school', 'school'],
    ['n-police', 'police'],
    ['n-yjs', 'youth-justice'],
  ]),
};

const e = (type: string, at: string, stateAfter?: string, fields?: ReportHistoryEntry['fields']): ReportHistoryEntry => ({
  type,
  at,
  ...(stateAfter ? { stateAfter } : {}),
  ...(fields ? { fields } : {}),
});

function kase(id: string, route: string, history: ReportHistoryEntry[], extra: Partial<ReportCase> = {}): ReportCase {
  return { _id: id, reference: `REF-${id}`, route, history, ...extra };
}

function report(cases: ReportCase[], actions: ReportAction[] = [], w = window): YearlyFigures {
  const builder = createYearlyReport(w);
  for (const record of cases) builder.addCase(record);
  for (const record of actions) builder.addAction(record);
  return builder.result();
}

/** Figure path → referenced case/action ids, for the non-empty figures only. */
function counted(figures: YearlyFigures): Record<string, string[]> {
  return Object.fromEntries(
    figureRows(figures)
      .filter((row) => row.value > 0)
      .map((row) => [row.figure, row.references.map((reference) => reference.replace(/^REF-/, ''))]),
  );
}

const SIN_CLOCKS = [
  { clockId: 'sin-notification', dueOn: '2024-05-08', originalDueOn: '2024-05-08' },
  { clockId: 'rapid-review', dueOn: '2024-05-22', originalDueOn: '2024-05-22' },
];

describe('reportingPeriod and reportAsOf', () => {
  it.each([
    [2024, 4, '2024-04-01', '2025-03-31'],
    [2024, 1, '2024-01-01', '2024-12-31'],
    [2023, 9, '2023-09-01', '2024-08-31'],
    [2023, 3, '2023-03-01', '2024-02-29'],
    [2024, 12, '2024-12-01', '2025-11-30'],
  ])('year %i starting in month %i runs %s to %s', (year, month, from, to) => {
    expect(reportingPeriod(year, month)).toEqual({ from, to });
  });

  it('refuses a month or year out of range', () => {
    expect(() => reportingPeriod(2024, 0)).toThrow(RangeError);
    expect(() => reportingPeriod(2024, 13)).toThrow(RangeError);
    expect(() => reportingPeriod(24, 4)).toThrow(RangeError);
  });

  it('takes the figures on the last day once the year is over, today while it runs, never before it starts', () => {
    expect(reportAsOf(period, '2025-06-01')).toBe('2025-03-31');
    expect(reportAsOf(period, '2025-03-31')).toBe('2025-03-31');
    expect(reportAsOf(period, '2024-10-15')).toBe('2024-10-15');
    expect(reportAsOf(period, '2024-04-01')).toBe('2024-04-01');
    expect(reportAsOf(period, '2024-03-31')).toBeUndefined();
  });
});

describe('the yearly report reducer', () => {
  it('counts referrals opened in the year by SIN and non-SIN, route and source', () => {
    const figures = report([
      kase('a', 'serious-incident', [e('case.opened', '2024-03-31T23:30:00Z', 'notification')]), // 1 April in England
      kase('b', 'referral', [e('case.opened', '2024-06-01T10:00:00Z', 'screening')], { referringOrganisationId: 'n-school' }),
      kase('c', 'youth-justice-incident', [e('case.opened', '2024-07-01T10:00:00Z', 'screening')], { referringOrganisationId: 'n-yjs' }),
      kase('d', 'looked-after-death', [e('case.opened', '2025-03-31T22:59:59Z', 'notification')], { referringOrganisationId: 'n-gone' }),
      kase('e', 'referral', [e('case.opened', '2024-03-31T22:59:00Z', 'screening')], { referringOrganisationId: 'n-school' }), // 31 March: last year
      kase('f', 'referral', [e('case.opened', '2025-03-31T23:00:00Z', 'screening')], { referringOrganisationId: 'n-school' }), // 1 April 2025: next year
      kase('g', 'out-of-area', [e('case.opened', '2024-05-01T10:00:00Z', 'supporting')]),
    ]);
    expect(figures.referrals.received).toEqual({
      value: 4,
      cases: ['a', 'b', 'c', 'd'].map((id) => ({ id, reference: `REF-${id}` })),
    });
    const rows = counted(figures);
    expect(rows['referrals.sin']).toEqual(['a']);
    expect(rows['referrals.nonSin']).toEqual(['b', 'c', 'd']);
    expect(rows['referrals.byRoute.referral']).toEqual(['b']);
    expect(rows['referrals.byRoute.care-leaver-death']).toBeUndefined();
    expect(figures.referrals.bySourceKind.map((f) => [f.kind, f.value])).toEqual([
      ['not-recorded', 1],
      ['school', 1],
      ['unknown', 1],
      ['youth-justice', 1],
    ]);
    expect(figures.referrals.bySourceOrganisation.map((f) => [f.organisationId, f.kind, f.value])).toEqual([
      ['n-gone', 'unknown', 1],
      ['n-school', 'school', 1],
      ['n-yjs', 'youth-justice', 1],
      ['not-recorded', 'not-recorded', 1],
    ]);
  });

  it('counts SINs notified in the year and whether within 5 working days, not child-death notifications', () => {
    const figures = report([
      kase(
        'on-time',
        'serious-incident',
        [
          e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-05-08T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-05-08' }),
        ],
        { clocks: SIN_CLOCKS },
      ),
      kase(
        'late',
        'serious-incident',
        [
          e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-05-09T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-05-09' }),
        ],
        { clocks: SIN_CLOCKS },
      ),
      kase(
        'screened',
        'referral',
        [
          e('case.opened', '2024-04-20T09:00:00Z', 'screening'),
          e('referral.screened', '2024-04-30T09:00:00Z', 'notification', { outcome: 'notify' }),
          e('sin.submitted', '2024-05-02T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-05-02' }),
        ],
        { clocks: SIN_CLOCKS },
      ),
      kase('death', 'looked-after-death', [
        e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
        e('sin.submitted', '2024-05-02T09:00:00Z', 'screening', { submittedOn: '2024-05-02' }),
      ]),
      // Opened last year, notified this year: counted this year.
      kase(
        'straddle',
        'serious-incident',
        [
          e('case.opened', '2024-03-28T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-04-03T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-04-03' }),
        ],
        {
          clocks: [{ clockId: 'sin-notification', dueOn: '2024-04-05', originalDueOn: '2024-04-05' }],
        },
      ),
      // Recorded after the year: not in this report.
      kase(
        'after',
        'serious-incident',
        [
          e('case.opened', '2025-03-25T09:00:00Z', 'notification'),
          e('sin.submitted', '2025-04-01T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2025-03-31' }),
        ],
        { clocks: SIN_CLOCKS },
      ),
    ]);
    const rows = counted(figures);
    expect(rows['sins.notified']).toEqual(['late', 'on-time', 'screened', 'straddle']);
    expect(rows['sins.withinFiveWorkingDays']).toEqual(['on-time', 'screened', 'straddle']);
    expect(rows['sins.late']).toEqual(['late']);
  });

  it('counts every notification to the Panel by kind, each against its own 5-working-day clock, and their total', () => {
    // Due dates worked out by hand (England and Wales bank holidays), day 0 = the day the LA knew:
    // serious incident known Wed 1 May 2024 → Thu 9 May (Mon 6 May is a bank holiday);
    // serious incident known Mon 3 June 2024 → Mon 10 June;
    // looked-after child's death known Fri 20 Dec 2024 → Tue 31 Dec (25 and 26 December are holidays);
    // care leaver's death known Mon 19 Aug 2024 → Tue 27 Aug (Mon 26 August is a bank holiday);
    // care leaver's death known Thu 13 Mar 2025 → Thu 20 Mar.
    const notified = (id: string, route: string, openedAt: string, clockId: string, dueOn: string, submittedOn: string) =>
      kase(
        id,
        route,
        [e('case.opened', openedAt, 'notification'), e('sin.submitted', `${submittedOn}T16:00:00Z`, 'screening', { submittedOn })],
        {
          clocks: [{ clockId, dueOn, originalDueOn: dueOn }],
        },
      );
    const figures = report([
      notified('si-on-time', 'serious-incident', '2024-05-01T09:00:00Z', 'sin-notification', '2024-05-09', '2024-05-09'),
      notified('si-late', 'serious-incident', '2024-06-03T09:00:00Z', 'sin-notification', '2024-06-10', '2024-06-11'),
      notified('lac', 'looked-after-death', '2024-12-20T09:00:00Z', 'child-death-notification', '2024-12-31', '2024-12-31'),
      notified('cl-on-time', 'care-leaver-death', '2024-08-19T09:00:00Z', 'child-death-notification', '2024-08-27', '2024-08-27'),
      notified('cl-late', 'care-leaver-death', '2025-03-13T09:00:00Z', 'child-death-notification', '2025-03-20', '2025-03-21'),
    ]);
    const rows = counted(figures);
    expect(rows['notifications.byKind.seriousIncident.notified']).toEqual(['si-late', 'si-on-time']);
    expect(rows['notifications.byKind.seriousIncident.withinFiveWorkingDays']).toEqual(['si-on-time']);
    expect(rows['notifications.byKind.seriousIncident.late']).toEqual(['si-late']);
    expect(rows['notifications.byKind.lookedAfterChildDeath.notified']).toEqual(['lac']);
    expect(rows['notifications.byKind.lookedAfterChildDeath.withinFiveWorkingDays']).toEqual(['lac']);
    expect(rows['notifications.byKind.lookedAfterChildDeath.late']).toBeUndefined();
    expect(rows['notifications.byKind.careLeaverDeath.notified']).toEqual(['cl-late', 'cl-on-time']);
    expect(rows['notifications.byKind.careLeaverDeath.withinFiveWorkingDays']).toEqual(['cl-on-time']);
    expect(rows['notifications.byKind.careLeaverDeath.late']).toEqual(['cl-late']);
    // The total: five notifications, three within 5 working days, two late.
    expect([
      figures.notifications.notified.value,
      figures.notifications.withinFiveWorkingDays.value,
      figures.notifications.late.value,
    ]).toEqual([5, 3, 2]);
    expect(rows['notifications.late']).toEqual(['cl-late', 'si-late']);
    // `sins` stays the serious incident notifications only.
    expect(rows['sins.notified']).toEqual(['si-late', 'si-on-time']);
  });

  it('counts the seed partnership\'s "six notifications" for five serious incidents and one care-leaver death', () => {
    const si = (n: number) =>
      kase(
        `si-${n}`,
        'serious-incident',
        [
          e('case.opened', '2024-06-03T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-06-05T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-06-05' }),
        ],
        {
          clocks: [{ clockId: 'sin-notification', dueOn: '2024-06-10', originalDueOn: '2024-06-10' }],
        },
      );
    const figures = report([
      ...[1, 2, 3, 4, 5].map(si),
      kase(
        'cl',
        'care-leaver-death',
        [
          e('case.opened', '2024-08-19T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-08-21T09:00:00Z', 'screening', { submittedOn: '2024-08-21' }),
        ],
        {
          clocks: [{ clockId: 'child-death-notification', dueOn: '2024-08-27', originalDueOn: '2024-08-27' }],
        },
      ),
    ]);
    expect(figures.notifications.notified.value).toBe(6);
    expect(figures.notifications.withinFiveWorkingDays.value).toBe(6);
    expect(figures.sins.notified.value).toBe(5);
  });

  it('counts local reviews without a notification apart from statutory rapid reviews and LCSPRs', () => {
    const rr = (on: string) => e('rapid-review.submitted', `${on}T15:00:00Z`, 'localReview.commissioning', { submittedOn: on });
    const figures = report([
      // A near miss: local rapid review, then a local review commissioned and published.
      kase('near-miss', 'referral', [
        e('case.opened', '2024-04-10T09:00:00Z', 'screening'),
        e('referral.screened', '2024-04-12T09:00:00Z', 'rapidReview.gathering', { outcome: 'local-rapid-review' }),
        e('rapid-review.decided', '2024-04-20T09:00:00Z', 'rapidReview.signingOff', { localReview: true }),
        rr('2024-04-30'),
        e('local-review.commissioned', '2024-05-10T09:00:00Z', 'localReview.appointing'),
        e('report.published', '2024-11-01T09:00:00Z', 'actionPlan', { publishedOn: '2024-11-01' }),
      ]),
      // A looked-after child's death notified, then screened to a local rapid review (no abuse suspected).
      kase('lac-local', 'looked-after-death', [
        e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
        e('sin.submitted', '2024-05-02T09:00:00Z', 'screening', { submittedOn: '2024-05-02' }),
        e('referral.screened', '2024-05-07T09:00:00Z', 'rapidReview.gathering', { outcome: 'local-rapid-review' }),
        rr('2024-05-20'),
        e('local-review.commissioned', '2024-06-01T09:00:00Z', 'localReview.appointing'),
      ]),
      // The same death screened as `notify` (abuse suspected): a statutory rapid review and LCSPR.
      kase('lac-notify', 'looked-after-death', [
        e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
        e('sin.submitted', '2024-05-02T09:00:00Z', 'screening', { submittedOn: '2024-05-02' }),
        e('referral.screened', '2024-05-07T09:00:00Z', 'rapidReview.gathering', { outcome: 'notify' }),
        e('rapid-review.submitted', '2024-05-20T09:00:00Z', 'panelResponse', { submittedOn: '2024-05-20' }),
        e('local-review.commissioned', '2024-06-10T09:00:00Z', 'localReview.appointing'),
      ]),
    ]);
    const rows = counted(figures);
    expect(rows['localReviews.rapidReviews']).toEqual(['lac-local', 'near-miss']);
    expect(rows['localReviews.commissioned']).toEqual(['lac-local', 'near-miss']);
    expect(rows['localReviews.inProgress']).toEqual(['lac-local']);
    expect(rows['localReviews.published']).toEqual(['near-miss']);
    expect(rows['rapidReviews.completed']).toEqual(['lac-notify']);
    expect(rows['lcsprs.commissioned']).toEqual(['lac-notify']);
    expect(rows['lcsprs.inProgress']).toEqual(['lac-notify']);
    expect(rows['lcsprs.published']).toBeUndefined();
    expect(rows['rapidReviews.outcomes.localReview']).toBeUndefined();
  });

  it('counts a case submitted twice as one notification, judged on its first submission', () => {
    // Found by the property below: a resubmission the next day, after the due date, made one case
    // both "within 5 working days" and "late".
    const figures = report([
      kase(
        'twice',
        'serious-incident',
        [
          e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-05-08T22:30:00Z', 'rapidReview.gathering', { submittedOn: '2024-05-08' }),
          e('sin.submitted', '2024-05-09T08:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-05-09' }),
        ],
        { clocks: SIN_CLOCKS },
      ),
    ]);
    const rows = counted(figures);
    expect(rows['sins.notified']).toEqual(['twice']);
    expect(rows['sins.withinFiveWorkingDays']).toEqual(['twice']);
    expect(rows['sins.late']).toBeUndefined();
  });

  it('counts each rapid review once, when first submitted, against the 15-working-day clock, and its outcome', () => {
    const sin = (id: string, more: ReportHistoryEntry[]) =>
      kase(
        id,
        'serious-incident',
        [
          e('case.opened', '2024-05-01T09:00:00Z', 'notification'),
          e('sin.submitted', '2024-05-02T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-05-02' }),
          ...more,
        ],
        { clocks: SIN_CLOCKS },
      );
    const decided = (localReview: boolean, at = '2024-05-15T09:00:00Z') =>
      e('rapid-review.decided', at, 'rapidReview.signingOff', { localReview });
    const submitted = (on: string, at = `${on}T15:00:00Z`) => e('rapid-review.submitted', at, 'panelResponse', { submittedOn: on });
    const figures = report([
      sin('agreed-none', [
        decided(false),
        submitted('2024-05-22'),
        e('panel.responded', '2024-06-01T09:00:00Z', 'actionPlan', { response: 'agreed' }),
      ]),
      sin('agreed-local', [
        decided(true),
        submitted('2024-05-23'),
        e('panel.responded', '2024-06-01T09:00:00Z', 'localReview.commissioning', { response: 'agreed' }),
      ]),
      // The Panel's own view wins over the partners' decision.
      sin('panel-overrides', [
        decided(false),
        submitted('2024-05-20'),
        e('panel.responded', '2024-06-01T09:00:00Z', 'localReview.commissioning', { response: 'agreed', localReview: true }),
      ]),
      // Challenged, revised, resubmitted: one review; its outcome is the last answer.
      sin('challenged', [
        decided(true),
        submitted('2024-05-21'),
        e('panel.responded', '2024-06-01T09:00:00Z', 'rapidReview.revising', { response: 'challenged' }),
        decided(false, '2024-06-10T09:00:00Z'),
        submitted('2024-06-12'),
        e('panel.responded', '2024-06-20T09:00:00Z', 'actionPlan', { response: 'agreed' }),
      ]),
      sin('national', [
        decided(true),
        submitted('2024-05-22'),
        e('panel.responded', '2024-06-01T09:00:00Z', 'nationalReview', { response: 'national-review' }),
      ]),
      sin('withdrawn', [e('sin.withdrawn', '2024-05-10T09:00:00Z', 'closed')]),
      // Not answered by the year end: completed, no outcome yet.
      sin('waiting', [
        decided(true),
        submitted('2024-05-22', '2025-03-20T09:00:00Z'),
        e('panel.responded', '2025-04-02T09:00:00Z', 'actionPlan', { response: 'agreed' }),
      ]),
      // A local rapid review without a SIN: the partnership's own learning, counted apart.
      kase(
        'local-rr',
        'referral',
        [
          e('case.opened', '2024-04-10T09:00:00Z', 'screening'),
          e('referral.screened', '2024-04-12T09:00:00Z', 'rapidReview.gathering', { outcome: 'local-rapid-review' }),
          decided(true),
          e('rapid-review.submitted', '2024-05-30T09:00:00Z', 'localReview.commissioning', { submittedOn: '2024-05-30' }),
        ],
        { clocks: [{ clockId: 'rapid-review', dueOn: '2024-05-01', originalDueOn: '2024-05-01' }] },
      ),
    ]);
    const rows = counted(figures);
    // The local rapid review (no notification) is counted apart, not as a statutory rapid review.
    expect(rows['rapidReviews.completed']).toEqual(['agreed-local', 'agreed-none', 'challenged', 'national', 'panel-overrides', 'waiting']);
    expect(rows['rapidReviews.withinFifteenWorkingDays']).toEqual(['agreed-none', 'challenged', 'national', 'panel-overrides', 'waiting']);
    expect(rows['rapidReviews.late']).toEqual(['agreed-local']);
    expect(rows['rapidReviews.outcomes.noLocalReview']).toEqual(['agreed-none', 'challenged']);
    expect(rows['rapidReviews.outcomes.localReview']).toEqual(['agreed-local', 'panel-overrides']);
    expect(rows['localReviews.rapidReviews']).toEqual(['local-rr']);
    expect(rows['rapidReviews.outcomes.nationalReview']).toEqual(['national']);
    expect(rows['rapidReviews.outcomes.withdrawn']).toEqual(['withdrawn']);
    expect(rows['nationalReviews.selectedByPanel']).toEqual(['national']);
    expect(rows['nonSinOutcomes.local-rapid-review']).toEqual(['local-rr']);
  });

  it('counts a rapid review submitted last year in last year only', () => {
    const figures = report([
      kase('old', 'serious-incident', [
        e('case.opened', '2024-02-01T09:00:00Z', 'notification'),
        e('sin.submitted', '2024-02-02T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2024-02-02' }),
        e('rapid-review.decided', '2024-02-10T09:00:00Z', 'rapidReview.signingOff', { localReview: true }),
        e('rapid-review.submitted', '2024-02-20T09:00:00Z', 'panelResponse', { submittedOn: '2024-02-20' }),
        e('panel.responded', '2024-04-10T09:00:00Z', 'rapidReview.revising', { response: 'challenged' }),
        e('rapid-review.submitted', '2024-04-20T09:00:00Z', 'panelResponse', { submittedOn: '2024-04-20' }),
        e('panel.responded', '2024-05-10T09:00:00Z', 'localReview.commissioning', { response: 'agreed' }),
      ]),
    ]);
    expect(counted(figures)).toEqual({
      'rapidReviews.outcomes.localReview': ['old'],
    });
  });

  it('counts screening outcomes, LCSPRs and their 6-month clock, national reviews and out-of-area support', () => {
    const lcspr = (due: string) => ({ clocks: [{ clockId: 'lcspr-publication', dueOn: '2099-01-01', originalDueOn: due }] });
    const figures = report([
      kase('nfa', 'referral', [
        e('case.opened', '2024-05-01T09:00:00Z', 'screening'),
        e('referral.screened', '2024-05-10T09:00:00Z', 'closed', { outcome: 'no-further-action' }),
      ]),
      kase('alt', 'youth-justice-incident', [
        e('case.opened', '2024-05-01T09:00:00Z', 'screening'),
        e('referral.screened', '2024-05-10T09:00:00Z', 'alternativeLearning', { outcome: 'alternative-learning' }),
      ]),
      kase('screened-late', 'referral', [
        e('case.opened', '2025-03-01T09:00:00Z', 'screening'),
        e('referral.screened', '2025-04-10T09:00:00Z', 'closed', { outcome: 'refer-elsewhere' }),
      ]),
      kase(
        'published-on-time',
        'serious-incident',
        [
          e('case.opened', '2024-01-01T09:00:00Z', 'notification'),
          e('local-review.commissioned', '2024-02-01T09:00:00Z', 'localReview.appointing'),
          e('report.published', '2024-07-30T09:00:00Z', 'actionPlan', { publishedOn: '2024-07-30' }),
        ],
        lcspr('2024-08-01'),
      ),
      kase(
        'published-late',
        'serious-incident',
        [
          e('case.opened', '2024-01-01T09:00:00Z', 'notification'),
          e('local-review.commissioned', '2024-04-15T09:00:00Z', 'localReview.appointing'),
          e('publication.deferred', '2024-09-01T09:00:00Z', 'publication.deferred'),
          e('report.published', '2024-11-01T09:00:00Z', 'actionPlan', { publishedOn: '2024-11-01' }),
        ],
        lcspr('2024-10-15'),
      ),
      kase(
        'overdue',
        'serious-incident',
        [
          e('case.opened', '2024-01-01T09:00:00Z', 'notification'),
          e('local-review.commissioned', '2024-05-01T09:00:00Z', 'localReview.appointing'),
          e('publication.deferred', '2025-01-10T09:00:00Z', 'publication.deferred'),
        ],
        lcspr('2024-11-01'),
      ),
      kase(
        'due-on-last-day',
        'serious-incident',
        [
          e('case.opened', '2024-01-01T09:00:00Z', 'notification'),
          e('local-review.commissioned', '2024-09-30T09:00:00Z', 'localReview.appointing'),
          // Published after the year end: still in progress as of 31 March.
          e('report.published', '2025-04-15T09:00:00Z', 'actionPlan', { publishedOn: '2025-04-15' }),
        ],
        lcspr('2025-03-31'),
      ),
      kase('national-route', 'national-review', [e('case.opened', '2024-06-01T09:00:00Z', 'nationalReview')]),
      kase('ooa-long', 'out-of-area', [e('case.opened', '2023-06-01T09:00:00Z', 'supporting')]),
      kase('ooa-ended-in-year', 'out-of-area', [
        e('case.opened', '2023-06-01T09:00:00Z', 'supporting'),
        e('learning.completed', '2024-04-02T09:00:00Z', 'actionPlan'),
      ]),
      kase('ooa-ended-before', 'out-of-area', [
        e('case.opened', '2023-06-01T09:00:00Z', 'supporting'),
        e('learning.completed', '2024-03-02T09:00:00Z', 'actionPlan'),
      ]),
      kase('ooa-new', 'out-of-area', [e('case.opened', '2024-09-01T09:00:00Z', 'supporting')]),
    ]);
    expect(counted(figures)).toEqual({
      'referrals.received': ['alt', 'nfa', 'screened-late'],
      'referrals.nonSin': ['alt', 'nfa', 'screened-late'],
      'referrals.byRoute.referral': ['nfa', 'screened-late'],
      'referrals.byRoute.youth-justice-incident': ['alt'],
      'referrals.bySourceKind.not-recorded': ['alt', 'nfa', 'screened-late'],
      'referrals.bySourceOrganisation.not-recorded': ['alt', 'nfa', 'screened-late'],
      'nonSinOutcomes.alternative-learning': ['alt'],
      'nonSinOutcomes.no-further-action': ['nfa'],
      'lcsprs.commissioned': ['due-on-last-day', 'overdue', 'published-late'],
      'lcsprs.inProgress': ['due-on-last-day', 'overdue'],
      'lcsprs.published': ['published-late', 'published-on-time'],
      'lcsprs.deferred': ['overdue', 'published-late'],
      'lcsprs.overdue': ['overdue'],
      'lcsprs.publishedAfterSixMonths': ['published-late'],
      'nationalReviews.total': ['national-route'],
      'nationalReviews.openedOnRoute': ['national-route'],
      'outOfArea.supported': ['ooa-ended-in-year', 'ooa-long', 'ooa-new'],
      'outOfArea.opened': ['ooa-new'],
    });
  });

  it('counts the themes of cases open at any time in the year, normalised, most frequent first', () => {
    const figures = report([
      kase('t1', 'referral', [e('case.opened', '2024-05-01T09:00:00Z', 'screening')], {
        caseData: { themes: ['Neglect', ' domestic   abuse '] },
      }),
      kase('t2', 'referral', [e('case.opened', '2023-05-01T09:00:00Z', 'screening')], { caseData: { themes: ['neglect', 'NEGLECT'] } }),
      kase(
        't3',
        'referral',
        [
          e('case.opened', '2023-05-01T09:00:00Z', 'screening'),
          e('referral.screened', '2024-06-01T09:00:00Z', 'closed', { outcome: 'no-further-action' }),
        ],
        { caseData: { themes: ['__proto__', 'neglect'] } },
      ),
      kase(
        'closed-before',
        'referral',
        [
          e('case.opened', '2023-05-01T09:00:00Z', 'screening'),
          e('referral.screened', '2023-06-01T09:00:00Z', 'closed', { outcome: 'no-further-action' }),
        ],
        { caseData: { themes: ['neglect'] } },
      ),
      kase('opened-after', 'referral', [e('case.opened', '2025-04-01T09:00:00Z', 'screening')], { caseData: { themes: ['neglect'] } }),
    ]);
    expect(figures.themes.map((theme) => [theme.theme, theme.value, theme.cases.map((c) => c.id)])).toEqual([
      ['neglect', 3, ['t1', 't2', 't3']],
      ['__proto__', 1, ['t3']],
      ['domestic abuse', 1, ['t1']],
    ]);
    expect(Object.prototype).not.toHaveProperty('value');
  });

  it('reports actions by status and RAG, with and without evidence of impact, as they stood at the year end', () => {
    const a = (
      id: string,
      rag: string,
      more: ReportActionEntry[] = [],
      created: Partial<NonNullable<ReportActionEntry['fields']>> = {},
    ): ReportAction => ({
      _id: id,
      reference: `REF-${id}`,
      history: [{ type: 'action.created', at: '2024-05-01T09:00:00Z', fields: { rag, targetOn: '2025-06-30', ...created } }, ...more],
    });
    const figures = report(
      [],
      [
        a('red', 'red'),
        a('amber-evidenced', 'amber', [{ type: 'action.impact-evidenced', at: '2024-09-01T09:00:00Z' }]),
        // Green at the year end: the later change to red is not in this report.
        a('green', 'red', [
          { type: 'action.rag-changed', at: '2024-08-01T09:00:00Z', fields: { rag: 'green' } },
          { type: 'action.rag-changed', at: '2025-04-02T09:00:00Z', fields: { rag: 'red' } },
          { type: 'action.impact-evidenced', at: '2025-04-02T09:00:00Z' },
        ]),
        a('awaiting', 'amber', [{ type: 'action.rag-changed', at: '2025-01-01T09:00:00Z', fields: { rag: 'complete' } }], {
          targetOn: '2024-06-30',
        }),
        a('done', 'green', [
          { type: 'action.rag-changed', at: '2024-10-01T09:00:00Z', fields: { rag: 'complete' } },
          { type: 'action.impact-evidenced', at: '2024-10-02T09:00:00Z' },
          { type: 'action.signed-off', at: '2024-10-03T09:00:00Z' },
        ]),
        // Overdue: target passed by 31 March (moved earlier by a revision).
        a('overdue', 'amber', [
          {
            type: 'action.updated',
            at: '2024-07-01T09:00:00Z',
            fields: { changes: { target: { to: { targetOn: '2025-01-31', recurrence: null } } } },
          },
        ]),
        // Quarterly from 1 May 2024: due 1 August, noted 20 July, then due 1 November, not noted since.
        a('quarterly', 'green', [{ type: 'action.progress-noted', at: '2024-07-20T09:00:00Z' }], {
          targetOn: null,
          recurrence: { frequency: 'quarterly', startOn: '2024-05-01' },
        }),
        a('ongoing', 'green', [], { targetOn: null, recurrence: { frequency: 'ongoing', startOn: '2024-05-01' } }),
        {
          _id: 'finished-last-year',
          reference: 'REF-finished-last-year',
          history: [
            { type: 'action.created', at: '2023-05-01T09:00:00Z', fields: { rag: 'complete' } },
            { type: 'action.signed-off', at: '2024-02-01T09:00:00Z' },
          ],
        },
        {
          _id: 'created-after',
          reference: 'REF-created-after',
          history: [{ type: 'action.created', at: '2025-04-01T09:00:00Z', fields: { rag: 'red' } }],
        },
      ],
    );
    expect(counted(figures)).toEqual({
      'actions.total': ['amber-evidenced', 'awaiting', 'done', 'green', 'ongoing', 'overdue', 'quarterly', 'red'],
      'actions.byStatus.open': ['amber-evidenced', 'green', 'ongoing', 'overdue', 'quarterly', 'red'],
      'actions.byStatus.awaitingSignOff': ['awaiting'],
      'actions.byStatus.complete': ['done'],
      'actions.byStatus.overdue': ['overdue', 'quarterly'],
      'actions.withEvidenceOfImpact': ['amber-evidenced', 'done'],
      'actions.withoutEvidenceOfImpact': ['awaiting', 'green', 'ongoing', 'overdue', 'quarterly', 'red'],
      'actions.byRag.red.total': ['red'],
      'actions.byRag.red.withoutEvidenceOfImpact': ['red'],
      'actions.byRag.amber.total': ['amber-evidenced', 'overdue'],
      'actions.byRag.amber.withEvidenceOfImpact': ['amber-evidenced'],
      'actions.byRag.amber.withoutEvidenceOfImpact': ['overdue'],
      'actions.byRag.green.total': ['green', 'ongoing', 'quarterly'],
      'actions.byRag.green.withoutEvidenceOfImpact': ['green', 'ongoing', 'quarterly'],
      'actions.byRag.complete.total': ['awaiting', 'done'],
      'actions.byRag.complete.withEvidenceOfImpact': ['done'],
      'actions.byRag.complete.withoutEvidenceOfImpact': ['awaiting'],
    });
  });

  it('writes every figure as a CSV row: figure, value, references', () => {
    const figures = report([
      kase('x', 'referral', [e('case.opened', '2024-05-01T09:00:00Z', 'screening')], {
        referringOrganisationId: 'n-school',
        caseData: { themes: ['=cmd|calc'] },
      }),
      kase('y', 'referral', [e('case.opened', '2024-05-02T09:00:00Z', 'screening')], { referringOrganisationId: 'n-school' }),
    ]);
    const lines = yearlyReportCsv(figures).split('\r\n');
    expect(lines[0]).toBe('\uFEFFfigure,value,references');
    expect(lines[1]).toBe('referrals.received,2,REF-x REF-y');
    expect(lines).toContain('referrals.sin,0,');
    expect(lines).toContain('referrals.bySourceKind.school,2,REF-x REF-y');
    expect(lines).toContain('actions.byRag.amber.withEvidenceOfImpact,0,');
    // A theme that starts like a formula is written as text.
    expect(lines).toContain('themes.=cmd|calc,1,REF-x');
    expect(figureRows(figures).length).toBe(lines.length - 2);
  });
});

describe('counted by the date it happened, as recorded at an instant', () => {
  // Serious incident known Mon 24 March 2025 → SIN due 5 working days later, Mon 31 March (worked by
  // hand: 25, 26, 27, 28, 31 March). Sent Thu 27 March, typed in on Wed 2 April.
  const lateTyped = kase(
    'typed-late',
    'serious-incident',
    [
      e('case.opened', '2025-03-24T10:00:00Z', 'notification'),
      e('sin.submitted', '2025-04-02T09:00:00Z', 'rapidReview.gathering', { submittedOn: '2025-03-27' }),
    ],
    { caseData: { laAwareOn: '2025-03-24' }, clocks: [{ clockId: 'sin-notification', dueOn: '2025-03-31', originalDueOn: '2025-03-31' }] },
  );
  // A referral received (partnership aware) Thu 20 March 2025, entered only on Thu 3 April.
  const enteredLate = kase('entered-late', 'referral', [e('case.opened', '2025-04-03T10:00:00Z', 'screening')], {
    caseData: { laAwareOn: '2025-03-20' },
  });
  const recordedAt = (instant: string) => ({ ...window, asRecordedAt: new Date(instant) });

  it('counts a SIN sent on 27 March and typed in on 2 April in the year it was sent, on time', () => {
    const rows = counted(report([lateTyped], [], recordedAt('2025-04-10T12:00:00Z')));
    expect(rows['notifications.notified']).toEqual(['typed-late']);
    expect(rows['notifications.withinFiveWorkingDays']).toEqual(['typed-late']);
    expect(rows['sins.notified']).toEqual(['typed-late']);
    // and not in the next year, where it was typed in
    const next = reportingPeriod(2025, 4);
    const nextWindow = {
      ...window,
      period: next,
      asOf: '2025-04-10',
      fromInstant: londonStartOfDay(next.from),
      endInstant: londonEndOfDay('2025-04-10'),
      asRecordedAt: new Date('2025-04-10T12:00:00Z'),
    };
    expect(counted(report([lateTyped], [], nextWindow))['notifications.notified']).toBeUndefined();
  });

  it('counts a case entered after the year end in the year it was received', () => {
    const rows = counted(report([enteredLate], [], recordedAt('2025-04-10T12:00:00Z')));
    expect(rows['referrals.received']).toEqual(['entered-late']);
    expect(rows['referrals.byRoute.referral']).toEqual(['entered-late']);
  });

  it('reproduces a report exactly from its as-recorded instant, whatever is typed in later', () => {
    const asAtYearEnd = report([lateTyped, enteredLate], [], recordedAt('2025-03-31T22:59:59Z'));
    // at the year end only the serious incident itself had been entered, not its SIN nor the late referral
    expect(asAtYearEnd.notifications.notified.value).toBe(0);
    expect(asAtYearEnd.referrals.received.cases.map((c) => c.id)).toEqual(['typed-late']);
    expect(report([lateTyped, enteredLate], [], recordedAt('2025-03-31T22:59:59Z'))).toEqual(asAtYearEnd);
    expect(report([lateTyped, enteredLate], [], recordedAt('2025-04-10T12:00:00Z')).referrals.received.value).toBe(2);
  });

  it('gives the same figures for a year recorded after it ended as for the same year recorded on time', () => {
    // Known Mon 3 June 2024: SIN due Mon 10 June, rapid review Mon 24 June (15 working days);
    // commissioned 15 July, so 6 months to 15 January 2025; published 20 January: after 6 months.
    // Every step dates itself: referral received (laAwareOn), SIN and rapid review sent
    // (submittedOn), LCSPR commissioned (commissionedOn), report published (publishedOn).
    const sin = {
      clocks: [
        { clockId: 'sin-notification', dueOn: '2024-06-10', originalDueOn: '2024-06-10' },
        { clockId: 'rapid-review', dueOn: '2024-06-24', originalDueOn: '2024-06-24' },
        { clockId: 'lcspr-publication', dueOn: '2025-01-15', originalDueOn: '2025-01-15' },
      ],
    };
    const year = (typedAt: (on: string, n: number) => string): ReportCase[] => [
      kase(
        'si',
        'serious-incident',
        [
          e('case.opened', typedAt('2024-06-03', 0), 'notification'),
          e('sin.submitted', typedAt('2024-06-05', 1), 'rapidReview.gathering', { submittedOn: '2024-06-05' }),
          e('rapid-review.decided', typedAt('2024-06-18', 2), 'rapidReview.signingOff', { localReview: true }),
          e('rapid-review.submitted', typedAt('2024-06-20', 3), 'panelResponse', { submittedOn: '2024-06-20' }),
          e('local-review.commissioned', typedAt('2024-07-15', 4), 'localReview.appointing', { commissionedOn: '2024-07-15' }),
          e('report.published', typedAt('2025-01-20', 5), 'actionPlan', { publishedOn: '2025-01-20' }),
        ],
        { ...sin, caseData: { laAwareOn: '2024-06-03' } },
      ),
      kase('near-miss', 'referral', [e('case.opened', typedAt('2025-02-10', 6), 'screening')], { caseData: { laAwareOn: '2025-02-10' } }),
    ];
    const onTime = report(
      year((on) => `${on}T16:00:00Z`),
      [],
      recordedAt('2025-05-01T00:00:00Z'),
    );
    // The same year, every step typed in during the second week of April 2025.
    const late = report(
      year((_on, n) => `2025-04-${String(7 + n).padStart(2, '0')}T09:00:00Z`),
      [],
      recordedAt('2025-05-01T00:00:00Z'),
    );
    expect(late).toEqual(onTime);
    const rows = counted(onTime);
    expect(rows['referrals.received']).toEqual(['near-miss', 'si']);
    expect(rows['notifications.withinFiveWorkingDays']).toEqual(['si']);
    expect(rows['rapidReviews.withinFifteenWorkingDays']).toEqual(['si']);
    expect(rows['lcsprs.commissioned']).toEqual(['si']);
    expect(rows['lcsprs.publishedAfterSixMonths']).toEqual(['si']);
  });
});

describe('reproducibility and consistency (property)', () => {
  const types = [
    'referral.screened',
    'sin.submitted',
    'sin.withdrawn',
    'rapid-review.decided',
    'rapid-review.submitted',
    'panel.responded',
    'local-review.commissioned',
    'publication.deferred',
    'report.published',
    'learning.completed',
  ];
  const routes = [
    'serious-incident',
    'looked-after-death',
    'care-leaver-death',
    'referral',
    'youth-justice-incident',
    'out-of-area',
    'national-review',
  ];
  const states = [
    'screening',
    'notification',
    'supporting',
    'rapidReview.gathering',
    'panelResponse',
    'localReview.appointing',
    'actionPlan',
    'closed',
  ];
  const startMs = Date.parse('2023-01-01T00:00:00Z');
  const spanMs = Date.parse('2026-01-01T00:00:00Z') - startMs;
  const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const entry = fc.record({
    type: fc.constantFrom(...types),
    offset: fc.integer({ min: 0, max: spanMs }),
    state: fc.constantFrom(...states),
    outcome: fc.constantFrom('notify', 'local-rapid-review', 'alternative-learning', 'refer-elsewhere', 'no-further-action'),
    response: fc.constantFrom('agreed', 'challenged', 'national-review'),
    localReview: fc.option(fc.boolean(), { nil: undefined }),
  });
  interface GeneratedCase {
    route: string;
    opened: number;
    entries: { type: string; offset: number; state: string; outcome: string; response: string; localReview: boolean | undefined }[];
    themes: string[];
  }
  const caseArbitrary: fc.Arbitrary<GeneratedCase> = fc.record({
    route: fc.constantFrom(...routes),
    opened: fc.integer({ min: 0, max: spanMs }),
    entries: fc.array(entry, { maxLength: 12 }),
    themes: fc.array(fc.constantFrom('neglect', 'Neglect', 'domestic abuse', 'substance misuse'), { maxLength: 3 }),
  });

  function build(cases: GeneratedCase[]): ReportCase[] {
    return cases.map((c, index) => {
      const sorted = [...c.entries].sort((x, y) => x.offset - y.offset).filter((x) => x.offset >= c.opened);
      return kase(
        `c${index}`,
        c.route,
        [
          e('case.opened', new Date(startMs + c.opened).toISOString(), c.route === 'out-of-area' ? 'supporting' : 'screening'),
          ...sorted.map((x) =>
            e(x.type, new Date(startMs + x.offset).toISOString(), x.state, {
              outcome: x.outcome,
              response: x.response,
              submittedOn: dateOf(startMs + x.offset),
              publishedOn: dateOf(startMs + x.offset),
              ...(x.localReview === undefined ? {} : { localReview: x.localReview }),
            }),
          ),
        ],
        {
          caseData: { themes: c.themes },
          clocks: [
            {
              clockId: 'sin-notification',
              dueOn: dateOf(startMs + c.opened + 7 * 86_400_000),
              originalDueOn: dateOf(startMs + c.opened + 7 * 86_400_000),
            },
            {
              clockId: 'child-death-notification',
              dueOn: dateOf(startMs + c.opened + 7 * 86_400_000),
              originalDueOn: dateOf(startMs + c.opened + 7 * 86_400_000),
            },
            {
              clockId: 'rapid-review',
              dueOn: dateOf(startMs + c.opened + 21 * 86_400_000),
              originalDueOn: dateOf(startMs + c.opened + 21 * 86_400_000),
            },
            {
              clockId: 'lcspr-publication',
              dueOn: dateOf(startMs + c.opened + 183 * 86_400_000),
              originalDueOn: dateOf(startMs + c.opened + 183 * 86_400_000),
            },
          ],
        },
      );
    });
  }

  it('gives the same figures after anything recorded once the year has ended, and every value counts its references', () => {
    fc.assert(
      fc.property(fc.array(caseArbitrary, { maxLength: 25 }), fc.array(caseArbitrary, { maxLength: 10 }), (cases, later) => {
        const before = report(build(cases));
        const endMs = window.endInstant.getTime();
        // More work after the year end: new events on the same cases and new cases.
        const extended = build(cases).map((record, index) => ({
          ...record,
          history: [
            ...record.history,
            ...build(later)
              .flatMap((other) => other.history.slice(1))
              .map((x, k) => ({ ...x, at: new Date(endMs + (index + k) * 3_600_000).toISOString() })),
          ],
        }));
        const newCases = build(later).map((record, index) => ({
          ...record,
          _id: `n${index}`,
          reference: `REF-n${index}`,
          history: record.history.map((x) => ({ ...x, at: new Date(endMs + Date.parse(x.at) - startMs).toISOString() })),
        }));
        const after = report([...extended, ...newCases]);
        expect(after).toEqual(before);
        for (const row of figureRows(before)) {
          expect(row.value).toBe(row.references.length);
          expect(new Set(row.references).size).toBe(row.references.length);
        }
        const f = before;
        expect(f.referrals.sin.value + f.referrals.nonSin.value).toBe(f.referrals.received.value);
        expect(f.sins.withinFiveWorkingDays.value + f.sins.late.value).toBe(f.sins.notified.value);
        expect(f.notifications.withinFiveWorkingDays.value + f.notifications.late.value).toBe(f.notifications.notified.value);
        const kinds = Object.values(f.notifications.byKind);
        expect(kinds.reduce((sum, kind) => sum + kind.notified.value, 0)).toBe(f.notifications.notified.value);
        expect(f.notifications.byKind.seriousIncident).toEqual(f.sins);
        // a case is a statutory rapid review or a local one, never both
        const local = new Set(f.localReviews.rapidReviews.cases.map((c) => c.id));
        expect(f.rapidReviews.completed.cases.filter((c) => local.has(c.id))).toEqual([]);
        expect(YearlyFiguresSchema.safeParse(f).success).toBe(true);
        expect(f.rapidReviews.withinFifteenWorkingDays.value + f.rapidReviews.late.value).toBe(f.rapidReviews.completed.value);
        expect(f.lcsprs.overdue.value).toBeLessThanOrEqual(f.lcsprs.inProgress.value);
      }),
      { numRuns: 200 },
    );
  });
});
