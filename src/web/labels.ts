import { CLOCK_RULES } from '../calendar/clock-rules.js';
import type { Role } from '../access/roles.js';
import type { EventType } from '../../workflows/case-events.schema.js';
import { ROUTE_RULES, type Route } from '../../workflows/statutory-routes.js';
import { HAPPENED_ON_FIELDS } from '../../workflows/case-rules.js';

/**
 * The words people see. Codes (`rapid-review.decided`, `signingOff`, `due-soon`) never reach a
 * page without going through one of these.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `improvements-needed` → `Improvements needed`; `signingOff` → `Signing off`. */
export function humanise(code: string): string {
  const words = code
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A calendar date as GOV.UK writes it.
 * @example formatDate('2025-03-10') //=> '10 March 2025'
 */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${Number(match[3])} ${MONTHS[Number(match[2]) - 1] ?? ''} ${match[1]}`;
}

const INSTANT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** An instant in England's time: `3 March 2025 at 10:00am`. */
export function formatInstant(at: string | Date | null | undefined): string {
  if (!at) return '';
  const date = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return '';
  const parts = Object.fromEntries(INSTANT.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts['day']} ${parts['month']} ${parts['year']} at ${parts['hour']}:${parts['minute']}${(parts['dayPeriod'] ?? '').toLowerCase()}`;
}

export const ROLE_LABELS: Record<Role, string> = {
  chair: 'Independent chair',
  'business-unit': 'Business unit',
  'partner-lead': 'Safeguarding partner lead',
  agency: 'Partner agency',
  reviewer: 'Independent reviewer',
  viewer: 'Viewer',
  admin: 'Administrator',
};

/** A child's age band as the forms and the case page write it. */
export const AGE_BAND_LABELS: Record<string, string> = {
  unborn: 'Unborn',
  'under-1': 'Under 1',
  '1-4': '1 to 4',
  '5-9': '5 to 9',
  '10-15': '10 to 15',
  '16-17': '16 to 17',
  '18-24': '18 to 24 (care leavers)',
};

export const PARTNER_LABELS: Record<string, string> = {
  'local-authority': 'Local authority',
  police: 'Police',
  health: 'Health (Integrated Care Board)',
};

export function routeLabel(route: string): string {
  return ROUTE_RULES[route as Route]?.title ?? humanise(route);
}

const STAGE_LABELS: Record<string, string> = {
  opening: 'Opening',
  screening: 'Screening',
  notification: 'Notification',
  rapidReview: 'Rapid review',
  panelResponse: 'Panel response',
  localReview: 'Local review',
  publication: 'Publication',
  actionPlan: 'Action plan monitoring',
  closed: 'Closed',
  supporting: 'Supporting another partnership',
  nationalReview: 'National review',
  alternativeLearning: 'Alternative learning',
};

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? humanise(stage);
}

/** `rapidReview.signingOff` → `Rapid review: signing off`. */
export function stateLabel(state: string | null | undefined): string {
  if (!state) return '';
  const [stage, ...rest] = state.split('.');
  const tail = rest.map((part) => humanise(part).toLowerCase()).join(', ');
  return tail ? `${stageLabel(stage!)}: ${tail}` : stageLabel(stage!);
}

