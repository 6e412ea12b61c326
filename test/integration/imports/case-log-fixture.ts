import { IMPORT_COLUMNS, type ImportColumn } from '../../../src/imports/case-import.columns.js';

/**
 * A synthetic 30-case log spanning the reporting years 2023 (1 April 2023 to 31 March 2024) and
 * 2024 (1 April 2024 to 31 March 2025), written out by hand. Each case starts on a Monday D with no
 * bank holiday in the weeks that follow, so the clocks are easy to work out: the SIN and partners
 * clocks are due D+7 (5 working days), the rapid review D+21 (15 working days).
 *
 * Kinds of case (dates relative to D):
 * - A: SIN on time (D+4), meeting D+9, decided D+10 no local review, submitted D+14 (on time),
 *   Panel agreed D+28; closed D+60 when given.
 * - B: SIN late (D+9), meeting D+15, decided D+16 local review, submitted D+24 (late), Panel agreed
 *   D+35, LCSPR commissioned D+42 and not published.
 * - C: as A but decided local review; commissioned D+35 and published on the date given.
 */
export type Row = Partial<Record<ImportColumn, string>>;

const REASONS = 'Synthetic reasons for the import test.';
const ADDRESS = 'https://example.org/reviews/synthetic';

function kindA(reference: string, d: Record<'inc' | 'd' | 'inf' | 'not' | 'meet' | 'dec' | 'sub' | 'panel', string>, closedOn = ''): Row {
  return {
    reference,
    route: 'serious-incident',
    incidentOn: d.inc,
    laAwareOn: d.d,
    partnersAwareOn: d.d,
    ageBands: '5-9',
    laArea: 'Northshire (synthetic)',
    themes: 'neglect',
    partnersInformedOn: d.inf,
    notifiedOn: d.not,
    rapidReviewMeetingOn: d.meet,
    rapidReviewDecidedOn: d.dec,
    rapidReviewLocalReview: 'no',
    rapidReviewSubmittedOn: d.sub,
    panelRespondedOn: d.panel,
    panelResponse: 'agreed',
    closedOn,
    reasons: REASONS,
  };
}

function kindB(reference: string, d: Record<'inc' | 'd' | 'not' | 'meet' | 'dec' | 'sub' | 'panel' | 'comm', string>): Row {
  return {
    reference,
    route: 'serious-incident',
    incidentOn: d.inc,
    laAwareOn: d.d,
    ageBands: 'under-1;1-4',
    laArea: 'Northshire (synthetic)',
    themes: 'domestic abuse;neglect',
    notifiedOn: d.not,
    rapidReviewMeetingOn: d.meet,
    rapidReviewDecidedOn: d.dec,
    rapidReviewLocalReview: 'yes',
    rapidReviewCriteria: 'improvements-needed;multi-agency-working',
    rapidReviewSubmittedOn: d.sub,
    rapidReviewLateReason: 'Agency returns came late (synthetic).',
    panelRespondedOn: d.panel,
    panelResponse: 'agreed',
    localReviewCommissionedOn: d.comm,
    reasons: REASONS,
  };
}

function kindC(reference: string, d: Record<'inc' | 'd' | 'not' | 'meet' | 'dec' | 'sub' | 'panel' | 'comm' | 'pub', string>): Row {
  return {
    reference,
    route: 'serious-incident',
    incidentOn: d.inc,
    laAwareOn: d.d,
    ageBands: '10-15',
    laArea: 'Northshire (synthetic)',
    notifiedOn: d.not,
    rapidReviewMeetingOn: d.meet,
    rapidReviewDecidedOn: d.dec,
    rapidReviewLocalReview: 'yes',
    rapidReviewCriteria: 'improvements-needed',
    rapidReviewSubmittedOn: d.sub,
    panelRespondedOn: d.panel,
    panelResponse: 'agreed',
    localReviewCommissionedOn: d.comm,
    publishedOn: d.pub,
    publishedAddress: ADDRESS,
    reasons: REASONS,
  };
}

