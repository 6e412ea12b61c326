import type { CaseContext } from '../../workflows/case-context.js';
import type { CaseData } from '../cases/case.record.js';
import { AGE_BAND_LABELS, formatDate, PARTNER_LABELS, routeLabel, valueLabel } from '../web/labels.js';
import type { AgencyContribution } from './agency-contributions.port.js';

/**
 * The rapid review report as the National Panel asks for it, built from the record (pure: the
 * caller reads the case, the contributions and the business unit's own text). Never a child's
 * name: children are described by age band, sex and legal status only.
 */
export interface ReportSection {
  heading: string;
  paragraphs: string[];
}

export interface ReportInput {
  reference: string;
  partnershipName: string;
  version: number;
  generatedOn: string;
  caseData: CaseData;
  context: Pick<CaseContext, 'route' | 'rapidReview' | 'agencyRequests'>;
  contributions: AgencyContribution[];
  /** Where the contributions came from: the agencies' returns, or only the case's record of them. */
  contributionsFromReturns: boolean;
  text: { analysis: string; immediateSafetyActions: string; learning: string };
  meeting: { heldOn: string; attendees: string[] } | null;
}

export interface ReportContent {
  title: string;
  subtitle: string;
  sections: ReportSection[];
}

function childLine(child: CaseData['children'][number], index: number): string {
  const age = child.ageBand ? (AGE_BAND_LABELS[child.ageBand] ?? child.ageBand) : `${child.ageYears} years`;
  const parts = [`Child ${index + 1}: age ${age}`, `sex ${valueLabel(child.sex).toLowerCase()}`];
  if (child.legalStatus.length > 0)
    parts.push(`legal status ${child.legalStatus.map((status) => valueLabel(status).toLowerCase()).join(', ')}`);
  if (child.disability) parts.push(`disability ${child.disability}`);
  if (child.ethnicity) parts.push(`ethnicity ${child.ethnicity}`);
  return `${parts.join('; ')}.`;
}

const orNone = (text: string, none: string) => (text.trim() ? text.trim().split(/\n{2,}/) : [none]);

/** @example buildReportContent(input).sections.map((s) => s.heading) //=> ['The incident and the children', …] */
export function buildReportContent(input: ReportInput): ReportContent {
  const { caseData, context } = input;
  const decision = context.rapidReview.decision;
  const incident = [
    `Route: ${routeLabel(context.route)}.`,
    `The incident happened on ${formatDate(caseData.incidentOn)} in ${caseData.laArea}${caseData.residentLaArea ? ` (the child normally lives in ${caseData.residentLaArea})` : ''}; the local authority became aware on ${formatDate(caseData.laAwareOn)}.`,
    ...(caseData.summary ? [caseData.summary] : []),
    ...caseData.children.map(childLine),
    ...(caseData.themes.length > 0 ? [`Themes: ${caseData.themes.join(', ')}.`] : []),
  ];
  const agencies = input.contributions.length
    ? input.contributions.map((contribution) => `${contribution.organisationName}: ${contribution.summary}`)
    : ['No agency information has been recorded.'];
  if (!input.contributionsFromReturns && input.contributions.length)
    agencies.push("(The agencies' written summaries are not yet recorded in the system; the list shows who was asked and who answered.)");
  const decisionParagraphs = decision
    ? [
        decision.localReview
          ? 'Decision: a local child safeguarding practice review will be held.'
          : 'Decision: a local child safeguarding practice review is not required.',
        `Criteria for a local review met (Working Together; SI 2018/789 reg 11): ${decision.criteriaMet.length ? decision.criteriaMet.map((criterion) => valueLabel(criterion)).join('; ') : 'none'}.`,
        `Reasons: ${decision.reasons}`,
        `National review: ${decision.nationalReviewSuggested ? 'the partners suggest the Panel consider this case for a national review' : 'not suggested'}.`,
      ]
    : ['No decision has been recorded yet.'];
  const meeting = input.meeting
    ? [
        `The rapid review meeting was held on ${formatDate(input.meeting.heldOn)}.`,
        ...(input.meeting.attendees.length ? [`Attended by: ${input.meeting.attendees.join('; ')}.`] : []),
      ]
    : context.rapidReview.meetings.length
      ? [`The rapid review meeting was held on ${formatDate(context.rapidReview.meetings.at(-1)!.heldOn)}.`]
      : ['No rapid review meeting has been recorded.'];
  return {
    title: `Rapid review: ${input.reference}`,
    subtitle: `${input.partnershipName}. Version ${input.version}, generated on ${formatDate(input.generatedOn)}.`,
    sections: [
      { heading: 'The incident and the children', paragraphs: incident },
      { heading: "Agencies' involvement", paragraphs: agencies },
      { heading: 'The rapid review meeting', paragraphs: meeting },
      { heading: 'Analysis', paragraphs: orNone(input.text.analysis, 'No analysis recorded.') },
      { heading: 'Decision against the criteria for a local review', paragraphs: decisionParagraphs },
      { heading: 'Immediate safety actions', paragraphs: orNone(input.text.immediateSafetyActions, 'None recorded.') },
      { heading: 'Learning identified', paragraphs: orNone(input.text.learning, 'None recorded.') },
      {
        heading: 'Sign-off',
        paragraphs: [`To be signed off by the three safeguarding partners: ${Object.values(PARTNER_LABELS).join('; ')}.`],
      },
    ],
  };
}
