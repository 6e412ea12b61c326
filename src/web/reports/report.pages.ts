import type { Request, Response, Router } from 'express';
import type { Principal } from '../../access/principal.js';
import { ConflictError, NotFoundError } from '../../errors/app-errors.js';
import { NARRATIVE_SECTIONS, NarrativeSectionsSchema } from '../../reports/yearly-report-narrative.js';
import { PUBLISH_ROLES } from '../../reports/yearly-report.routes.js';
import { NARRATIVE_ROLES } from '../../reports/yearly-report.service.js';
import { figureLinks } from '../../reports/yearly-report.js';
import { type FormError, type FormValues, readDate, single } from '../forms/govuk-fields.js';
import { redirectAfterSave } from '../session/web-session.js';
import { figureSections, type FigureSection } from './report-document.js';
import { yearlyReportDocx } from './report.docx.js';
import { disseminationLabel, reviewKindLabel } from './report-words.js';

/** The Word document's media type. */
const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { RuleViolationError } from '../../errors/app-errors.js';
import { yearlyReportCsv } from '../../reports/yearly-report.csv.js';
import { REFERRAL_ROUTES, SCREENING_OUTCOMES, type YearlyFigures } from '../../reports/yearly-report.js';
import { REPORT_ROLES } from '../../reports/yearly-report.routes.js';
import type { YearlyReport, YearlyReportService } from '../../reports/yearly-report.service.js';
import { CSV_CONTENT_TYPE, csvAttachment } from '../../shared/csv.js';
import { todayInEngland } from '../../shared/system-clock.js';
import { formatDate, formatInstant, humanise, routeLabel, valueLabel } from '../labels.js';
import type { WebContext } from '../web.context.js';
import { type BarChart, barChartSvg, describeChart, percentage } from './charts.js';