/** What a form for each event is called (an instruction). */
export const EVENT_ACTIONS: Record<EventType, string> = {
  'referral.screened': 'Record the screening decision',
  'sin.submitted': 'Record the serious incident notification',
  'partners.informed': 'Record that the safeguarding partners were told',
  'partners-informed.waived': 'Waive telling the safeguarding partners (with reasons)',
  'safety-action.recorded': 'Record an immediate safety action',
  'panel.information-requested': 'Record the Panel’s request for more information',
  'panel.information-sent': 'Record the information sent to the Panel',
  'learning.disseminated': 'Record how the learning was spread',
  'repository.submitted': 'Record the report sent to the NSPCC repository',
  'sin.withdrawn': 'Withdraw the notification',
  'agency-information.requested': 'Ask agencies for information',
  'agency-information.returned': 'Record an agency information return',
  'rapid-review.meeting-held': 'Record the rapid review meeting',
  'rapid-review.decided': 'Record the rapid review decision',
  'rapid-review.signed-off': 'Sign off the rapid review',
  'rapid-review.submitted': 'Record the rapid review sent to the Panel',
  'panel.responded': 'Record the Panel’s response',
  'local-review.commissioned': 'Commission a local review',
  'reviewer.appointed': 'Appoint the independent reviewer',
  'terms-of-reference.agreed': 'Record that the terms of reference are agreed',
  'local-review.monitored': 'Record a monitoring check of the local review',
  'local-review.paused': 'Pause the local review',
  'local-review.resumed': 'Resume the local review',
  'draft.received': 'Record the draft report received',
  'draft.quality-assured': 'Record the draft report quality assured',
  'local-review.signed-off': 'Sign off the local review',
  'publication.decided': 'Decide how the report is published',
  'publication.notice-sent': 'Record the final report sent before publication',
  'publication.deferred': 'Defer publication',
  'report.published': 'Record the report published',
  'learning.completed': 'Confirm the learning has been spread',
  'action-plan.completed': 'Confirm the action plan is complete',
  'case.closed': 'Close the case',
  'clock.extended': 'Revise a deadline',
  'deadline.passed': 'Record a deadline passed',
  'edition.migrated': 'Move the case to a new edition of the guidance',
};

/** What happened, for the timeline. */
const EVENT_HAPPENED: Partial<Record<string, string>> = {
  'case.opened': 'Case opened',
  'referral.screened': 'Referral screened',
  'sin.submitted': 'Notification submitted',
  'partners.informed': 'Safeguarding partners told',
  'partners-informed.waived': 'Telling the safeguarding partners waived',
  'safety-action.recorded': 'Immediate safety action recorded',
  'panel.information-requested': 'Panel asked for more information',
  'panel.information-sent': 'Information sent to the Panel',
  'learning.disseminated': 'Learning spread',
  'repository.submitted': 'Report sent to the NSPCC repository',
  'sin.withdrawn': 'Notification withdrawn',
  'agency-information.requested': 'Information requested from agencies',
  'agency-information.returned': 'Agency information returned',
  'rapid-review.meeting-held': 'Rapid review meeting held',
  'rapid-review.decided': 'Rapid review decision recorded',
  'rapid-review.signed-off': 'Rapid review signed off',
  'rapid-review.submitted': 'Rapid review sent to the Panel',
  'panel.responded': 'Panel responded',
  'local-review.commissioned': 'Local review commissioned',
  'reviewer.appointed': 'Reviewer appointed',
  'terms-of-reference.agreed': 'Terms of reference agreed',
  'local-review.monitored': 'Local review monitored',
  'local-review.paused': 'Local review paused',
  'local-review.resumed': 'Local review resumed',
  'draft.received': 'Draft report received',
  'draft.quality-assured': 'Draft report quality assured',
  'local-review.signed-off': 'Local review signed off',
  'publication.decided': 'Publication decided',
  'publication.notice-sent': 'Final report sent before publication',
  'publication.deferred': 'Publication deferred',
  'report.published': 'Report published',
  'learning.completed': 'Learning confirmed as spread',
  'action-plan.completed': 'Action plan complete',
  'case.closed': 'Case closed',
  'clock.extended': 'Deadline revised',
  'deadline.passed': 'Deadline passed',
  'edition.migrated': 'Moved to a new edition of the guidance',
  'machine.migrated': 'Workflow version updated',
};

export function eventHappened(type: string): string {
  return EVENT_HAPPENED[type] ?? humanise(type);
}

