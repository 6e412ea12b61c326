import { CalendarDateSchema, subtractWorkingDays, type HolidayCalendar } from '../calendar/index.js';
import { AGE_BANDS, type OpenCaseInput } from '../../workflows/case-open.schema.js';
import { LOCAL_REVIEW_CRITERIA, PANEL_RESPONSES, SCREENING_OUTCOMES, type ClientEvent } from '../../workflows/case-events.schema.js';
import { PARTNERS, type Partner } from '../../workflows/roles.js';
import { ROUTES } from '../../workflows/statutory-routes.js';
import type { ImportColumn, ImportProblem } from './case-import.columns.js';
import type { CsvRow } from './case-import.csv.js';

/**
 * From one row of the case log to what the lifecycle machines are sent: the opening, then each
 * step in lifecycle order with the day it happened. Pure: the machines themselves (run by
 * case-import.build.ts) judge whether the steps make sense together.
 *
 * A few steps the log does not hold are implied by the ones it does, and are sent as `inferred`,
 * dated on the step that implies them: the three partners' sign-offs of a rapid review decision
 * (the log dates the decision, and a decision is only submitted signed off); for a published
 * local review, the reviewer, terms of reference, draft, quality assurance, sign-offs, publication
 * decision and the notice to the Panel, the Secretary of State and Ofsted (all on the latest day
 * the notice could have gone, 7 working days before publication); before a closure, the learning
 * and the action plan recorded complete on the day of closure.
 */

/** Who the machines are told sent an imported step: the import itself, in the role the step needs. */
export interface PlannedStep {
  event: ClientEvent;
  /** The day it happened (the history entry is dated on it). */
  on: string;
  /** The column to blame when the machines refuse the step. */
  column: ImportColumn;
  /** The role the step needs, and the partner for a sign-off. */
  role: 'chair' | 'business-unit' | 'partner-lead';
  partner?: Partner;
  /** Not in the file: implied by a step that is. */
  inferred: boolean;
}

export interface PlannedCase {
  line: number;
  formerReference: string;
  opening: OpenCaseInput;
  /** The day the case was opened in the log: the later of the day the LA and the partners became aware. */
  openedOn: string;
  steps: PlannedStep[];
}

const LIST_SEPARATOR = ';';
/** Stands in for comments the Panel's response needs and the log does not keep. */
export const IMPORTED_COMMENT = 'Recorded in the partnership’s case log before it used this service.';
/** Why an imported LCSPR's 6-month clock starts at its commissioning date rather than the decision. */
export const LCSPR_START_FROM_LOG = 'The partnership’s case log counted the 6 months from the commissioning date (imported as recorded).';
/** Why an imported serious incident's partners-informed step is waived: the log does not record it. */
export const PARTNERS_NOT_IN_LOG = 'The partnership’s case log does not record when the partners were told (imported).';
/** The reviewer of a published review the log does not name. */
export const IMPORTED_REVIEWER = 'imported-reviewer';

const DATE_COLUMNS: readonly ImportColumn[] = [
  'incidentOn',
  'laAwareOn',
  'partnersAwareOn',
  'partnersInformedOn',
  'notifiedOn',
  'screenedOn',
  'rapidReviewMeetingOn',
  'rapidReviewDecidedOn',
  'rapidReviewSubmittedOn',
  'panelRespondedOn',
  'localReviewCommissionedOn',
  'publishedOn',
  'closedOn',
];

const list = (cell: string): string[] =>
  cell
    .split(LIST_SEPARATOR)
    .map((item) => item.trim())
    .filter(Boolean);

