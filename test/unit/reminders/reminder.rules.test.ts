import { describe, expect, it } from 'vitest';
import { defaultHolidayCalendar as cal } from '../../../src/calendar/bank-holidays.js';
import type { Clock } from '../../../src/calendar/clock-state.js';
import {
  actionCandidate,
  caseClockCandidates,
  clockThresholdOn,
  isStatutoryClock,
  mailDomainOf,
  messageIdFor,
  reminderDigest,
  reminderKey,
  retryDelayMs,
  type RecipientUser,
  selectRecipients,
} from '../../../src/reminders/reminder.rules.js';

function clock(clockId: Clock['clockId'], dueOn: string, extra: Partial<Clock> = {}): Clock {
  return { clockId, startedOn: '2025-03-03', originalDueOn: dueOn, dueOn, revisions: [], ...extra };
}

describe('clockThresholdOn (warning window 3 working days)', () => {
  // Due Monday 10 March 2025. Working days after each "today", up to and including the 10th, by hand.
  it.each([
    ['2025-03-03', null, 'Mon: 4, 5, 6, 7, 10 = 5 left'],
    ['2025-03-04', null, 'Tue: 5, 6, 7, 10 = 4 left'],
    ['2025-03-05', 'due-soon', 'Wed: 6, 7, 10 = 3 left'],
    ['2025-03-08', 'due-soon', 'Sat: 10 = 1 left'],
    ['2025-03-10', 'due-soon', 'the due date itself'],
    ['2025-03-11', 'overdue', 'the day after'],
    ['2025-06-30', 'overdue', 'long after'],
  ] as [string, string | null, string][])('today %s → %s (%s)', (today, expected) => {
    expect(clockThresholdOn(clock('sin-notification', '2025-03-10'), today, cal, 3)).toBe(expected);
  });

  // Due Tuesday 22 April 2025, after Easter: Good Friday 18 April and Easter Monday 21 April are bank holidays.
  it.each([
    ['2025-04-14', null, '15, 16, 17, 22 = 4 left'],
    ['2025-04-15', 'due-soon', '16, 17, 22 = 3 left'],
    ['2025-04-17', 'due-soon', '22 = 1 left'],
  ] as [string, string | null, string][])('over Easter: today %s → %s (%s)', (today, expected) => {
    expect(clockThresholdOn(clock('rapid-review', '2025-04-22'), today, cal, 3)).toBe(expected);
  });

  it('uses the window it is given: 0 means only the due date itself', () => {
    expect(clockThresholdOn(clock('sin-notification', '2025-03-10'), '2025-03-07', cal, 0)).toBeNull();
    expect(clockThresholdOn(clock('sin-notification', '2025-03-10'), '2025-03-10', cal, 0)).toBe('due-soon');
  });

  it('a met clock and a paused clock send nothing, even when the date has passed', () => {
    expect(clockThresholdOn(clock('sin-notification', '2025-03-10', { metOn: '2025-03-07' }), '2025-03-11', cal, 3)).toBeNull();
    expect(clockThresholdOn(clock('sin-notification', '2025-03-10', { metOn: '2025-03-12' }), '2025-03-13', cal, 3)).toBeNull();
    expect(clockThresholdOn(clock('lcspr-publication', '2025-10-14', { pausedFrom: '2025-09-01' }), '2025-10-15', cal, 3)).toBeNull();
  });

  it('does not guess "due soon" beyond the holiday data (the shipped data ends in 2027)', () => {
    // 30 Dec 2027 to 10 Jan 2028: the 2028 holidays are unknown, and fewer than 3 known working days remain.
    expect(clockThresholdOn(clock('sin-notification', '2028-01-10'), '2027-12-30', cal, 3)).toBeNull();
    expect(clockThresholdOn(clock('sin-notification', '2028-01-10'), '2028-01-11', cal, 3)).toBe('overdue');
  });
});

describe('caseClockCandidates', () => {
  const record = {
    _id: 'ab12',
    partnershipId: 'north',
    reference: 'NTH-2025-0001',
    final: false,
    clocks: [
      clock('sin-notification', '2025-03-10'),
      clock('partners-informed', '2025-03-10', { metOn: '2025-03-04' }),
      clock('agency-returns', '2025-03-05'),
      clock('rapid-review', '2025-03-24'),
    ],
  };

  it('gives one candidate per open clock past a threshold on the day', () => {
    expect(caseClockCandidates(record, '2025-03-06', cal, 3)).toEqual([
      {
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
        ownerOrganisationId: null,
      },
      {
        kind: 'case-clock',
        partnershipId: 'north',
        subjectId: 'ab12',
        caseId: 'ab12',
        reference: 'NTH-2025-0001',
        clockId: 'agency-returns',
        title: 'Agency information returns in',
        dueOn: '2025-03-05',
        threshold: 'overdue',
        statutory: false,
        ownerOrganisationId: null,
      },
    ]);
  });

  it('gives none for a closed case', () => {
    expect(caseClockCandidates({ ...record, final: true }, '2025-03-06', cal, 3)).toEqual([]);
  });
});

