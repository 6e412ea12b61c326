import { describe, expect, it } from 'vitest';
import { mailErrorCode } from '../../../src/reminders/reminder.mailer.js';
import {
  composeReminderEmail,
  longDate,
  reminderLink,
  type ReminderContent,
  webhookPayload,
} from '../../../src/reminders/reminder.message.js';

const sinDueSoon: ReminderContent = {
  kind: 'case-clock',
  partnershipId: 'north',
  subjectId: 'ab12',
  caseId: 'ab12',
  reference: 'NTH-2025-0001',
  clockId: 'sin-notification',
  title: 'Serious incident notification submitted to the Panel',
  dueOn: '2025-03-10',
  threshold: 'due-soon',
  statutory: true,
};

describe('longDate', () => {
  it.each([
    ['2025-03-10', 'Monday 10 March 2025'],
    ['2024-02-29', 'Thursday 29 February 2024'],
    ['2025-12-25', 'Thursday 25 December 2025'],
  ])('%s is %s', (date, expected) => {
    expect(longDate(date)).toBe(expected);
  });
});

describe('reminderLink', () => {
  it('points at the case or the action, with or without a trailing slash on the base', () => {
    expect(reminderLink('https://scp.example.org/', sinDueSoon)).toBe('https://scp.example.org/api/cases/ab12');
    expect(reminderLink('https://scp.example.org', { kind: 'action', subjectId: 'a1' })).toBe('https://scp.example.org/api/actions/a1');
  });
});

describe('composeReminderEmail', () => {
  it('says the reference, the clock, the due date and the link, and nothing else', () => {
    const mail = composeReminderEmail(sinDueSoon, 'https://scp.example.org/api/cases/ab12');
    expect(mail.subject).toBe('Due soon: NTH-2025-0001 - Serious incident notification submitted to the Panel (due 10 Mar 2025)');
    expect(mail.text).toBe(
      [
        'Case: NTH-2025-0001',
        'Clock: Serious incident notification submitted to the Panel',
        'Due: Monday 10 March 2025 (2025-03-10)',
        '',
        'This statutory clock is due soon.',
        '',
        'Open it: https://scp.example.org/api/cases/ab12',
        '',
        'An automatic reminder from the safeguarding review engine.',
        'It holds no details of any child: sign in to see the record.',
        '',
      ].join('\n'),
    );
  });

  it('words an overdue action as such', () => {
    const mail = composeReminderEmail(
      {
        ...sinDueSoon,
        kind: 'action',
        subjectId: 'a1',
        caseId: null,
        reference: 'NTH-R-0001.1',
        clockId: 'action-target',
        title: 'Learning action target date',
        dueOn: '2025-06-30',
        threshold: 'overdue',
        statutory: false,
      },
      'https://scp.example.org/api/actions/a1',
    );
    expect(mail.subject).toBe('Overdue: NTH-R-0001.1 - Learning action target date (due 30 Jun 2025)');
    expect(mail.text.split('\n').slice(0, 5)).toEqual([
      'Action: NTH-R-0001.1',
      'Clock: Learning action target date',
      'Due: Monday 30 June 2025 (2025-06-30)',
      '',
      'This learning action is overdue: it has not been met.',
    ]);
  });

  it('keeps the subject ASCII', () => {
    expect(composeReminderEmail(sinDueSoon, 'x').subject).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('webhookPayload', () => {
  it('holds the id, the type and the reminder’s reference fields', () => {
    expect(webhookPayload('r1', sinDueSoon, 'https://scp.example.org/api/cases/ab12')).toEqual({
      id: 'r1',
      type: 'reminder.due-soon',
      partnershipId: 'north',
      subject: { kind: 'case-clock', id: 'ab12', caseId: 'ab12' },
      reference: 'NTH-2025-0001',
      clockId: 'sin-notification',
      clockTitle: 'Serious incident notification submitted to the Panel',
      statutory: true,
      dueOn: '2025-03-10',
      threshold: 'due-soon',
      link: 'https://scp.example.org/api/cases/ab12',
    });
  });
});

describe('mailErrorCode', () => {
  it.each([
    [{ code: 'ECONNECTION' }, 'email-ECONNECTION'],
    [{ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.1 <someone@example.org>: user unknown' }, 'email-EENVELOPE-550'],
    [{ code: 'weird code with spaces' }, 'email-EUNKNOWN'],
    [new Error('boom'), 'email-EUNKNOWN'],
    [undefined, 'email-EUNKNOWN'],
  ])('%j → %s (never the server’s text)', (error, expected) => {
    expect(mailErrorCode(error)).toBe(expected);
  });
});