/** Plans one row, or lists every problem it has on its own (the machines find the rest). */
export function planCase(row: CsvRow, today: string, calendar: HolidayCalendar): { plan: PlannedCase } | { problems: ImportProblem[] } {
  const c = row.cells;
  const problems: ImportProblem[] = [];
  const problem = (column: ImportColumn, message: string) => problems.push({ line: row.line, column, message });
  const need = (column: ImportColumn, why: string) => void (c[column] === '' && problem(column, `required ${why}`));

  need('reference', 'to keep the case’s former reference');
  if (c.reference.length > 100) problem('reference', 'at most 100 characters');
  need('laArea', 'the LA area where the incident happened');
  if (!(ROUTES as readonly string[]).includes(c.route)) problem('route', `must be one of ${ROUTES.join(', ')}`);
  for (const column of DATE_COLUMNS) {
    if (c[column] === '') continue;
    if (!CalendarDateSchema.safeParse(c[column]).success) problem(column, 'must be a real date written YYYY-MM-DD');
    else if (c[column] > today) problem(column, `is after today (${today})`);
  }
  need('incidentOn', 'the date of the incident');
  need('laAwareOn', 'the date the LA became aware');
  const ageBands = list(c.ageBands);
  if (ageBands.length === 0) problem('ageBands', `give one age band per child (${AGE_BANDS.join(', ')})`);
  for (const band of ageBands)
    if (!(AGE_BANDS as readonly string[]).includes(band)) problem('ageBands', `${band} is not one of ${AGE_BANDS.join(', ')}`);
  const bool = (column: ImportColumn): boolean | undefined => {
    if (c[column] === '') return undefined;
    if (c[column] === 'yes' || c[column] === 'no') return c[column] === 'yes';
    problem(column, 'must be yes or no');
    return undefined;
  };
  const localReview = bool('rapidReviewLocalReview');
  const criteria = list(c.rapidReviewCriteria);
  for (const criterion of criteria) {
    if (!(LOCAL_REVIEW_CRITERIA as readonly string[]).includes(criterion))
      problem('rapidReviewCriteria', `${criterion} is not one of ${LOCAL_REVIEW_CRITERIA.join(', ')}`);
  }
  if (c.screeningOutcome !== '' && !(SCREENING_OUTCOMES as readonly string[]).includes(c.screeningOutcome)) {
    problem('screeningOutcome', `must be one of ${SCREENING_OUTCOMES.join(', ')}`);
  }
  if (c.panelResponse !== '' && !(PANEL_RESPONSES as readonly string[]).includes(c.panelResponse))
    problem('panelResponse', `must be one of ${PANEL_RESPONSES.join(', ')}`);
  // Cells that only make sense together.
  if ((c.screenedOn === '') !== (c.screeningOutcome === ''))
    problem(c.screenedOn === '' ? 'screenedOn' : 'screeningOutcome', 'screenedOn and screeningOutcome go together');
  if ((c.panelRespondedOn === '') !== (c.panelResponse === ''))
    problem(c.panelRespondedOn === '' ? 'panelRespondedOn' : 'panelResponse', 'panelRespondedOn and panelResponse go together');
  if (c.rapidReviewDecidedOn !== '' && localReview === undefined && c.rapidReviewLocalReview === '')
    problem('rapidReviewLocalReview', 'required with rapidReviewDecidedOn (yes or no)');
  if (localReview === true && criteria.length === 0)
    problem('rapidReviewCriteria', `a decision for a local review names the criteria it meets (${LOCAL_REVIEW_CRITERIA.join(', ')})`);
  if (c.publishedOn !== '' && c.publishedAddress === '')
    problem('publishedAddress', 'required with publishedOn: where the report is published');
  if (c.publishedOn !== '' && c.localReviewCommissionedOn === '') problem('localReviewCommissionedOn', 'required with publishedOn');
  if ((c.screenedOn !== '' || c.rapidReviewDecidedOn !== '' || c.closedOn !== '') && c.reasons === '') {
    problem('reasons', 'required when the row records a screening, a rapid review decision or a closure');
  }
  if (problems.length > 0) return { problems };

  const route = c.route as OpenCaseInput['route'];
  const legalStatus =
    route === 'looked-after-death' ? ['looked-after' as const] : route === 'care-leaver-death' ? ['care-leaver' as const] : [];
  const opening: OpenCaseInput = {
    route,
    incidentOn: c.incidentOn,
    laAwareOn: c.laAwareOn,
    ...(c.partnersAwareOn ? { partnersAwareOn: c.partnersAwareOn } : {}),
    children: ageBands.map((ageBand) => ({ ageBand: ageBand as (typeof AGE_BANDS)[number], sex: 'not-recorded' as const, legalStatus })),
    laArea: c.laArea,
    ...(c.referringOrganisationId ? { referringOrganisationId: c.referringOrganisationId } : {}),
    ...(c.leadPartnership ? { leadPartnership: c.leadPartnership } : {}),
    ...(c.themes ? { themes: list(c.themes) } : {}),
  };
  const steps: PlannedStep[] = [];
  const step = (column: ImportColumn, on: string, role: PlannedStep['role'], event: ClientEvent, inferred = false, partner?: Partner) =>
    steps.push({ column, on, role, event, inferred, ...(partner ? { partner } : {}) });
  const signOffs = (type: 'rapid-review.signed-off' | 'local-review.signed-off', column: ImportColumn, on: string) => {
    for (const partner of PARTNERS) step(column, on, 'partner-lead', { type, partner, signedOffOn: on }, true, partner);
  };

  if (c.partnersInformedOn)
    step('partnersInformedOn', c.partnersInformedOn, 'business-unit', { type: 'partners.informed', informedOn: c.partnersInformedOn });
  const screening = () => {
    if (!c.screenedOn) return;
    const outcome = c.screeningOutcome as (typeof SCREENING_OUTCOMES)[number];
    step('screenedOn', c.screenedOn, 'chair', {
      type: 'referral.screened',
      outcome,
      reasons: c.reasons,
      screenedOn: c.screenedOn,
      ...(outcome === 'alternative-learning' ? { learningType: 'other' as const } : {}),
      ...(outcome === 'refer-elsewhere' ? { process: 'other' as const } : {}),
      // A notified death the log screened out was judged not to involve abuse or neglect (machine
      // version 4 screens a notified case out only on that finding).
      ...(c.notifiedOn && ['no-further-action', 'refer-elsewhere', 'alternative-learning'].includes(outcome)
        ? { abuseOrNeglect: 'not-suspected' as const }
        : {}),
    });
  };
  const notification = () =>
    void (c.notifiedOn && step('notifiedOn', c.notifiedOn, 'business-unit', { type: 'sin.submitted', submittedOn: c.notifiedOn }));
  // A referral is screened before it is notified; a notified death is screened after.
  if (route === 'referral' || route === 'youth-justice-incident') {
    screening();
    notification();
  } else {
    notification();
    screening();
  }
  if (c.rapidReviewMeetingOn)
    step('rapidReviewMeetingOn', c.rapidReviewMeetingOn, 'business-unit', {
      type: 'rapid-review.meeting-held',
      heldOn: c.rapidReviewMeetingOn,
    });
  if (c.rapidReviewDecidedOn) {
    step('rapidReviewDecidedOn', c.rapidReviewDecidedOn, 'chair', {
      type: 'rapid-review.decided',
      localReview: localReview === true,
      nationalReviewSuggested: false,
      criteriaMet: criteria as (typeof LOCAL_REVIEW_CRITERIA)[number][],
      reasons: c.reasons,
      decidedOn: c.rapidReviewDecidedOn,
    });
    signOffs('rapid-review.signed-off', 'rapidReviewDecidedOn', c.rapidReviewDecidedOn);
  }
  if (c.rapidReviewSubmittedOn) {
    // Machine version 4 sends a serious incident's rapid review only once the partners were told;
    // a log that does not say when is recorded as waived, with that reason, on the day it was sent.
    if (route === 'serious-incident' && !c.partnersInformedOn) {
      step(
        'rapidReviewSubmittedOn',
        c.rapidReviewSubmittedOn,
        'chair',
        { type: 'partners-informed.waived', reasons: PARTNERS_NOT_IN_LOG, waivedOn: c.rapidReviewSubmittedOn },
        true,
      );
    }
    step('rapidReviewSubmittedOn', c.rapidReviewSubmittedOn, 'business-unit', {
      type: 'rapid-review.submitted',
      submittedOn: c.rapidReviewSubmittedOn,
      ...(c.rapidReviewLateReason ? { lateReason: c.rapidReviewLateReason } : {}),
    });
  }
  if (c.panelRespondedOn) {
    step('panelRespondedOn', c.panelRespondedOn, 'business-unit', {
      type: 'panel.responded',
      response: c.panelResponse as (typeof PANEL_RESPONSES)[number],
      comments: IMPORTED_COMMENT,
      respondedOn: c.panelRespondedOn,
    });
  }
  if (c.localReviewCommissionedOn) {
    // The log counted the 6 months from commissioning; machine version 4 counts from the decision
    // unless a later start is given with reasons, so the log's own start is kept, saying why.
    const later = c.rapidReviewDecidedOn !== '' && c.rapidReviewDecidedOn < c.localReviewCommissionedOn;
    step('localReviewCommissionedOn', c.localReviewCommissionedOn, 'chair', {
      type: 'local-review.commissioned',
      commissionedOn: c.localReviewCommissionedOn,
      ...(later ? { clockStartsOn: c.localReviewCommissionedOn, clockStartReasons: LCSPR_START_FROM_LOG } : {}),
    });
  }
  if (c.publishedOn) {
    let noticeOn: string;
    try {
      noticeOn = subtractWorkingDays(c.publishedOn, 7, calendar);
    } catch {
      return { problems: [{ line: row.line, column: 'publishedOn', message: 'there is no bank holiday data for this date' }] };
    }
    if (noticeOn < c.localReviewCommissionedOn) {
      return {
        problems: [
          {
            line: row.line,
            column: 'publishedOn',
            message: `a review is published at least 7 working days after it is sent to the Panel, so no earlier than that after it is commissioned (${c.localReviewCommissionedOn})`,
          },
        ],
      };
    }
    const col = 'publishedOn' as const;
    step(col, noticeOn, 'business-unit', { type: 'reviewer.appointed', reviewerId: IMPORTED_REVIEWER }, true);
    step(col, noticeOn, 'chair', { type: 'terms-of-reference.agreed', agreedOn: noticeOn }, true);
    step(col, noticeOn, 'business-unit', { type: 'draft.received', receivedOn: noticeOn }, true);
    step(col, noticeOn, 'chair', { type: 'draft.quality-assured', assuredOn: noticeOn }, true);
    signOffs('local-review.signed-off', col, noticeOn);
    step(col, noticeOn, 'chair', { type: 'publication.decided', form: 'full', plannedOn: c.publishedOn, decidedOn: noticeOn }, true);
    step(
      col,
      noticeOn,
      'business-unit',
      { type: 'publication.notice-sent', recipients: ['panel', 'secretary-of-state', 'ofsted'], sentOn: noticeOn },
      true,
    );
    step(col, c.publishedOn, 'business-unit', { type: 'report.published', publishedOn: c.publishedOn, address: c.publishedAddress });
  }
  if (c.closedOn) {
    step('closedOn', c.closedOn, 'chair', { type: 'learning.completed', completedOn: c.closedOn }, true);
    step('closedOn', c.closedOn, 'chair', { type: 'action-plan.completed', completedOn: c.closedOn }, true);
    step('closedOn', c.closedOn, 'business-unit', { type: 'case.closed', reasons: c.reasons, closedOn: c.closedOn });
  }
  const openedOn = c.partnersAwareOn && c.partnersAwareOn > c.laAwareOn ? c.partnersAwareOn : c.laAwareOn;
  return { plan: { line: row.line, formerReference: c.reference, opening, openedOn, steps } };
}
