import type { Request, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { RuleViolationError } from '../../errors/app-errors.js';
import { yearlyReportCsv } from '../../reports/yearly-report.csv.js';
import { NOTIFICATION_KINDS, REFERRAL_ROUTES, SCREENING_OUTCOMES, type NotificationKindKey, type YearlyFigures } from '../../reports/yearly-report.js';
import { REPORT_ROLES } from '../../reports/yearly-report.routes.js';
import type { YearlyReport, YearlyReportService } from '../../reports/yearly-report.service.js';
import { CSV_CONTENT_TYPE, csvAttachment } from '../../shared/csv.js';
import { todayInEngland } from '../../shared/system-clock.js';
import { formatDate, formatInstant, humanise, routeLabel, valueLabel } from '../labels.js';
import type { WebContext } from '../web.context.js';
import { type BarChart, barChartSvg, describeChart, percentage } from './charts.js';

/**
 * The yearly report: the figures of DOMAIN.md "The yearly report" with charts of the rapid review
 * on-time rate, the outcomes by route and the actions by RAG, and the same figures as CSV.
 */

const NOTIFICATION_KIND_LABELS: Record<NotificationKindKey, string> = {
  seriousIncident: 'Serious incidents',
  lookedAfterChildDeath: 'Deaths of looked-after children',
  careLeaverDeath: 'Deaths of care leavers',
};

const RR_OUTCOME_LABELS: Record<string, string> = {
  noLocalReview: 'No local review',
  localReview: 'Local review',
  nationalReview: 'National review',
  withdrawn: 'Notification withdrawn',
};

/** The reporting year that contains `today` for a year starting in `startMonth`. */
export function currentReportingYear(today: string, startMonth: number): number {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month >= startMonth ? year : year - 1;
}

function yearOf(request: Request, fallback: number): number {
  const value = request.query['year'];
  if (typeof value === 'string' && /^\d{4}$/.test(value)) {
    const year = Number(value);
    if (year >= 2000 && year <= 2100) return year;
  }
  return fallback;
}

/** The report's charts. */
export function reportCharts(figures: YearlyFigures): BarChart[] {
  const rr = figures.rapidReviews;
  const sins = figures.notifications;
  const rrRate = percentage(rr.withinFifteenWorkingDays.value, rr.completed.value);
  const sinRate = percentage(sins.withinFiveWorkingDays.value, sins.notified.value);
  const note = (part: number, whole: number) => {
    const rate = percentage(part, whole);
    return rate === undefined ? undefined : `(${rate}%)`;
  };
  const withNote = <T extends { label: string; value: number }>(bar: T, whole: number) => {
    const text = note(bar.value, whole);
    return text ? { ...bar, note: text } : bar;
  };
  return [
    {
      id: 'chart-rapid-review-on-time',
      title: `Rapid reviews sent within 15 working days${rrRate === undefined ? '' : `: ${rrRate}% on time`}`,
      bars: [
        withNote({ label: 'Within 15 working days', value: rr.withinFifteenWorkingDays.value, colour: 'green' as const }, rr.completed.value),
        withNote({ label: 'Late', value: rr.late.value, colour: 'red' as const }, rr.completed.value),
      ],
    },
    {
      id: 'chart-sin-on-time',
      title: `Notifications to the Panel within 5 working days (all kinds)${sinRate === undefined ? '' : `: ${sinRate}% on time`}`,
      bars: [
        withNote({ label: 'Within 5 working days', value: sins.withinFiveWorkingDays.value, colour: 'green' as const }, sins.notified.value),
        withNote({ label: 'Late', value: sins.late.value, colour: 'red' as const }, sins.notified.value),
      ],
    },
    {
      id: 'chart-referrals-by-route',
      title: 'Cases received, by route',
      bars: REFERRAL_ROUTES.map((route) => ({ label: routeLabel(route).replace(/ \(.*\)$/, ''), value: figures.referrals.byRoute[route].value, colour: 'blue' as const })),
    },
    {
      id: 'chart-rapid-review-outcomes',
      title: 'Outcomes of rapid reviews after a notification',
      bars: Object.entries(figures.rapidReviews.outcomes).map(([key, figure]) => ({ label: RR_OUTCOME_LABELS[key] ?? humanise(key), value: figure.value, colour: 'blue' as const })),
    },
    {
      id: 'chart-screening-outcomes',
      title: 'Outcomes of screening (referral and other non-SIN routes)',
      bars: SCREENING_OUTCOMES.map((outcome) => ({ label: valueLabel(outcome).replace('Hold a local rapid review without a notification', 'Local rapid review'), value: figures.nonSinOutcomes[outcome].value, colour: 'blue' as const })),
    },
    {
      id: 'chart-actions-by-rag',
      title: 'Learning actions by RAG rating',
      bars: (
        [
          ['red', 'Red', 'red'],
          ['amber', 'Amber', 'amber'],
          ['green', 'Green', 'green'],
          ['complete', 'Complete', 'grey'],
        ] as const
      ).map(([rag, label, colour]) => {
        const figure = figures.actions.byRag[rag];
        return { label, value: figure.total.value, colour, note: `(${figure.withEvidenceOfImpact.value} with evidence)` };
      }),
    },
  ];
}

function summaryTables(report: YearlyReport) {
  const f = report.figures;
  const row = (text: string, value: number) => [{ text }, { text: String(value), format: 'numeric' }];
  return [
    {
      caption: 'Referrals and notifications',
      rows: [
        row('Cases received', f.referrals.received.value),
        row('Serious incident notifications (SIN route)', f.referrals.sin.value),
        row('Other routes (non-SIN)', f.referrals.nonSin.value),
        ...f.referrals.bySourceKind.map((source) => row(`Received from: ${humanise(source.kind)}`, source.value)),
      ],
    },
    {
      caption: 'Notifications to the Panel (serious incidents, looked-after child and care-leaver deaths)',
      rows: [
        ...NOTIFICATION_KINDS.flatMap((kind) => [
          row(`${NOTIFICATION_KIND_LABELS[kind]} notified`, f.notifications.byKind[kind].notified.value),
          row(`${NOTIFICATION_KIND_LABELS[kind]}: within 5 working days`, f.notifications.byKind[kind].withinFiveWorkingDays.value),
        ]),
        row('All notifications', f.notifications.notified.value),
        row('All notifications within 5 working days', f.notifications.withinFiveWorkingDays.value),
        row('All notifications late', f.notifications.late.value),
      ],
    },
    {
      caption: 'Rapid reviews after a notification (statutory)',
      rows: [
        row('Rapid reviews completed', f.rapidReviews.completed.value),
        row('Within 15 working days', f.rapidReviews.withinFifteenWorkingDays.value),
        row('Late', f.rapidReviews.late.value),
        ...Object.entries(f.rapidReviews.outcomes).map(([key, figure]) => row(`Outcome: ${RR_OUTCOME_LABELS[key] ?? key}`, figure.value)),
      ],
    },
    {
      caption: 'Local child safeguarding practice reviews',
      rows: [
        row('Commissioned', f.lcsprs.commissioned.value),
        row('In progress', f.lcsprs.inProgress.value),
        row('Published', f.lcsprs.published.value),
        row('Publication deferred', f.lcsprs.deferred.value),
        row('Overdue against 6 months', f.lcsprs.overdue.value),
        row('Published after 6 months', f.lcsprs.publishedAfterSixMonths.value),
        row('National reviews', f.nationalReviews.total.value),
        row('Out-of-area cases supported', f.outOfArea.supported.value),
      ],
    },
    {
      // Counted apart: not statutory rapid reviews or LCSPRs, and not held to the Panel's publication notice.
      caption: 'Local reviews without a notification (the partnership’s own learning)',
      rows: [
        row('Local rapid reviews completed', f.localReviews.rapidReviews.value),
        row('Local reviews commissioned', f.localReviews.commissioned.value),
        row('Local reviews in progress', f.localReviews.inProgress.value),
        row('Local reviews published', f.localReviews.published.value),
      ],
    },
    {
      caption: 'Learning actions',
      rows: [
        row('Actions', f.actions.total.value),
        row('Open', f.actions.byStatus.open.value),
        row('Awaiting sign-off', f.actions.byStatus.awaitingSignOff.value),
        row('Complete', f.actions.byStatus.complete.value),
        row('Overdue', f.actions.byStatus.overdue.value),
        row('With evidence of impact', f.actions.withEvidenceOfImpact.value),
        row('Without evidence of impact', f.actions.withoutEvidenceOfImpact.value),
      ],
    },
  ];
}

export function registerReportPages(router: Router, context: WebContext, service: YearlyReportService): void {
  const readers = allow(...REPORT_ROLES);
  const defaultYear = async (partnershipId: string) =>
    currentReportingYear(todayInEngland(context.clock), (await context.partnerships.get(partnershipId))?.reportingYearStartMonth ?? 4);
  const auditYear = (action: string) => context.audit(action, ({ query }) => (typeof query['year'] === 'string' ? `yearly:${query['year']}` : undefined));

  router.get('/reports/yearly', ...auditYear('report.read'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    const fallback = await defaultYear(principal.partnershipId);
    const year = yearOf(request, fallback);
    const years = Array.from({ length: 6 }, (_, index) => fallback - index);
    let report: YearlyReport | undefined;
    let notStarted: string | undefined;
    try {
      report = await service.yearly(principal, year);
    } catch (error) {
      if (!(error instanceof RuleViolationError)) throw error;
      notStarted = error.message;
    }
    const charts = report ? reportCharts(report.figures).map((chart) => ({ id: chart.id, title: chart.title, svg: barChartSvg(chart), text: describeChart(chart) })) : [];
    context.render(request, response, 'reports/yearly.njk', {
      title: `Yearly report ${year} to ${year + 1}`,
      year,
      yearOptions: years.map((value) => ({ value: String(value), text: `${value} to ${value + 1}`, selected: value === year })),
      report,
      notStarted,
      period: report ? `${formatDate(report.period.from)} to ${formatDate(report.period.to)}` : undefined,
      asOf: report ? formatDate(report.asOf) : undefined,
      asRecordedAt: report ? formatInstant(report.asRecordedAt) : undefined,
      charts,
      tables: report ? summaryTables(report) : [],
      themes: report ? report.figures.themes.slice(0, 10).map((theme) => [{ text: theme.theme }, { text: String(theme.value), format: 'numeric' }]) : [],
      csvHref: `/reports/yearly.csv?year=${year}`,
    });
  });

  router.get('/reports/yearly.csv', ...auditYear('report.read'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    const year = yearOf(request, await defaultYear(principal.partnershipId));
    const report = await service.yearly(principal, year);
    response.setHeader('Content-Type', CSV_CONTENT_TYPE);
    response.setHeader('Content-Disposition', csvAttachment(`yearly-report-${report.partnershipId}-${year}`));
    response.status(200).send(yearlyReportCsv(report.figures));
  });
}
