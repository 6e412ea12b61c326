/**
 * The columns of the case-log import (issue 12 item 4): one row per case, the steps it has already
 * been through as dates. Lists are separated by `;`, dates are `YYYY-MM-DD`, booleans `yes`/`no`,
 * and a blank cell means the step has not happened. The template served at
 * `GET /api/imports/cases/template.csv` is this list, in this order.
 */
export const IMPORT_COLUMNS = [
  'reference',
  'route',
  'incidentOn',
  'laAwareOn',
  'partnersAwareOn',
  'ageBands',
  'laArea',
  'referringOrganisationId',
  'leadPartnership',
  'themes',
  'partnersInformedOn',
  'notifiedOn',
  'screenedOn',
  'screeningOutcome',
  'rapidReviewMeetingOn',
  'rapidReviewDecidedOn',
  'rapidReviewLocalReview',
  'rapidReviewCriteria',
  'rapidReviewSubmittedOn',
  'rapidReviewLateReason',
  'panelRespondedOn',
  'panelResponse',
  'localReviewCommissionedOn',
  'publishedOn',
  'publishedAddress',
  'closedOn',
  'reasons',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Columns every file must have in its header (the others may be left out altogether). */
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ['reference', 'route', 'incidentOn', 'laAwareOn', 'ageBands', 'laArea'];

/** One problem with the file, where a person can find it: the line in the file and the column's name. */
export interface ImportProblem {
  line: number;
  column: string | null;
  message: string;
}

/** The template: the header row, then one synthetic example row (a serious incident still in its rapid review). */
export function importTemplateRows(): string[][] {
  const example: Record<ImportColumn, string> = {
    reference: 'OLD-0001',
    route: 'serious-incident',
    incidentOn: '2025-01-06',
    laAwareOn: '2025-01-07',
    partnersAwareOn: '2025-01-07',
    // Not `1-4`: Excel reads a cell like that as a date.
    ageBands: 'under-1',
    laArea: 'Example LA',
    referringOrganisationId: '',
    leadPartnership: '',
    themes: 'neglect;domestic abuse',
    partnersInformedOn: '2025-01-09',
    notifiedOn: '2025-01-10',
    screenedOn: '',
    screeningOutcome: '',
    rapidReviewMeetingOn: '2025-01-20',
    rapidReviewDecidedOn: '',
    rapidReviewLocalReview: '',
    rapidReviewCriteria: '',
    rapidReviewSubmittedOn: '',
    rapidReviewLateReason: '',
    panelRespondedOn: '',
    panelResponse: '',
    localReviewCommissionedOn: '',
    publishedOn: '',
    publishedAddress: '',
    closedOn: '',
    reasons: '',
  };
  return [[...IMPORT_COLUMNS], IMPORT_COLUMNS.map((column) => example[column])];
}