describe('actionCandidate', () => {
  const action = {
    actionId: 'a1',
    partnershipId: 'north',
    reference: 'NTH-R-0001.1',
    targetOn: '2025-06-30',
    ownerOrganisationId: 'north-school',
    caseId: null,
  };

  it('is nothing on the target date and an overdue reminder from the day after', () => {
    expect(actionCandidate(action, '2025-06-30')).toBeNull();
    expect(actionCandidate(action, '2025-07-01')).toEqual({
      kind: 'action',
      partnershipId: 'north',
      subjectId: 'a1',
      caseId: null,
      reference: 'NTH-R-0001.1',
      clockId: 'action-target',
      title: 'Learning action target date',
      dueOn: '2025-06-30',
      threshold: 'overdue',
      statutory: false,
      ownerOrganisationId: 'north-school',
    });
  });
});

describe('reminderKey', () => {
  it('is subject, clock, due date and threshold', () => {
    expect(
      reminderKey({ kind: 'case-clock', subjectId: 'ab12', clockId: 'sin-notification', dueOn: '2025-03-10', threshold: 'overdue' }),
    ).toBe('case:ab12:sin-notification:2025-03-10:overdue');
    expect(reminderKey({ kind: 'action', subjectId: 'a1', clockId: 'action-target', dueOn: '2025-06-30', threshold: 'overdue' })).toBe(
      'action:a1:action-target:2025-06-30:overdue',
    );
  });

  it('differs when only the due date or only the threshold differs', () => {
    const base = {
      kind: 'case-clock',
      subjectId: 'ab12',
      clockId: 'lcspr-publication',
      dueOn: '2025-10-14',
      threshold: 'due-soon',
    } as const;
    const keys = new Set([
      reminderKey(base),
      reminderKey({ ...base, dueOn: '2025-12-01' }),
      reminderKey({ ...base, threshold: 'overdue' }),
    ]);
    expect(keys.size).toBe(3);
  });
});

describe('selectRecipients', () => {
  const users: RecipientUser[] = [
    { email: 'Chair@North.example.org', role: 'chair', disabled: false },
    { email: 'bu@north.example.org', role: 'business-unit', disabled: false },
    { email: 'bu2@north.example.org', role: 'business-unit', disabled: true },
    { email: 'school@north.example.org', role: 'agency', organisationId: 'north-school', disabled: false },
    { email: 'police@north.example.org', role: 'agency', organisationId: 'north-police', disabled: false },
    { email: 'lead@north.example.org', role: 'partner-lead', organisationId: 'north-school', disabled: false },
    { email: 'viewer@north.example.org', role: 'viewer', disabled: false },
  ];

  it.each([
    [
      'a due-soon statutory clock',
      { kind: 'case-clock', threshold: 'due-soon', statutory: true, ownerOrganisationId: null },
      ['bu@north.example.org'],
    ],
    [
      'an overdue local clock',
      { kind: 'case-clock', threshold: 'overdue', statutory: false, ownerOrganisationId: null },
      ['bu@north.example.org'],
    ],
    [
      'an overdue statutory clock',
      { kind: 'case-clock', threshold: 'overdue', statutory: true, ownerOrganisationId: null },
      ['bu@north.example.org', 'chair@north.example.org'],
    ],
    [
      'an overdue action of the school',
      { kind: 'action', threshold: 'overdue', statutory: false, ownerOrganisationId: 'north-school' },
      ['bu@north.example.org', 'school@north.example.org'],
    ],
  ] as const)('%s', (_label, reminder, expected) => {
    expect(selectRecipients(reminder, users)).toEqual(expected);
  });

  it('names each address once', () => {
    const twice: RecipientUser[] = [
      { email: 'bu@north.example.org', role: 'business-unit', disabled: false },
      { email: 'BU@north.example.org', role: 'business-unit', disabled: false },
    ];
    expect(selectRecipients({ kind: 'case-clock', threshold: 'due-soon', statutory: false, ownerOrganisationId: null }, twice)).toEqual([
      'bu@north.example.org',
    ]);
  });
});

describe('retryDelayMs (base 30 s, at most 1 h)', () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [4, 240_000],
    [7, 1_920_000],
    [8, 3_600_000], // 30 s × 2^7 = 3,840 s, capped at 3,600 s
    [500, 3_600_000],
  ])('after attempt %i waits %i ms', (attempts, expected) => {
    expect(retryDelayMs(attempts, 30_000, 3_600_000)).toBe(expected);
  });
});

describe('Message-ID', () => {
  it('is the first 32 hex of the SHA-256 of the key, at the sender’s domain (sha256sum of the key, by hand)', () => {
    const key = 'case:ab12:sin-notification:2025-03-10:overdue';
    expect(reminderDigest(key)).toBe('69dac81ff310b7f48f1cbfe8a3e67628');
    expect(messageIdFor(key, 'scp.example.org')).toBe('<reminder.69dac81ff310b7f48f1cbfe8a3e67628@scp.example.org>');
  });

  it.each([
    ['SCP reminders <reminders@SCP.example.org>', 'scp.example.org'],
    ['reminders@scp.example.org', 'scp.example.org'],
    ['no address here', 'localhost'],
    ['', 'localhost'],
  ])('the domain of %j is %s', (from, domain) => {
    expect(mailDomainOf(from)).toBe(domain);
  });
});

describe('isStatutoryClock', () => {
  it('is true only for the SIN, the one clock the law sets', () => {
    expect(isStatutoryClock('sin-notification')).toBe(true);
    expect(isStatutoryClock('rapid-review')).toBe(false);
    expect(isStatutoryClock('action-target')).toBe(false);
  });
});
