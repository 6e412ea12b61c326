/**
 * The yearly report (DOMAIN.md "The yearly report") as a pure reducer: feed it case records and
 * action records one at a time (`addCase`, `addAction`), then read the figures (`result`). No
 * database, no clock: the reporting period, the day the figures are taken on (`asOf`) and the
 * instants bounding them come in as arguments.
 *
 * Every figure counts what happened in the year, as recorded at an instant (`asRecordedAt`):
 *
 * - "In the year" means happened in the year: an event counts in the reporting year of its own
 *   date (`submittedOn`, `publishedOn`, `commissionedOn`; a referral on the day the LA or partnership
 *   became aware, `laAwareOn`; a step without a date of its own on the day it was recorded), from
 *   the first day of the year to `asOf`. A SIN sent on 27 March and typed in on 2 April counts in
 *   the year it was sent; a case entered after the year end counts in its year.
 * - Only history entries recorded by `asRecordedAt` count, so a report is reproduced exactly by
 *   asking again with the same instant, however much is recorded later.
 * - Timeliness is judged on the event's own date against the clock's due date.
 * - Each figure lists what it counts (`cases` or `actions`: id and reference); `value` is their number.
 *
 * Definitions (each figure counts a case at most once):
 * - referrals: cases opened in the year on the routes into the partnership's own process
 *   (serious incident = SIN; looked-after death, care-leaver death, referral, youth-justice
 *   incident = non-SIN), by route and by source (the referring organisation, its kind, or
 *   `not-recorded`).
 * - sins.notified: `sin.submitted` in the year on a case that is not a child-death route (a
 *   serious incident, or a referral screened as `notify`); within 5 working days when
 *   `submittedOn` is on or before the sin-notification clock's due date.
 * - notifications: every notification to the Panel's system (the partnership counts all of them
 *   as its notifications), the first `sin.submitted` of a case in the year, by kind: serious
 *   incident (as `sins`), looked-after child death and care-leaver death (their route), each
 *   within 5 working days against its own clock (sin-notification, child-death-notification), and
 *   the total of the three.
 * - rapidReviews (statutory): the first `rapid-review.submitted` in the year of a rapid review
 *   that followed a notification and went to the Panel (a resubmission after a Panel challenge is
 *   not a second review); within 15 working days against the rapid-review clock.
 * - localReviews: the partnership's own learning without a notification (a local rapid review of a
 *   near miss, or after a death not screened as `notify`), counted apart: local rapid reviews
 *   completed in the year, and the local reviews they commissioned (commissioned, published in the
 *   year; in progress at `asOf`). They are neither statutory rapid reviews nor LCSPRs.
 * - rapidReviews.outcomes, decided in the year: the Panel's answer (`agreed` with or without a
 *   local review — the Panel's `localReview`, else the partners' decision —, `national-review`), a
 *   local rapid review without a SIN by its own decision when submitted, and `sin.withdrawn`.
 * - nonSinOutcomes: `referral.screened` in the year, by outcome.
 * - lcsprs (statutory reviews only): commissioned, published, deferred (`publication.deferred`) in the year; in progress at
 *   `asOf` (commissioned, not published); overdue: in progress and past the 6-month clock's
 *   original due date at `asOf`; publishedAfterSixMonths: published in the year after it.
 * - nationalReviews: opened on the national-review route in the year, or selected by the Panel
 *   in the year.
 * - outOfArea: supported = an out-of-area case in its supporting stage at any time in the year;
 *   opened = opened in the year.
 * - actions: every action that existed at `asOf` and was not signed off before the year began,
 *   with its RAG, status, evidence of impact and target as they stood at `asOf`.
 * - themes: the themes of cases open at any time in the year (trimmed, lower case), most frequent first.
 */
import { dueOnOf, isOverdue } from '../actions/action.schedule.js';
import type { ActionTarget, Rag } from '../actions/action.record.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { londonDateOf } from '../calendar/england-day.js';
import type { ReportingPeriod } from './reporting-year.js';