function screenedReferral(
  reference: string,
  route: string,
  organisation: string,
  d: Record<'inc' | 'd' | 'screened', string>,
  outcome: string,
  ageBands = '16-17',
): Row {
  return {
    reference,
    route,
    incidentOn: d.inc,
    laAwareOn: d.d,
    ageBands,
    laArea: 'Northshire (synthetic)',
    referringOrganisationId: organisation,
    screenedOn: d.screened,
    screeningOutcome: outcome,
    reasons: REASONS,
  };
}

/** The 30 cases; the comment on each says where its events fall. */
export const CASE_LOG: Row[] = [
  // ---- opened in 2023 (1 April 2023 to 31 March 2024) ----
  // A1: A, closed. 2023: SIN on time, RR on time, Panel agreed (no local review).
  kindA(
    'OLD-A01',
    {
      inc: '2023-06-02',
      d: '2023-06-05',
      inf: '2023-06-07',
      not: '2023-06-09',
      meet: '2023-06-14',
      dec: '2023-06-15',
      sub: '2023-06-19',
      panel: '2023-07-03',
    },
    '2023-08-04',
  ),
  // A2: A, closed.
  kindA(
    'OLD-A02',
    {
      inc: '2023-09-08',
      d: '2023-09-11',
      inf: '2023-09-13',
      not: '2023-09-15',
      meet: '2023-09-20',
      dec: '2023-09-21',
      sub: '2023-09-25',
      panel: '2023-10-09',
    },
    '2023-11-10',
  ),
  // A3: B. 2023: SIN late (due 06-19), RR late (due 07-03), Panel agreed local review, commissioned; still in progress and overdue in both years.
  kindB('OLD-A03', {
    inc: '2023-06-09',
    d: '2023-06-12',
    not: '2023-06-21',
    meet: '2023-06-27',
    dec: '2023-06-28',
    sub: '2023-07-06',
    panel: '2023-07-17',
    comm: '2023-07-24',
  }),
  // A4: C, published 2023-11-15 (within 6 months).
  kindC('OLD-A04', {
    inc: '2023-06-16',
    d: '2023-06-19',
    not: '2023-06-23',
    meet: '2023-06-28',
    dec: '2023-06-29',
    sub: '2023-07-03',
    panel: '2023-07-17',
    comm: '2023-07-24',
    pub: '2023-11-15',
  }),
  // A5: C, commissioned 2023-11-06, published 2024-06-12 (in 2024, after 6 months); in progress but not overdue on 2024-03-31.
  kindC('OLD-A05', {
    inc: '2023-09-29',
    d: '2023-10-02',
    not: '2023-10-06',
    meet: '2023-10-11',
    dec: '2023-10-12',
    sub: '2023-10-16',
    panel: '2023-10-30',
    comm: '2023-11-06',
    pub: '2024-06-12',
  }),
  // A6, A7: referrals screened no further action; A8: alternative learning.
  screenedReferral(
    'OLD-A06',
    'referral',
    'north-school',
    { inc: '2023-08-25', d: '2023-09-04', screened: '2023-09-11' },
    'no-further-action',
  ),
  screenedReferral(
    'OLD-A07',
    'referral',
    'north-school',
    { inc: '2023-09-29', d: '2023-10-09', screened: '2023-10-16' },
    'no-further-action',
  ),
  screenedReferral(
    'OLD-A08',
    'referral',
    'north-police',
    { inc: '2023-10-06', d: '2023-10-16', screened: '2023-10-23' },
    'alternative-learning',
  ),
  // A9: referral screened notify 11-09; SIN 11-10 on time (due 11-13); RR submitted 11-20 on time (due 11-27); waiting for the Panel.
  {
    ...screenedReferral('OLD-A09', 'referral', 'north-school', { inc: '2023-11-01', d: '2023-11-06', screened: '2023-11-09' }, 'notify'),
    notifiedOn: '2023-11-10',
    rapidReviewMeetingOn: '2023-11-15',
    rapidReviewDecidedOn: '2023-11-16',
    rapidReviewLocalReview: 'no',
    rapidReviewSubmittedOn: '2023-11-20',
  },
  // A10: looked-after child's death, notified 07-06 (not a SIN), screened no further action.
  {
    ...screenedReferral(
      'OLD-A10',
      'looked-after-death',
      '',
      { inc: '2023-07-01', d: '2023-07-03', screened: '2023-07-10' },
      'no-further-action',
    ),
    notifiedOn: '2023-07-06',
  },
  // A11: out of area, still supporting.
  {
    reference: 'OLD-A11',
    route: 'out-of-area',
    incidentOn: '2023-07-07',
    laAwareOn: '2023-07-10',
    ageBands: '16-17',
    laArea: 'Southshire (synthetic)',
    leadPartnership: 'Southshire SCP (synthetic)',
  },
  // A12: SIN 2024-03-08 on time (due 03-11); RR due 2024-03-25, submitted 2024-04-04 (late, in 2024); Panel agreed 2024-04-22 (in 2024).
  {
    ...kindA('OLD-A12', {
      inc: '2024-03-01',
      d: '2024-03-04',
      inf: '',
      not: '2024-03-08',
      meet: '2024-03-13',
      dec: '2024-03-14',
      sub: '2024-04-04',
      panel: '2024-04-22',
    }),
    rapidReviewLateReason: 'Easter (synthetic).',
  },
  // A13: A, not closed (in its action plan).
  kindA('OLD-A13', {
    inc: '2023-09-15',
    d: '2023-09-18',
    inf: '2023-09-20',
    not: '2023-09-22',
    meet: '2023-09-27',
    dec: '2023-09-28',
    sub: '2023-10-02',
    panel: '2023-10-16',
  }),
  // A14: SIN on time (due 01-15); meeting held; the rapid review never finished (its clocks fell due long before the import).
  {
    reference: 'OLD-A14',
    route: 'serious-incident',
    incidentOn: '2024-01-05',
    laAwareOn: '2024-01-08',
    ageBands: '1-4',
    laArea: 'Northshire (synthetic)',
    notifiedOn: '2024-01-12',
    rapidReviewMeetingOn: '2024-01-17',
  },
  // A15: youth justice incident screened refer elsewhere.
  screenedReferral(
    'OLD-A15',
    'youth-justice-incident',
    'north-yjs',
    { inc: '2023-11-10', d: '2023-11-13', screened: '2023-11-20' },
    'refer-elsewhere',
  ),

  // ---- opened in 2024 (1 April 2024 to 31 March 2025) ----
  kindA(
    'OLD-B01',
    {
      inc: '2024-05-31',
      d: '2024-06-03',
      inf: '2024-06-05',
      not: '2024-06-07',
      meet: '2024-06-12',
      dec: '2024-06-13',
      sub: '2024-06-17',
      panel: '2024-07-01',
    },
    '2024-08-02',
  ),
  kindA(
    'OLD-B02',
    {
      inc: '2024-08-30',
      d: '2024-09-02',
      inf: '2024-09-04',
      not: '2024-09-06',
      meet: '2024-09-11',
      dec: '2024-09-12',
      sub: '2024-09-16',
      panel: '2024-09-30',
    },
    '2024-11-01',
  ),
  // B3: B, overdue on 2025-03-31 (6 months from July 2024).
  kindB('OLD-B03', {
    inc: '2024-06-07',
    d: '2024-06-10',
    not: '2024-06-19',
    meet: '2024-06-25',
    dec: '2024-06-26',
    sub: '2024-07-04',
    panel: '2024-07-15',
    comm: '2024-07-22',
  }),
  // B4: B, in progress, not overdue on 2025-03-31 (6 months from November/December 2024).
  kindB('OLD-B04', {
    inc: '2024-11-01',
    d: '2024-11-04',
    not: '2024-11-13',
    meet: '2024-11-19',
    dec: '2024-11-20',
    sub: '2024-11-28',
    panel: '2024-12-09',
    comm: '2024-12-16',
  }),
  // B5: C, published 2025-02-12 (within 6 months of September/October 2024).
  kindC('OLD-B05', {
    inc: '2024-09-06',
    d: '2024-09-09',
    not: '2024-09-13',
    meet: '2024-09-18',
    dec: '2024-09-19',
    sub: '2024-09-23',
    panel: '2024-10-07',
    comm: '2024-10-14',
    pub: '2025-02-12',
  }),
  screenedReferral(
    'OLD-B06',
    'referral',
    'north-school',
    { inc: '2024-08-30', d: '2024-09-09', screened: '2024-09-16' },
    'no-further-action',
  ),
  screenedReferral(
    'OLD-B07',
    'referral',
    'north-police',
    { inc: '2024-09-27', d: '2024-10-07', screened: '2024-10-14' },
    'alternative-learning',
  ),
  screenedReferral(
    'OLD-B08',
    'referral',
    'north-charity',
    { inc: '2024-10-04', d: '2024-10-14', screened: '2024-10-21' },
    'alternative-learning',
  ),
  // B9: referral screened notify; SIN 11-15 on time (due 11-18); RR 11-25 on time (due 12-02); waiting for the Panel.
  {
    ...screenedReferral('OLD-B09', 'referral', 'north-school', { inc: '2024-11-08', d: '2024-11-11', screened: '2024-11-14' }, 'notify'),
    notifiedOn: '2024-11-15',
    rapidReviewMeetingOn: '2024-11-20',
    rapidReviewDecidedOn: '2024-11-21',
    rapidReviewLocalReview: 'no',
    rapidReviewSubmittedOn: '2024-11-25',
  },
  // B10: care leaver's death, notified, screened no further action.
  {
    ...screenedReferral(
      'OLD-B10',
      'care-leaver-death',
      '',
      { inc: '2024-06-29', d: '2024-07-01', screened: '2024-07-08' },
      'no-further-action',
      '18-24',
    ),
    notifiedOn: '2024-07-04',
  },
  {
    reference: 'OLD-B11',
    route: 'out-of-area',
    incidentOn: '2024-07-05',
    laAwareOn: '2024-07-08',
    ageBands: '10-15',
    laArea: 'Southshire (synthetic)',
    leadPartnership: 'Southshire SCP (synthetic)',
  },
  {
    reference: 'OLD-B12',
    route: 'national-review',
    incidentOn: '2024-07-10',
    laAwareOn: '2024-07-15',
    ageBands: '5-9',
    laArea: 'Northshire (synthetic)',
  },
  kindA('OLD-B13', {
    inc: '2024-09-13',
    d: '2024-09-16',
    inf: '2024-09-18',
    not: '2024-09-20',
    meet: '2024-09-25',
    dec: '2024-09-26',
    sub: '2024-09-30',
    panel: '2024-10-14',
  }),
  // B14: as A, but the Panel chose a national review on 2024-11-04.
  {
    ...kindA('OLD-B14', {
      inc: '2024-10-04',
      d: '2024-10-07',
      inf: '2024-10-09',
      not: '2024-10-11',
      meet: '2024-10-16',
      dec: '2024-10-17',
      sub: '2024-10-21',
      panel: '2024-11-04',
    }),
    panelResponse: 'national-review',
  },
  // B15: referral screened local rapid review (no SIN); RR 01-20 on time (due 01-27), its own decision: no local review.
  {
    ...screenedReferral(
      'OLD-B15',
      'referral',
      'north-school',
      { inc: '2025-01-03', d: '2025-01-06', screened: '2025-01-09' },
      'local-rapid-review',
    ),
    rapidReviewMeetingOn: '2025-01-14',
    rapidReviewDecidedOn: '2025-01-15',
    rapidReviewLocalReview: 'no',
    rapidReviewSubmittedOn: '2025-01-20',
  },
];

/** A CSV cell as Excel writes it: quoted only when it has to be. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The rows as a CSV file in the template's columns (with a BOM and CRLF, as Excel saves "CSV UTF-8"). */
export function caseLogCsv(rows: readonly Row[], options: { bom?: boolean } = {}): string {
  const lines = [IMPORT_COLUMNS.join(','), ...rows.map((row) => IMPORT_COLUMNS.map((column) => cell(row[column] ?? '')).join(','))];
  return `${options.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