export const FIELD_LABELS: Record<string, string> = {
  outcome: 'Outcome',
  reasons: 'Reasons',
  learningType: 'Type of alternative learning',
  process: 'Which process it goes to',
  submittedOn: 'Date submitted',
  screenedOn: 'Date screened',
  withdrawnOn: 'Date withdrawn',
  requestedOn: 'Date requested',
  decidedOn: 'Date decided',
  meetingId: 'The meeting the decision was taken at',
  signedOffOn: 'Date signed off',
  respondedOn: 'Date the Panel responded',
  agreedOn: 'Date agreed',
  monitoredOn: 'Date monitored',
  pausedOn: 'Date paused',
  resumedOn: 'Date resumed',
  receivedOn: 'Date received',
  assuredOn: 'Date quality-assured',
  deferredOn: 'Date deferred',
  completedOn: 'Date completed',
  closedOn: 'Date closed',
  lateReason: 'Reason for any delay',
  informedOn: 'Date the partners were told',
  agencies: 'Agencies',
  dueOn: 'Date the information is due',
  agency: 'Agency',
  returnedOn: 'Date returned',
  heldOn: 'Date of the meeting',
  localReview: 'Is a local child safeguarding practice review appropriate?',
  nationalReviewSuggested: 'Might the case suit a national review?',
  criteriaMet: 'Criteria for a local review that are met',
  partner: 'Signing off for',
  response: 'The Panel’s response',
  comments: 'The Panel’s comments',
  commissionedOn: 'Date commissioned',
  reviewerId: 'Independent reviewer',
  notes: 'Notes',
  expectedEndOn: 'Expected end of the other process',
  form: 'What is published',
  plannedOn: 'Planned publication date',
  recipients: 'Sent to',
  sentOn: 'Date sent',
  reviewOn: 'Date to review the deferral',
  publishedOn: 'Date published',
  address: 'Web address of the published report',
  clockId: 'Deadline',
  newDueOn: 'New due date',
  toEdition: 'Edition of the guidance',
  abuseOrNeglect: 'Abuse or neglect',
  waivedOn: 'Date waived',
  action: 'Immediate safety action',
  takenOn: 'Date taken',
  organisationId: 'Organisation that took it',
  otherReview: 'Learning taken forward through another review',
  answeredOn: 'Date the information was sent',
  clockStartsOn: 'Later start of the 6-month deadline',
  clockStartReasons: 'Reasons for the later start',
  kind: 'How the learning was spread',
  disseminatedOn: 'Date',
  audience: 'Audience',
  reach: 'Number of people reached',
};

export function fieldLabel(name: string): string {
  return FIELD_LABELS[name] ?? humanise(name);
}

export const FIELD_HINTS: Record<string, string> = {
  lateReason: 'Only if the deadline was missed. The reason stays on the record with the breach.',
  reasons: 'Say why, against the criteria. Do not include names.',
  dueOn: 'Leave blank to use the partnership’s default for agency returns.',
  returnedOn: 'Leave blank for today.',
  // The day each step happened (issue 12): it may be earlier than today, never later.
  ...Object.fromEntries(HAPPENED_ON_FIELDS.map((name) => [name, 'The day it happened, if not today. Leave blank for today.'])),
  localReview: 'Against the criteria in the regulations (SI 2018/789, regulation 11).',
  comments: 'A summary; no names.',
  notes: 'Time and quality of the review against its terms of reference.',
  address: 'For example, https://scp.example.org/reviews/child-a',
  abuseOrNeglect:
    'What screening found. A notified case with abuse or neglect known or suspected has a rapid review unless the notification is withdrawn.',
  otherReview: 'Only when the learning is taken forward through another review instead of a local child safeguarding practice review.',
  clockStartsOn: 'The 6-month deadline starts on the day the review was decided. Give a later day only with reasons.',
  waivedOn: 'The day it was waived, if not today. Leave blank for today.',
  takenOn: 'The day the action was taken.',
  action: 'What was done to keep children safe. Do not include names.',
  audience: 'For example, designated safeguarding leads in schools.',
};

/** Error messages for required event fields whose generic message would read badly. */
export const REQUIRED_MESSAGES: Record<string, string> = {
  localReview: 'Select yes if a local child safeguarding practice review is appropriate',
  nationalReviewSuggested: 'Select yes if the case might suit a national review',
  outcome: 'Select the outcome of the screening',
  learningType: 'Select the type of alternative learning',
  process: 'Select which process it goes to',
  response: 'Select the Panel’s response',
  agencies: 'Select at least one agency',
  agency: 'Select the agency that returned its information',
  recipients: 'Select who the final report was sent to',
  criteriaMet: 'Select the criteria that are met',
  reviewerId: 'Select the independent reviewer',
  clockId: 'Select the deadline to revise',
};

