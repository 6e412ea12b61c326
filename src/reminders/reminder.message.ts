import { format, parseISO } from 'date-fns';
import type { CalendarDate } from '../calendar/calendar-date.js';
import type { ReminderCandidate } from './reminder.types.js';

/**
 * What a reminder says, by e-mail and by webhook. Only the reference, the clock, the due date and a
 * link: never a child's details, never free text typed into a case (DOMAIN.md, data minimisation).
 */

export type ReminderContent = Pick<
  ReminderCandidate,
  'kind' | 'partnershipId' | 'subjectId' | 'caseId' | 'reference' | 'clockId' | 'title' | 'dueOn' | 'threshold' | 'statutory'
>;

/** @example longDate('2025-03-10') //=> 'Monday 10 March 2025' */
export function longDate(date: CalendarDate): string {
  return format(parseISO(date), 'EEEE d MMMM yyyy');
}

/** The address a reminder links to: the case, or the action. */
export function reminderLink(baseUrl: string, reminder: Pick<ReminderContent, 'kind' | 'subjectId'>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const id = encodeURIComponent(reminder.subjectId);
  return reminder.kind === 'case-clock' ? `${base}/api/cases/${id}` : `${base}/api/actions/${id}`;
}

/**
 * The e-mail's subject and plain-text body.
 * @example composeReminderEmail({ reference: 'NTH-2025-0001', title: 'Rapid review sent to the Panel', dueOn: '2025-03-24', threshold: 'due-soon', … }, link).subject
 * //=> 'Due soon: NTH-2025-0001 - Rapid review sent to the Panel (due 24 Mar 2025)'
 */
export function composeReminderEmail(reminder: ReminderContent, link: string): { subject: string; text: string } {
  const what = reminder.threshold === 'overdue' ? 'Overdue' : 'Due soon';
  const short = format(parseISO(reminder.dueOn), 'd MMM yyyy');
  // ASCII only, so the subject needs no encoded words in any mail client.
  const subject = `${what}: ${reminder.reference} - ${reminder.title} (due ${short})`;
  const label = reminder.kind === 'case-clock' ? 'Case' : 'Action';
  const clockKind = reminder.kind === 'action' ? 'learning action' : reminder.statutory ? 'statutory clock' : 'clock';
  const state = reminder.threshold === 'overdue' ? `This ${clockKind} is overdue: it has not been met.` : `This ${clockKind} is due soon.`;
  const text = [
    `${label}: ${reminder.reference}`,
    `Clock: ${reminder.title}`,
    `Due: ${longDate(reminder.dueOn)} (${reminder.dueOn})`,
    '',
    state,
    '',
    `Open it: ${link}`,
    '',
    'An automatic reminder from the safeguarding review engine.',
    'It holds no details of any child: sign in to see the record.',
    '',
  ].join('\n');
  return { subject, text };
}

/** The webhook's JSON body. `id` is stable for a reminder: receivers deduplicate on it. */
export function webhookPayload(id: string, reminder: ReminderContent, link: string) {
  return {
    id,
    type: `reminder.${reminder.threshold}`,
    partnershipId: reminder.partnershipId,
    subject: { kind: reminder.kind, id: reminder.subjectId, caseId: reminder.caseId },
    reference: reminder.reference,
    clockId: reminder.clockId,
    clockTitle: reminder.title,
    statutory: reminder.statutory,
    dueOn: reminder.dueOn,
    threshold: reminder.threshold,
    link,
  };
}
