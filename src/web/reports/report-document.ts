/**
 * The yearly report as a document: its figure tables with last year beside this year (each number
 * named by its figure path, so the page can link it to the cases or actions behind it), the same
 * for the page and the Word file. Pure.
 */
import { NOTIFICATION_KINDS, REFERRAL_ROUTES, type NotificationKindKey, type YearlyFigures } from '../../reports/yearly-report.js';
import { humanise, routeLabel } from '../labels.js';

export interface FigureLine {
  label: string;
  /** The figure's path (`notifications.notified`): the key of its cases or actions. */
  figure: string;
  thisYear: number;
  /** `null` when last year has no report (it had not started, or the partnership is newer). */
  lastYear: number | null;
}

export interface FigureSection {
  caption: string;
  lines: FigureLine[];
}

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

/** The value of a figure path in a year's figures (0 when that year has no such figure). */
function valueAt(figures: YearlyFigures, path: string): number {
  let node: unknown = figures;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) {
      node = (node as Record<string, unknown>[]).find((item) => [item['kind'], item['theme'], item['organisationId']].includes(part));
    } else {
      node = (node as Record<string, unknown> | undefined)?.[part];
    }
    if (node === undefined) return 0;
  }
  return typeof (node as { value?: unknown }).value === 'number' ? (node as { value: number }).value : 0;
}

/**
 * The report's figure tables, this year and last.
 * @example figureSections(thisYear, lastYear)[0].lines[0] //=> { label: 'Cases received', figure: 'referrals.received', thisYear: 11, lastYear: 9 }
 */
export function figureSections(current: YearlyFigures, previous: YearlyFigures | null): FigureSection[] {
  const line = (label: string, figure: string): FigureLine => ({
    label,
    figure,
    thisYear: valueAt(current, figure),
    lastYear: previous ? valueAt(previous, figure) : null,
  });
  const kinds = [
    ...new Set([...current.referrals.bySourceKind, ...(previous?.referrals.bySourceKind ?? [])].map((source) => source.kind)),
  ].sort();
  const themes = [...new Set([...current.themes, ...(previous?.themes ?? [])].map((theme) => theme.theme))].sort(
    (a, b) => valueAt(current, `themes.${b}`) - valueAt(current, `themes.${a}`) || a.localeCompare(b),
  );
  return [
    {
      caption: 'Cases received',
      lines: [
        line('Cases received', 'referrals.received'),
        line('Serious incident notifications (SIN route)', 'referrals.sin'),
        line('Other routes (non-SIN)', 'referrals.nonSin'),
        ...REFERRAL_ROUTES.map((route) => line(`Route: ${routeLabel(route).replace(/ \(.*\)$/, '')}`, `referrals.byRoute.${route}`)),
        ...kinds.map((kind) => line(`Received from: ${humanise(kind)}`, `referrals.bySourceKind.${kind}`)),
      ],
    },
    {
      caption: 'Notifications to the Panel',
      lines: [
        ...NOTIFICATION_KINDS.flatMap((kind) => [
          line(`${NOTIFICATION_KIND_LABELS[kind]} notified`, `notifications.byKind.${kind}.notified`),
          line(`${NOTIFICATION_KIND_LABELS[kind]}: within 5 working days`, `notifications.byKind.${kind}.withinFiveWorkingDays`),
        ]),
        line('All notifications', 'notifications.notified'),
        line('All notifications within 5 working days', 'notifications.withinFiveWorkingDays'),
        line('All notifications late', 'notifications.late'),
      ],
    },
    {
      caption: 'Rapid reviews after a notification (statutory)',
      lines: [
        line('Rapid reviews completed', 'rapidReviews.completed'),
        line('Within 15 working days', 'rapidReviews.withinFifteenWorkingDays'),
        line('Late', 'rapidReviews.late'),
        ...Object.keys(current.rapidReviews.outcomes).map((key) =>
          line(`Outcome: ${RR_OUTCOME_LABELS[key] ?? humanise(key)}`, `rapidReviews.outcomes.${key}`),
        ),
      ],
    },
    {
      caption: 'Local child safeguarding practice reviews and national reviews',
      lines: [
        line('LCSPRs commissioned', 'lcsprs.commissioned'),
        line('LCSPRs in progress', 'lcsprs.inProgress'),
        line('LCSPRs published', 'lcsprs.published'),
        line('Publication deferred', 'lcsprs.deferred'),
        line('Overdue against 6 months', 'lcsprs.overdue'),
        line('Published after 6 months', 'lcsprs.publishedAfterSixMonths'),
        line('National reviews', 'nationalReviews.total'),
        line('Out-of-area cases supported', 'outOfArea.supported'),
      ],
    },
    {
      // Counted apart: not statutory rapid reviews or LCSPRs, and not held to the Panel's publication notice.
      caption: 'Local reviews without a notification (the partnership’s own learning)',
      lines: [
        line('Local rapid reviews completed', 'localReviews.rapidReviews'),
        line('Local reviews commissioned', 'localReviews.commissioned'),
        line('Local reviews in progress', 'localReviews.inProgress'),
        line('Local reviews published', 'localReviews.published'),
      ],
    },
    {
      caption: 'Learning actions',
      lines: [
        line('Actions', 'actions.total'),
        line('Open', 'actions.byStatus.open'),
        line('Awaiting sign-off', 'actions.byStatus.awaitingSignOff'),
        line('Complete', 'actions.byStatus.complete'),
        line('Overdue', 'actions.byStatus.overdue'),
        line('With evidence of impact', 'actions.withEvidenceOfImpact'),
        line('Without evidence of impact', 'actions.withoutEvidenceOfImpact'),
      ],
    },
    ...(themes.length ? [{ caption: 'Recurring themes', lines: themes.map((theme) => line(theme, `themes.${theme}`)) }] : []),
  ];
}

/** "12 (last year 9)" style difference words, for a screen reader and the Word file. */
export function changeWords(line: FigureLine): string {
  if (line.lastYear === null) return 'no figure last year';
  const difference = line.thisYear - line.lastYear;
  return difference === 0 ? 'the same as last year' : `${Math.abs(difference)} ${difference > 0 ? 'more' : 'fewer'} than last year`;
}