// ---- what the reducer reads (the repository's projection) --------------------------------------

export interface ReportHistoryEntry {
  type: string;
  at: string;
  stateAfter?: string;
  fields?: {
    outcome?: string;
    submittedOn?: string;
    localReview?: boolean;
    response?: string;
    publishedOn?: string;
    commissionedOn?: string;
  };
}

export interface ReportClock {
  clockId: string;
  dueOn: CalendarDate;
  originalDueOn: CalendarDate;
}

export interface ReportCase {
  _id: string;
  reference: string;
  route: string;
  referringOrganisationId?: string | null;
  caseData?: { themes?: string[]; laAwareOn?: CalendarDate };
  clocks?: ReportClock[];
  /** In recording order (seq). */
  history: ReportHistoryEntry[];
}

export interface ReportActionEntry {
  type: string;
  at: string;
  fields?: {
    rag?: string;
    targetOn?: CalendarDate | null;
    recurrence?: ActionTarget['recurrence'];
    changes?: { target?: { to?: ActionTarget } };
  };
}

export interface ReportAction {
  _id: string;
  reference: string;
  history: ReportActionEntry[];
}

// ---- what it produces ----------------------------------------------------------------------------

export interface Link {
  id: string;
  reference: string;
}

export interface CaseFigure {
  value: number;
  cases: Link[];
}

export interface ActionFigure {
  value: number;
  actions: Link[];
}

export const REFERRAL_ROUTES = [
  'serious-incident',
  'looked-after-death',
  'care-leaver-death',
  'referral',
  'youth-justice-incident',
] as const;
export type ReferralRoute = (typeof REFERRAL_ROUTES)[number];
export const SCREENING_OUTCOMES = ['notify', 'local-rapid-review', 'alternative-learning', 'refer-elsewhere', 'no-further-action'] as const;
export type ScreeningOutcomeKey = (typeof SCREENING_OUTCOMES)[number];
export const RR_OUTCOMES = ['noLocalReview', 'localReview', 'nationalReview', 'withdrawn'] as const;
export type RapidReviewOutcome = (typeof RR_OUTCOMES)[number];
export const NOTIFICATION_KINDS = ['seriousIncident', 'lookedAfterChildDeath', 'careLeaverDeath'] as const;
export type NotificationKindKey = (typeof NOTIFICATION_KINDS)[number];
export const REPORT_RAGS = ['red', 'amber', 'green', 'complete'] as const satisfies readonly Rag[];
export const NOT_RECORDED = 'not-recorded';
export const UNKNOWN_KIND = 'unknown';

export interface RagFigures {
  total: ActionFigure;
  withEvidenceOfImpact: ActionFigure;
  withoutEvidenceOfImpact: ActionFigure;
}

export interface NotificationFigures {
  notified: CaseFigure;
  withinFiveWorkingDays: CaseFigure;
  late: CaseFigure;
}

export interface YearlyFigures {
  referrals: {
    received: CaseFigure;
    sin: CaseFigure;
    nonSin: CaseFigure;
    byRoute: Record<ReferralRoute, CaseFigure>;
    bySourceKind: (CaseFigure & { kind: string })[];
    bySourceOrganisation: (CaseFigure & { organisationId: string; kind: string })[];
  };
  sins: { notified: CaseFigure; withinFiveWorkingDays: CaseFigure; late: CaseFigure };
  notifications: NotificationFigures & { byKind: Record<NotificationKindKey, NotificationFigures> };
  localReviews: { rapidReviews: CaseFigure; commissioned: CaseFigure; inProgress: CaseFigure; published: CaseFigure };
  rapidReviews: {
    completed: CaseFigure;
    withinFifteenWorkingDays: CaseFigure;
    late: CaseFigure;
    outcomes: Record<RapidReviewOutcome, CaseFigure>;
  };
  nonSinOutcomes: Record<ScreeningOutcomeKey, CaseFigure>;
  lcsprs: {
    commissioned: CaseFigure;
    inProgress: CaseFigure;
    published: CaseFigure;
    deferred: CaseFigure;
    overdue: CaseFigure;
    publishedAfterSixMonths: CaseFigure;
  };
  nationalReviews: { total: CaseFigure; selectedByPanel: CaseFigure; openedOnRoute: CaseFigure };
  outOfArea: { supported: CaseFigure; opened: CaseFigure };
  actions: {
    total: ActionFigure;
    byStatus: { open: ActionFigure; awaitingSignOff: ActionFigure; complete: ActionFigure; overdue: ActionFigure };
    withEvidenceOfImpact: ActionFigure;
    withoutEvidenceOfImpact: ActionFigure;
    byRag: Record<(typeof REPORT_RAGS)[number], RagFigures>;
  };
  themes: (CaseFigure & { theme: string })[];
}