const VALUE_LABELS: Record<string, string> = {
  panel: 'The National Panel',
  'secretary-of-state': 'The Secretary of State',
  ofsted: 'Ofsted',
  nspcc: 'NSPCC national case review repository',
  'safeguarding-partners': 'The safeguarding partners',
  notify: 'Notify as a serious incident',
  'local-rapid-review': 'Hold a local rapid review without a notification',
  'alternative-learning': 'Alternative learning',
  'refer-elsewhere': 'Refer to another statutory process',
  'no-further-action': 'No further action',
  'wt-2018': 'Working Together 2018',
  'wt-2023': 'Working Together 2023',
  full: 'The full report',
  'improvements-only': 'Information about the improvements only',
  agreed: 'Agreed',
  known: 'Known',
  suspected: 'Suspected',
  'not-suspected': 'Not suspected',
  'seven-minute-briefing': '7-minute briefing',
  'learning-event': 'Learning event',
  training: 'Training',
  newsletter: 'Newsletter',
  conference: 'Conference',
  'domestic-homicide-review': 'Domestic homicide review',
  'safeguarding-adult-review': 'Safeguarding adult review',
  'child-death-review': 'Child death review',
  other: 'Other',
  challenged: 'Challenged (revise and resubmit)',
  'national-review': 'Selected for a national review',
  // The criteria for a local review (LOCAL_REVIEW_CRITERIA), in the words of Working Together.
  'improvements-needed': 'It highlights or may highlight improvements needed to safeguard and promote the welfare of children',
  'recurrent-themes': 'It highlights or may highlight recurrent themes in safeguarding and promoting the welfare of children',
  'multi-agency-working': 'It highlights or may highlight concerns about organisations or agencies working together effectively',
  'panel-considers-local-review-appropriate': 'The Panel has considered the case and concluded a local review may be more appropriate',
  'single-agency-concern': 'The concerns are about a single agency',
  'no-agency-involvement': 'No agency was involved with the child or family',
  'cross-boundary': 'The case crosses the boundaries of more than one partnership',
  'institutional-setting': 'The incident happened in an institutional setting',
  ...PARTNER_LABELS,
  ...Object.fromEntries(CLOCK_RULES.map((rule) => [rule.id, rule.title])),
};

/** The label of one value of an enumerated field. */
export function valueLabel(value: string): string {
  return VALUE_LABELS[value] ?? humanise(value);
}

const CLOCK_TITLES = new Map(CLOCK_RULES.map((rule) => [rule.id as string, rule.title]));

export function clockTitle(clockId: string): string {
  return CLOCK_TITLES.get(clockId) ?? humanise(clockId);
}

/** The GOV.UK tag of a clock status; colours chosen so the word, not the colour, carries meaning. */
export function clockStatusTag(status: string): { text: string; classes: string } {
  switch (status) {
    case 'overdue':
      return { text: 'Overdue', classes: 'govuk-tag--red' };
    case 'due-soon':
      return { text: 'Due soon', classes: 'govuk-tag--orange' };
    case 'pending':
      return { text: 'Not yet due', classes: 'govuk-tag--blue' };
    case 'met':
      return { text: 'Met', classes: 'govuk-tag--green' };
    case 'breached':
      return { text: 'Met late', classes: 'govuk-tag--pink' };
    case 'lapsed':
      return { text: 'Lapsed', classes: 'govuk-tag--grey' };
    case 'awaited':
      return { text: 'Awaited from the Panel', classes: 'govuk-tag--yellow' };
    default:
      return { text: humanise(status), classes: 'govuk-tag--grey' };
  }
}

/** `3 working days left`, `Due today`, `2 working days overdue`. */
export function workingDaysText(left: number | null | undefined): string {
  if (left === null || left === undefined) return '';
  if (left === 0) return 'Due today';
  if (left > 0) return `${left} working ${left === 1 ? 'day' : 'days'} left`;
  return `${-left} working ${left === -1 ? 'day' : 'days'} overdue`;
}

/** The GOV.UK tag of a RAG rating. */
export function ragTag(rag: string | null | undefined): { text: string; classes: string } {
  switch (rag) {
    case 'red':
      return { text: 'Red', classes: 'govuk-tag--red' };
    case 'amber':
      return { text: 'Amber', classes: 'govuk-tag--orange' };
    case 'green':
      return { text: 'Green', classes: 'govuk-tag--green' };
    case 'complete':
      return { text: 'Complete', classes: 'govuk-tag--blue' };
    default:
      return { text: rag ? humanise(rag) : 'Not rated', classes: 'govuk-tag--grey' };
  }
}