/**
 * The yearly report as a document (issue 16): the narrative sections the business unit writes and
 * saves, the figures with last year beside this year (every number a link to the cases or actions
 * behind it), each review with its recommendations, actions and evidence of impact, charts, and the
 * whole as a Word file and the figures as CSV. Publishing freezes it (issue 13).
 */

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
        withNote(
          { label: 'Within 15 working days', value: rr.withinFifteenWorkingDays.value, colour: 'green' as const },
          rr.completed.value,
        ),
        withNote({ label: 'Late', value: rr.late.value, colour: 'red' as const }, rr.completed.value),
      ],
    },
    {
      id: 'chart-sin-on-time',
      title: `Notifications to the Panel within 5 working days (all kinds)${sinRate === undefined ? '' : `: ${sinRate}% on time`}`,
      bars: [
        withNote(
          { label: 'Within 5 working days', value: sins.withinFiveWorkingDays.value, colour: 'green' as const },
          sins.notified.value,
        ),
        withNote({ label: 'Late', value: sins.late.value, colour: 'red' as const }, sins.notified.value),
      ],
    },
    {
      id: 'chart-referrals-by-route',
      title: 'Cases received, by route',
      bars: REFERRAL_ROUTES.map((route) => ({
        label: routeLabel(route).replace(/ \(.*\)$/, ''),
        value: figures.referrals.byRoute[route].value,
        colour: 'blue' as const,
      })),
    },
    {
      id: 'chart-rapid-review-outcomes',
      title: 'Outcomes of rapid reviews after a notification',
      bars: Object.entries(figures.rapidReviews.outcomes).map(([key, figure]) => ({
        label: RR_OUTCOME_LABELS[key] ?? humanise(key),
        value: figure.value,
        colour: 'blue' as const,
      })),
    },
    {
      id: 'chart-screening-outcomes',
      title: 'Outcomes of screening (referral and other non-SIN routes)',
      bars: SCREENING_OUTCOMES.map((outcome) => ({
        label: valueLabel(outcome).replace('Hold a local rapid review without a notification', 'Local rapid review'),
        value: figures.nonSinOutcomes[outcome].value,
        colour: 'blue' as const,
      })),
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

/** Where a figure's number links: the cases (or actions) behind it. */
export function figureHref(year: number, figure: string): string {
  return `/reports/yearly/figures?year=${year}&figure=${encodeURIComponent(figure)}`;
}

/** The figure tables for the page: each number a link to what it counts, last year beside this year. */
function figureTables(sections: FigureSection[], year: number) {
  const number = (value: number | null, y: number, figure: string, label: string) =>
    value === null
      ? { text: 'not reported', format: 'numeric' }
      : {
          html: `<a class="govuk-link" href="${escapeHtml(figureHref(y, figure))}" aria-label="${escapeHtml(`${label}, ${y} to ${y + 1}: ${value}`)}">${value}</a>`,
          format: 'numeric',
        };
  return sections.map((section) => ({
    caption: section.caption,
    rows: section.lines.map((line) => [
      { text: line.label },
      number(line.thisYear, year, line.figure, line.label),
      number(line.lastYear, year - 1, line.figure, line.label),
    ]),
  }));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The reviews as the page lists them. */
function reviewItems(report: YearlyReport) {
  return report.reviews.map((review) => ({
    reference: review.case.reference,
    href: `/cases/${encodeURIComponent(review.case.id)}`,
    kind: reviewKindLabel(review.kind),
    publishedOn: review.publishedOn ? formatDate(review.publishedOn) : null,
    repositorySubmittedOn: review.repositorySubmittedOn ? formatDate(review.repositorySubmittedOn) : null,
    dissemination: review.dissemination.map(
      (spread) =>
        `${disseminationLabel(spread.kind)} on ${formatDate(spread.disseminatedOn)} for ${spread.audience}: ${spread.reach} people reached`,
    ),
    recommendations: review.recommendations.map((recommendation) => ({
      reference: recommendation.reference,
      text: recommendation.text,
      actions: recommendation.actions.map((action) => ({
        reference: action.reference,
        href: `/action-plans/${encodeURIComponent(action.id)}`,
        text: action.text,
        status: `${humanise(action.status)}${action.rag ? `, ${humanise(action.rag)}` : ''}`,
        evidence: action.impactEvidence.map((item) => `${formatDate(item.evidencedOn)}: ${item.text}`),
      })),
    })),
  }));
}

const writes = (role: string) => (NARRATIVE_ROLES as readonly string[]).includes(role);

/** The year's report and last year's figures (none when last year had not started). */
async function reportAndLastYear(
  service: YearlyReportService,
  principal: Principal,
  year: number,
): Promise<{ report: YearlyReport; lastYear: YearlyReport | null }> {
  const report = await service.yearly(principal, year);
  let lastYear: YearlyReport | null = null;
  try {
    lastYear = await service.yearly(principal, year - 1);
  } catch (error) {
    if (!(error instanceof RuleViolationError)) throw error;
  }
  return { report, lastYear };
}

export function registerReportPages(router: Router, context: WebContext, service: YearlyReportService): void {
  const readers = allow(...REPORT_ROLES);
  const defaultYear = async (partnershipId: string) =>
    currentReportingYear(todayInEngland(context.clock), (await context.partnerships.get(partnershipId))?.reportingYearStartMonth ?? 4);
  // The forms post to `?year=…`, so every page and form names its year in the query.
  const auditYear = (action: string) =>
    context.audit(action, ({ query }) => (typeof query['year'] === 'string' ? `yearly:${query['year']}` : undefined));

  async function showReport(
    request: Request,
    response: Response,
    year: number,
    extra: { errors?: FormError[]; values?: Record<string, string>; status?: number } = {},
  ) {
    const principal = requirePrincipal(request);
    const fallback = await defaultYear(principal.partnershipId);
    const years = Array.from({ length: 6 }, (_, index) => fallback - index);
    let loaded: { report: YearlyReport; lastYear: YearlyReport | null } | undefined;
    let notStarted: string | undefined;
    try {
      loaded = await reportAndLastYear(service, principal, year);
    } catch (error) {
      if (!(error instanceof RuleViolationError)) throw error;
      notStarted = error.message;
    }
    const report = loaded?.report;
    const narrative = await service.narrative(principal, year);
    const charts = report
      ? reportCharts(report.figures).map((chart) => ({
          id: chart.id,
          title: chart.title,
          svg: barChartSvg(chart),
          text: describeChart(chart),
        }))
      : [];
    const canWrite = writes(principal.role) && !report?.publication;
    response.status(extra.status ?? 200);
    context.render(request, response, 'reports/yearly.njk', {
      title: `Yearly report ${year} to ${year + 1}`,
      year,
      yearOptions: years.map((value) => ({ value: String(value), text: `${value} to ${value + 1}`, selected: value === year })),
      report,
      notStarted,
      errors: (extra.errors ?? []).map(({ href, text }) => ({ href, text })),
      errorText: Object.fromEntries((extra.errors ?? []).map((error) => [error.field, error.text])),
      narrativeOpen: (extra.errors ?? []).some((error) => NARRATIVE_SECTIONS.some((section) => section.key === error.field)),
      period: report ? `${formatDate(report.period.from)} to ${formatDate(report.period.to)}` : undefined,
      asOf: report ? formatDate(report.asOf) : undefined,
      asRecordedAt: report ? formatInstant(report.asRecordedAt) : undefined,
      publication: report?.publication
        ? {
            approvedBy: report.publication.approvedBy,
            approvedOn: formatDate(report.publication.approvedOn),
            publishedAt: formatInstant(report.publication.publishedAt),
          }
        : undefined,
      laterEntries: (report?.recordedAfterPublication ?? []).map((change) => [
        { text: change.figure },
        { text: String(change.publishedValue), format: 'numeric' },
        { text: String(change.currentValue), format: 'numeric' },
        { text: [...change.added.map((r) => `added ${r}`), ...change.removed.map((r) => `no longer counted ${r}`)].join('; ') },
      ]),
      canPublish: Boolean(report && report.complete && !report.publication && writes(principal.role)),
      canWrite,
      narrativeSections: NARRATIVE_SECTIONS.map((section) => ({
        key: section.key,
        title: section.title,
        text: extra.values?.[section.key] ?? narrative.sections[section.key],
        paragraphs: narrative.sections[section.key]
          .split(/\n{2,}/)
          .map((part) => part.trim())
          .filter(Boolean),
      })),
      narrativeSaved: narrative.savedAt ? formatInstant(narrative.savedAt) : null,
      values: extra.values ?? {},
      charts,
      tables: report ? figureTables(figureSections(report.figures, loaded?.lastYear?.figures ?? null), year) : [],
      reviews: report ? reviewItems(report) : [],
      csvHref: `/reports/yearly.csv?year=${year}`,
      docxHref: `/reports/yearly.docx?year=${year}`,
      thisYearHeading: `${year} to ${year + 1}`,
      lastYearHeading: `${year - 1} to ${year}`,
    });
  }

  router.get('/reports/yearly', ...auditYear('report.read'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    await showReport(request, response, yearOf(request, await defaultYear(principal.partnershipId)));
  });

  // The cases (or actions) behind one number of the report.
  router.get('/reports/yearly/figures', ...auditYear('report.read'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    const year = yearOf(request, await defaultYear(principal.partnershipId));
    const figure = typeof request.query['figure'] === 'string' ? request.query['figure'] : '';
    const report = await service.yearly(principal, year);
    const found = figureLinks(report.figures).get(figure);
    if (!found) throw new NotFoundError('No such figure in this year’s report.');
    context.render(request, response, 'reports/figure.njk', {
      title: `${figure}: ${year} to ${year + 1}`,
      year,
      figure,
      label:
        figureSections(report.figures, null)
          .flatMap((section) => section.lines)
          .find((line) => line.figure === figure)?.label ?? figureLabel(figure),
      value: found.value,
      kind: found.kind,
      rows: found.links.map((link) => [
        {
          html: `<a class="govuk-link" href="${escapeHtml(found.kind === 'cases' ? `/cases/${encodeURIComponent(link.id)}` : `/action-plans/${encodeURIComponent(link.id)}`)}">${escapeHtml(link.reference)}</a>`,
        },
      ]),
      backHref: `/reports/yearly?year=${year}`,
    });
  });

  router.get('/reports/yearly.docx', ...auditYear('report.read'), readers, async (request, response) => {
    const principal = requirePrincipal(request);
    const year = yearOf(request, await defaultYear(principal.partnershipId));
    const { report, lastYear } = await reportAndLastYear(service, principal, year);
    const narrative = await service.narrative(principal, year);
    const partnershipName = String(response.locals['partnershipName'] ?? report.partnershipId);
    const bytes = await yearlyReportDocx({
      partnershipName,
      report,
      narrative,
      sections: figureSections(report.figures, lastYear?.figures ?? null),
    });
    response.setHeader('Content-Type', DOCX_CONTENT_TYPE);
    response.setHeader('Content-Disposition', `attachment; filename="yearly-report-${report.partnershipId}-${year}.docx"`);
    response.status(200).send(bytes);
  });

  router.post('/reports/yearly/narrative', ...auditYear('report.write'), allow(...NARRATIVE_ROLES), async (request, response) => {
    const principal = requirePrincipal(request);
    const body = request.body as FormValues;
    const year = yearOf(request, await defaultYear(principal.partnershipId));
    const values = Object.fromEntries(NARRATIVE_SECTIONS.map((section) => [section.key, single(body[section.key])]));
    const parsed = NarrativeSectionsSchema.safeParse(values);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((issue) => {
        const key = String(issue.path[0]);
        const title = NARRATIVE_SECTIONS.find((section) => section.key === key)?.title ?? key;
        return { field: key, href: `#narrative-${key}`, text: `${title} must be 20,000 characters or fewer` };
      });
      return showReport(request, response, year, { errors, values, status: 400 });
    }
    await service.saveNarrative(principal, year, parsed.data);
    request.session.flash = { kind: 'success', title: 'Saved', text: 'The report’s sections are saved.' };
    await redirectAfterSave(request, response, `/reports/yearly?year=${year}#narrative`);
  });

  router.post('/reports/yearly/publication', ...auditYear('report.publish'), allow(...PUBLISH_ROLES), async (request, response) => {
    const principal = requirePrincipal(request);
    const body = request.body as FormValues;
    const year = yearOf(request, await defaultYear(principal.partnershipId));
    const approvedBy = single(body['approvedBy']).trim();
    const date = readDate({ name: 'approvedOn', label: 'Date approved' }, body);
    const errors: FormError[] = [];
    if (!approvedBy) errors.push({ field: 'approvedBy', href: '#approvedBy', text: 'Enter who approved the report' });
    else if (approvedBy.length > 200)
      errors.push({ field: 'approvedBy', href: '#approvedBy', text: 'Who approved the report must be 200 characters or fewer' });
    if (date.error) errors.push({ field: 'approvedOn', href: '#approvedOn-day', text: date.error });
    else if (!date.value) errors.push({ field: 'approvedOn', href: '#approvedOn-day', text: 'Enter the date the report was approved' });
    const values = {
      approvedBy,
      'approvedOn-day': single(body['approvedOn-day']),
      'approvedOn-month': single(body['approvedOn-month']),
      'approvedOn-year': single(body['approvedOn-year']),
    };
    if (errors.length) return showReport(request, response, year, { errors, values, status: 400 });
    try {
      await service.publish(principal, { year, approvedBy, approvedOn: date.value! });
    } catch (error) {
      if (error instanceof RuleViolationError || error instanceof ConflictError) {
        return showReport(request, response, year, {
          errors: [{ field: 'approvedOn', href: '#approvedOn-day', text: error.message }],
          values,
          status: error instanceof ConflictError ? 409 : 422,
        });
      }
      throw error;
    }
    request.session.flash = {
      kind: 'success',
      title: 'Published',
      text: `The ${year} to ${year + 1} report is published: its figures are frozen.`,
    };
    await redirectAfterSave(request, response, `/reports/yearly?year=${year}`);
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

/** A figure path in words for the list page's heading. */
function figureLabel(figure: string): string {
  return figure
    .split('.')
    .map((part) => humanise(part))
    .join(': ');
}