export interface YearlyReportWindow {
  period: ReportingPeriod;
  /** The day the figures are taken on (the period's last day once it has ended). */
  asOf: CalendarDate;
  /** The instant `period.from` begins in England. */
  fromInstant: Date;
  /** The instant the day after `asOf` begins in England (exclusive end). */
  endInstant: Date;
  /** Entries recorded after this instant do not count (default: the end of `asOf`). */
  asRecordedAt?: Date;
  /** Organisation id → kind, for the referral sources. */
  organisationKinds: ReadonlyMap<string, string>;
}

// ---- the reducer ---------------------------------------------------------------------------------

/** A set of links in insertion order, each id at most once. */
class Tally {
  private readonly links = new Map<string, Link>();
  add(link: Link): void {
    if (!this.links.has(link.id)) this.links.set(link.id, link);
  }
  get size(): number {
    return this.links.size;
  }
  sorted(): Link[] {
    return [...this.links.values()].sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : a.id < b.id ? -1 : 1));
  }
  cases(): CaseFigure {
    const cases = this.sorted();
    return { value: cases.length, cases };
  }
  actions(): ActionFigure {
    const actions = this.sorted();
    return { value: actions.length, actions };
  }
}

/** Tallies under keys chosen at run time (themes, sources): a Map, so no key can reach a prototype. */
class TallyMap {
  readonly tallies = new Map<string, Tally>();
  get(key: string): Tally {
    let tally = this.tallies.get(key);
    if (!tally) this.tallies.set(key, (tally = new Tally()));
    return tally;
  }
}

function tallies<K extends string>(keys: readonly K[]): Record<K, Tally> {
  return Object.fromEntries(keys.map((key) => [key, new Tally()])) as Record<K, Tally>;
}

function mapValues<K extends string, V, W>(record: Record<K, V>, fn: (value: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value as V)])) as Record<K, W>;
}

const DEATH_ROUTES = new Set(['looked-after-death', 'care-leaver-death']);

/** What a case's notification was, by its route, and the clock its timeliness is judged on. */
function notificationKindOf(route: string): { kind: NotificationKindKey; clockId: string } {
  if (route === 'looked-after-death') return { kind: 'lookedAfterChildDeath', clockId: 'child-death-notification' };
  if (route === 'care-leaver-death') return { kind: 'careLeaverDeath', clockId: 'child-death-notification' };
  return { kind: 'seriousIncident', clockId: 'sin-notification' };
}

const notificationTallies = () => ({ notified: new Tally(), withinFiveWorkingDays: new Tally(), late: new Tally() });
const REFERRAL_ROUTE_SET: ReadonlySet<string> = new Set(REFERRAL_ROUTES);
const SCREENING_OUTCOME_SET: ReadonlySet<string> = new Set(SCREENING_OUTCOMES);
const RAG_SET: ReadonlySet<string> = new Set(REPORT_RAGS);

