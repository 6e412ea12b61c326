import { longDate } from '../reminders/reminder.message.js';
import type { MessageEntry } from './message.model.js';

/**
 * What each message says. Every e-mail carries the case reference and a link, never a child's
 * details or text typed into a case (DOMAIN.md, data minimisation): the reader signs in to see more.
 * Pure: the same entry always gives the same words.
 */

const PARTNER_REASONS: Record<string, string> = {
  'serious-incident-opened': 'A serious incident has been opened. The safeguarding partners are to be told.',
  'sin-withdrawn': 'The serious incident notification has been withdrawn.',
  'panel-challenge': 'The Child Safeguarding Practice Review Panel has challenged the rapid review decision.',
  'national-review': 'The Panel has decided on a national review.',
};

const NOTICE_TITLES: Record<string, string> = {
  'notice-panel': 'Tell the Child Safeguarding Practice Review Panel',
  'notice-secretary-of-state': 'Tell the Secretary of State',
  'notice-ofsted': 'Tell Ofsted',
  'notice-nspcc': 'Send the published report to the NSPCC library',
};

const NOTICE_REASONS: Record<string, string> = {
  'full-report-not-published': 'the full report is not to be published',
  'lcspr-paused-past-due-date': 'the local review is paused past its due date',
  'publication-deferred': 'publication is deferred',
  'lcspr-delayed': 'the local review is delayed',
};

/** The address an e-mail links to. */
export function messageLink(baseUrl: string, entry: Pick<MessageEntry, 'template' | 'caseId' | 'params'>): string {
  const base = baseUrl.replace(/\/+$/, '');
  const requestId = entry.params['requestId'];
  if (requestId && (entry.template === 'agency-asked' || entry.template.startsWith('request-chase-')))
    return `${base}/information/requests/${encodeURIComponent(requestId)}`;
  if (entry.template === 'return-arrived') return `${base}/cases/${encodeURIComponent(entry.caseId)}/information`;
  return `${base}/cases/${encodeURIComponent(entry.caseId)}`;
}

/** The one-line title of a message (the case page's list, the subject's core). */
export function messageTitle(entry: Pick<MessageEntry, 'template' | 'params'>): string {
  switch (entry.template) {
    case 'partners-told':
      return 'Safeguarding partners told';
    case 'agency-asked':
      return 'Information requested from an agency';
    case 'reviewer-appointed':
      return 'Reviewer appointed';
    case 'return-arrived':
      return 'Agency information returned';
    case 'request-chase-due-soon':
      return 'Information request due soon';
    case 'request-chase-overdue':
      return 'Information request overdue';
    default: {
      const title = NOTICE_TITLES[entry.template] ?? entry.template;
      const reason = entry.params['reason'] ? NOTICE_REASONS[entry.params['reason']] : undefined;
      return reason ? `${title}: ${reason}` : title;
    }
  }
}

function dueLine(params: Record<string, string>): string[] {
  const dueOn = params['dueOn'];
  return dueOn ? [`Due: ${longDate(dueOn)} (${dueOn})`] : [];
}

/**
 * The subject and plain-text body of an e-mail entry (ASCII subject, as the reminders').
 * @example composeMessage({ template: 'agency-asked', reference: 'NTH-2025-0001', params: { dueOn: '2025-03-17', requestId: 'ir-1' }, … }, link).subject
 * //=> 'Information requested: NTH-2025-0001 (due 17 Mar 2025)'
 */
export function composeMessage(
  entry: Pick<MessageEntry, 'template' | 'reference' | 'params'>,
  link: string,
): { subject: string; text: string } {
  const { params, reference } = entry;
  const shortDue = params['dueOn'] ? ` (due ${shortDate(params['dueOn'])})` : '';
  let subject: string;
  let lines: string[];
  switch (entry.template) {
    case 'partners-told':
      subject = `Safeguarding partners: ${reference}`;
      lines = [
        PARTNER_REASONS[params['reason'] ?? ''] ?? 'There is news on a case the safeguarding partners are to be told of.',
        ...(params['sinDueOn'] ? [`The notification to the Panel is due ${longDate(params['sinDueOn'])}.`] : []),
      ];
      break;
    case 'agency-asked':
      subject = `Information requested: ${reference}${shortDue}`;
      lines = [
        'Your organisation is asked for information for a safeguarding review.',
        ...dueLine(params),
        'Open the request to see what is asked, save a draft and submit your return.',
      ];
      break;
    case 'request-chase-due-soon':
      subject = `Due soon: information request ${reference}${shortDue}`;
      lines = ['Your organisation has not yet submitted its return to this information request.', ...dueLine(params)];
      break;
    case 'request-chase-overdue':
      subject = `Overdue: information request ${reference}${shortDue}`;
      lines = ["Your organisation's return to this information request is overdue.", ...dueLine(params)];
      break;
    case 'reviewer-appointed':
      subject = `You are appointed reviewer: ${reference}`;
      lines = ['You have been appointed as the reviewer of a local child safeguarding practice review.'];
      break;
    case 'return-arrived':
      subject = `Information returned: ${reference}`;
      lines = [
        `An agency has submitted its return${params['version'] && params['version'] !== '1' ? ` (version ${params['version']})` : ''}.`,
        'See all returns of the case side by side, and what is still missing.',
      ];
      break;
    default:
      subject = `${messageTitle(entry)}: ${reference}`;
      lines = [];
  }
  const text = [
    `Case: ${reference}`,
    '',
    ...lines,
    '',
    `Open it: ${link}`,
    '',
    'An automatic message from the safeguarding review engine.',
    'It holds no details of any child: sign in to see the record.',
    '',
  ].join('\n');
  return { subject, text };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** @example shortDate('2025-03-17') //=> '17 Mar 2025' */
export function shortDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(day)} ${MONTHS[Number(month) - 1]} ${year}`;
}