/** `  Domestic   Abuse ` → `domestic abuse`. */
export function normaliseTheme(theme: string): string {
  return theme.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The steps that record the day they happened (it may be earlier than the day they were typed in). */
const OWN_DATE: Readonly<Record<string, (fields: NonNullable<ReportHistoryEntry['fields']>) => string | undefined>> = {
  'sin.submitted': (fields) => fields.submittedOn,
  'rapid-review.submitted': (fields) => fields.submittedOn,
  'local-review.commissioned': (fields) => fields.commissionedOn,
  'report.published': (fields) => fields.publishedOn,
};

/**
 * The day a step happened: its own date where it records one, else the day it was recorded.
 * @example happenedOn({ type: 'sin.submitted', at: '2025-04-02T09:00:00Z', fields: { submittedOn: '2025-03-27' } }) //=> '2025-03-27'
 */
export function happenedOn(entry: ReportHistoryEntry): CalendarDate {
  const fields = entry.fields ?? {};
  const own = OWN_DATE[entry.type]?.(fields);
  return typeof own === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(own) ? own : londonDateOf(entry.at);
}

export function createYearlyReport(window: YearlyReportWindow) {
  const from = window.period.from;
  const asOf = window.asOf;
  // The recorded dimension: what was typed in by the instant asked for.
  const recordedMs = window.asRecordedAt ? window.asRecordedAt.getTime() : window.endInstant.getTime() - 1;
  const recorded = (at: string) => Date.parse(at) <= recordedMs;

  const referrals = { received: new Tally(), sin: new Tally(), nonSin: new Tally() };
  const byRoute = tallies(REFERRAL_ROUTES);
  const bySourceKind = new TallyMap();
  const bySourceOrganisation = new TallyMap();
  const sins = { notified: new Tally(), withinFiveWorkingDays: new Tally(), late: new Tally() };
  const notifications = notificationTallies();
  const notificationsByKind = mapValues(tallies(NOTIFICATION_KINDS), () => notificationTallies());
  const localReviews = tallies(['rapidReviews', 'commissioned', 'inProgress', 'published'] as const);
  const rapidReviews = { completed: new Tally(), withinFifteenWorkingDays: new Tally(), late: new Tally() };
  const outcomes = tallies(RR_OUTCOMES);
  const nonSinOutcomes = tallies(SCREENING_OUTCOMES);
  const lcsprs = tallies(['commissioned', 'inProgress', 'published', 'deferred', 'overdue', 'publishedAfterSixMonths'] as const);
  const nationalReviews = tallies(['total', 'selectedByPanel', 'openedOnRoute'] as const);
  const outOfArea = tallies(['supported', 'opened'] as const);
  const themes = new TallyMap();
  const actions = {
    total: new Tally(),
    withEvidenceOfImpact: new Tally(),
    withoutEvidenceOfImpact: new Tally(),
    byStatus: tallies(['open', 'awaitingSignOff', 'complete', 'overdue'] as const),
    byRag: mapValues(tallies(REPORT_RAGS), () => ({
      total: new Tally(),
      withEvidenceOfImpact: new Tally(),
      withoutEvidenceOfImpact: new Tally(),
    })),
  };

  function addCase(record: ReportCase): void {
    const history = record.history ?? [];
    const opened = history[0];
    if (!opened || opened.type !== 'case.opened') return;
    if (!recorded(opened.at)) return; // entered after the instant asked for
    // A case is received on the day the LA (or the partnership) became aware, whenever it was typed in.
    const openedOn = record.caseData?.laAwareOn ?? londonDateOf(opened.at);
    if (openedOn > asOf) return; // received after the figures' day
    const openedInYear = openedOn >= from;
    const link: Link = { id: record._id, reference: record.reference };
    const route = record.route;
    const clock = (id: string) => record.clocks?.find((candidate) => candidate.clockId === id);

    if (openedInYear && REFERRAL_ROUTE_SET.has(route)) {
      referrals.received.add(link);
      (route === 'serious-incident' ? referrals.sin : referrals.nonSin).add(link);
      byRoute[route as ReferralRoute].add(link);
      const organisationId = record.referringOrganisationId ?? null;
      const kind = organisationId === null ? NOT_RECORDED : (window.organisationKinds.get(organisationId) ?? UNKNOWN_KIND);
      bySourceKind.get(kind).add(link);
      bySourceOrganisation.get(organisationId ?? NOT_RECORDED).add(link);
    }
    if (openedInYear && route === 'national-review') {
      nationalReviews.openedOnRoute.add(link);
      nationalReviews.total.add(link);
    }
    if (openedInYear && route === 'out-of-area') outOfArea.opened.add(link);

    let screening: string | null = null;
    let notified = false;
    let decidedLocalReview = false;
    let rapidReviewSubmitted = false;
    let commissioned = false;
    let published = false;
    // Whether the case's reviews follow a notification to the Panel (statutory) or are the
    // partnership's own: a serious incident always is; another route once notified (a death only
    // when screened as `notify`), as the machine's rapidReviewGoesToPanel.
    const statutory = () => route === 'serious-incident' || (notified && (!DEATH_ROUTES.has(route) || screening === 'notify'));
    let state = opened.stateAfter;
    let leftSupportingOn: CalendarDate | null = state === 'supporting' ? null : openedOn;
    let closedOn: CalendarDate | null = state === 'closed' ? openedOn : null;

    for (let index = 1; index < history.length; index++) {
      const entry = history[index]!;
      if (!recorded(entry.at)) continue; // recorded after the instant asked for
      const on = happenedOn(entry);
      if (on > asOf) continue; // happened after the figures' day
      const inYear = on >= from;
      const fields = entry.fields ?? {};
      switch (entry.type) {
        case 'referral.screened':
          screening = fields.outcome ?? null;
          if (inYear && screening !== null && SCREENING_OUTCOME_SET.has(screening))
            nonSinOutcomes[screening as ScreeningOutcomeKey].add(link);
          break;
        case 'sin.submitted': {
          // A case is notified once: a later submission (a resend or correction) is not a second
          // notification, and judging it against the clock again could count one case as both
          // on time and late.
          if (notified) break;
          notified = true;
          if (!inYear) break;
          const { kind, clockId } = notificationKindOf(route);
          const due = clock(clockId)?.dueOn;
          const onTime = due !== undefined && fields.submittedOn !== undefined ? fields.submittedOn <= due : null;
          for (const figures of [notifications, notificationsByKind[kind], ...(kind === 'seriousIncident' ? [sins] : [])]) {
            figures.notified.add(link);
            if (onTime !== null) (onTime ? figures.withinFiveWorkingDays : figures.late).add(link);
          }
          break;
        }
        case 'rapid-review.decided':
          decidedLocalReview = fields.localReview === true;
          break;
        case 'rapid-review.submitted': {
          if (rapidReviewSubmitted) break;
          rapidReviewSubmitted = true;
          if (!inYear) break;
          if (!statutory()) {
            // A local rapid review (no notification): the partnership's own learning, counted apart.
            localReviews.rapidReviews.add(link);
            break;
          }
          rapidReviews.completed.add(link);
          const due = clock('rapid-review')?.dueOn;
          if (due !== undefined && fields.submittedOn !== undefined) {
            (fields.submittedOn <= due ? rapidReviews.withinFifteenWorkingDays : rapidReviews.late).add(link);
          }
          break;
        }
        case 'panel.responded':
          if (!inYear) break;
          if (fields.response === 'national-review') {
            outcomes.nationalReview.add(link);
            nationalReviews.selectedByPanel.add(link);
            nationalReviews.total.add(link);
          } else if (fields.response === 'agreed') {
            ((fields.localReview ?? decidedLocalReview) ? outcomes.localReview : outcomes.noLocalReview).add(link);
          }
          break;
        case 'sin.withdrawn':
          if (inYear) outcomes.withdrawn.add(link);
          break;
        case 'local-review.commissioned':
          commissioned = true;
          if (inYear) (statutory() ? lcsprs.commissioned : localReviews.commissioned).add(link);
          break;
        case 'publication.deferred':
          if (inYear && statutory()) lcsprs.deferred.add(link);
          break;
        case 'report.published': {
          published = true;
          if (!inYear) break;
          if (!statutory()) {
            localReviews.published.add(link);
            break;
          }
          lcsprs.published.add(link);
          const due = clock('lcspr-publication')?.originalDueOn;
          if (due !== undefined && fields.publishedOn !== undefined && fields.publishedOn > due) lcsprs.publishedAfterSixMonths.add(link);
          break;
        }
      }
      if (entry.stateAfter !== undefined) {
        if (state === 'supporting' && entry.stateAfter !== 'supporting' && leftSupportingOn === null) leftSupportingOn = on;
        if (entry.stateAfter === 'closed' && closedOn === null) closedOn = on;
        state = entry.stateAfter;
      }
    }

    if (commissioned && !published && !statutory()) localReviews.inProgress.add(link);
    if (commissioned && !published && statutory()) {
      lcsprs.inProgress.add(link);
      const due = clock('lcspr-publication')?.originalDueOn;
      if (due !== undefined && asOf > due) lcsprs.overdue.add(link);
    }
    if (route === 'out-of-area' && opened.stateAfter === 'supporting' && (leftSupportingOn === null || leftSupportingOn >= from)) {
      outOfArea.supported.add(link);
    }
    if (closedOn === null || closedOn >= from) {
      for (const theme of new Set((record.caseData?.themes ?? []).map(normaliseTheme))) if (theme) themes.get(theme).add(link);
    }
  }

  function addAction(record: ReportAction): void {
    const history = record.history ?? [];
    const created = history[0];
    if (!created || created.type !== 'action.created' || !recorded(created.at) || londonDateOf(created.at) > asOf) return;
    const link: Link = { id: record._id, reference: record.reference };
    let rag = created.fields?.rag;
    let target: ActionTarget = { targetOn: created.fields?.targetOn ?? null, recurrence: created.fields?.recurrence ?? null };
    let lastNoteOn: CalendarDate | null = null;
    let signedOffOn: CalendarDate | null = null;
    let evidenced = false;
    for (let index = 1; index < history.length; index++) {
      const entry = history[index]!;
      // Action steps carry no date of their own: the day they were recorded.
      const on = londonDateOf(entry.at);
      if (!recorded(entry.at) || on > asOf) continue;
      const fields = entry.fields ?? {};
      switch (entry.type) {
        case 'action.rag-changed':
          rag = fields.rag;
          break;
        case 'action.signed-off':
          signedOffOn ??= on;
          break;
        case 'action.impact-evidenced':
          evidenced = true;
          break;
        case 'action.progress-noted':
          lastNoteOn = on;
          break;
        case 'action.updated':
          if (fields.changes?.target?.to)
            target = { targetOn: fields.changes.target.to.targetOn ?? null, recurrence: fields.changes.target.to.recurrence ?? null };
          break;
      }
    }
    if (rag === undefined || !RAG_SET.has(rag)) return;
    if (signedOffOn !== null && signedOffOn < from) return; // finished before the year began
    const ragKey = rag as Rag;
    // As action.schedule.ts statusOf: signed off = complete; RAG complete awaits the chair's sign-off.
    const status = signedOffOn !== null ? 'complete' : ragKey === 'complete' ? 'awaitingSignOff' : 'open';
    actions.total.add(link);
    (evidenced ? actions.withEvidenceOfImpact : actions.withoutEvidenceOfImpact).add(link);
    actions.byRag[ragKey].total.add(link);
    (evidenced ? actions.byRag[ragKey].withEvidenceOfImpact : actions.byRag[ragKey].withoutEvidenceOfImpact).add(link);
    actions.byStatus[status].add(link);
    if (status === 'open' && isOverdue({ dueOn: dueOnOf(target, lastNoteOn), rag: ragKey }, asOf)) actions.byStatus.overdue.add(link);
  }

  function result(): YearlyFigures {
    const keyed = <K extends string>(map: TallyMap, key: K) =>
      [...map.tallies.entries()]
        .map(([name, tally]) => ({ [key]: name, ...tally.cases() }) as CaseFigure & Record<K, string>)
        .sort((a, b) => b.value - a.value || (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
    return {
      referrals: {
        received: referrals.received.cases(),
        sin: referrals.sin.cases(),
        nonSin: referrals.nonSin.cases(),
        byRoute: mapValues(byRoute, (t) => t.cases()),
        bySourceKind: keyed(bySourceKind, 'kind'),
        bySourceOrganisation: keyed(bySourceOrganisation, 'organisationId').map((figure) => ({
          organisationId: figure.organisationId,
          kind:
            figure.organisationId === NOT_RECORDED ? NOT_RECORDED : (window.organisationKinds.get(figure.organisationId) ?? UNKNOWN_KIND),
          value: figure.value,
          cases: figure.cases,
        })),
      },
      sins: mapValues(sins, (t) => t.cases()),
      notifications: {
        ...mapValues(notifications, (t) => t.cases()),
        byKind: mapValues(notificationsByKind, (kind) => mapValues(kind, (t) => t.cases())),
      },
      localReviews: mapValues(localReviews, (t) => t.cases()),
      rapidReviews: { ...mapValues(rapidReviews, (t) => t.cases()), outcomes: mapValues(outcomes, (t) => t.cases()) },
      nonSinOutcomes: mapValues(nonSinOutcomes, (t) => t.cases()),
      lcsprs: mapValues(lcsprs, (t) => t.cases()),
      nationalReviews: mapValues(nationalReviews, (t) => t.cases()),
      outOfArea: mapValues(outOfArea, (t) => t.cases()),
      actions: {
        total: actions.total.actions(),
        byStatus: mapValues(actions.byStatus, (t) => t.actions()),
        withEvidenceOfImpact: actions.withEvidenceOfImpact.actions(),
        withoutEvidenceOfImpact: actions.withoutEvidenceOfImpact.actions(),
        byRag: mapValues(actions.byRag, (r) => mapValues(r, (t) => t.actions())),
      },
      themes: keyed(themes, 'theme'),
    };
  }

  return { addCase, addAction, result };
}

export type YearlyReportBuilder = ReturnType<typeof createYearlyReport>;

// ---- figures as rows (CSV) -------------------------------------------------------------------------

export interface FigureRow {
  figure: string;
  value: number;
  references: string[];
}

/**
 * Every figure as one row, named by its path: `referrals.received`, `referrals.byRoute.referral`,
 * `referrals.bySourceKind.school`, `actions.byRag.red.withEvidenceOfImpact`, `themes.neglect`.
 * @example figureRows(figures)[0] //=> { figure: 'referrals.received', value: 9, references: ['NTH-2024-0001', …] }
 */
export function figureRows(figures: YearlyFigures): FigureRow[] {
  return [...figureLinks(figures)].map(([figure, { value, links }]) => ({
    figure,
    value,
    references: links.map((link) => link.reference),
  }));
}

/** A figure with the records it counts: cases, or (for the action figures) actions. */
export interface FigureLinks {
  value: number;
  kind: 'cases' | 'actions';
  links: Link[];
}

/**
 * Every figure by its path (as {@link figureRows} names them), with the cases or actions behind it:
 * what a report's numbers link to.
 * @example figureLinks(figures).get('notifications.notified') //=> { value: 2, kind: 'cases', links: [{ id, reference }, …] }
 */
export function figureLinks(figures: YearlyFigures): Map<string, FigureLinks> {
  const out = new Map<string, FigureLinks>();
  const visit = (path: string, node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node as Record<string, unknown>[]) {
        const name = String('organisationId' in item ? item['organisationId'] : 'theme' in item ? item['theme'] : item['kind']);
        visit(`${path}.${name}`, item);
      }
      return;
    }
    const record = node as Record<string, unknown>;
    if (typeof record['value'] === 'number') {
      const kind = record['actions'] !== undefined ? 'actions' : 'cases';
      out.set(path, { value: record['value'], kind, links: (record[kind] ?? []) as Link[] });
      return;
    }
    for (const [key, child] of Object.entries(record)) visit(path ? `${path}.${key}` : key, child);
  };
  visit('', figures);
  return out;
}
