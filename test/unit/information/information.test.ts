import { describe, expect, it } from 'vitest';
import { defaultHolidayCalendar as cal } from '../../../src/calendar/bank-holidays.js';
import { chaseKey, chaseThresholdOn } from '../../../src/information/information.chase.js';
import { requestSeedsOf } from '../../../src/information/information.derive.js';
import { informationRequestId } from '../../../src/information/information-request.id.js';
import {
  ageBandOf,
  DEFAULT_INFORMATION_TEMPLATE,
  InformationTemplateSchema,
  sharedContext,
} from '../../../src/information/information.template.js';

describe('chaseThresholdOn (3 working days, dates by hand)', () => {
  // Due Monday 17 March 2025: 12th leaves 13, 14, 17 (3); 11th leaves 12, 13, 14, 17 (4).
  it.each([
    ['2025-03-11', null],
    ['2025-03-12', 'due-soon'],
    ['2025-03-14', 'due-soon'],
    ['2025-03-17', 'due-soon'],
    ['2025-03-18', 'overdue'],
  ])('on %s: %s', (today, expected) => {
    expect(chaseThresholdOn('2025-03-17', today, cal, 3)).toBe(expected);
  });

  it('counts bank holidays out: due Tuesday 22 April 2025 is due soon from Wednesday 16 April (17, 22 left, Good Friday and Easter Monday off)', () => {
    // 15th leaves 16, 17, 22 (3): due soon; 14th leaves 15, 16, 17, 22 (4): not yet.
    expect(chaseThresholdOn('2025-04-22', '2025-04-14', cal, 3)).toBeNull();
    expect(chaseThresholdOn('2025-04-22', '2025-04-15', cal, 3)).toBe('due-soon');
  });

  it('never chases a request with no due date, and keys each due date and threshold apart', () => {
    expect(chaseThresholdOn(null, '2025-03-18', cal, 3)).toBeNull();
    expect(chaseKey('ir-1', '2025-03-17', 'overdue')).toBe('request:ir-1:2025-03-17:overdue');
  });
});

describe('the template and what is shared', () => {
  it('has valid defaults in four parts', () => {
    expect(InformationTemplateSchema.parse(DEFAULT_INFORMATION_TEMPLATE)).toEqual(DEFAULT_INFORMATION_TEMPLATE);
  });

  it('bands ages given in years', () => {
    expect([0, 1, 4, 5, 9, 10, 15, 16, 17, 18].map((ageYears) => ageBandOf({ ageYears }))).toEqual([
      'under-1',
      '1-4',
      '1-4',
      '5-9',
      '5-9',
      '10-15',
      '10-15',
      '16-17',
      '16-17',
      '18-24',
    ]);
    expect(ageBandOf({ ageBand: 'unborn' })).toBe('unborn');
    expect(ageBandOf({})).toBeNull();
  });

  it('shares only what the partnership chose', () => {
    const caseData = {
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      partnersAwareOn: '2025-03-04',
      children: [{ ageYears: 3 }, { ageBand: '10-15' }],
      name: 'never copied',
    };
    expect(sharedContext(caseData, { ageBands: true, incidentOn: false, awarenessDates: true })).toEqual({
      ageBands: ['1-4', '10-15'],
      incidentOn: null,
      laAwareOn: '2025-03-03',
      partnersAwareOn: '2025-03-04',
    });
    expect(sharedContext(caseData, { ageBands: false, incidentOn: true, awarenessDates: false })).toEqual({
      ageBands: null,
      incidentOn: '2025-03-01',
      laAwareOn: null,
      partnersAwareOn: null,
    });
  });
});

describe('requestSeedsOf', () => {
  it('derives one request per agency of each request entry, with the effect due date', () => {
    const history = [
      { seq: 1, type: 'case.opened', actor: { userId: 'u' }, at: '2025-03-03T10:00:00.000Z', fields: { agencies: ['x'] }, effects: [] },
      {
        seq: 3,
        type: 'agency-information.requested',
        actor: { userId: 'north-business-unit' },
        // 23:30 UTC on 3 March is still 3 March in London (GMT).
        at: '2025-03-03T23:30:00.000Z',
        fields: { agencies: ['north-police', 'north-school'] },
        effects: [{ kind: 'request-agency-information', detail: { agencies: ['north-police', 'north-school'], dueOn: '2025-03-17' } }],
      },
      {
        seq: 5,
        type: 'agency-information.requested',
        actor: { userId: 'b' },
        at: '2025-06-30T23:30:00.000Z',
        fields: { agencies: ['north-police'], requestedOn: '2025-06-30' },
        effects: [],
      },
    ];
    expect(requestSeedsOf('c1', history)).toEqual([
      {
        _id: informationRequestId('c1', 3, 'north-police'),
        organisationId: 'north-police',
        seq: 3,
        requestedOn: '2025-03-03',
        dueOn: '2025-03-17',
        requestedBy: 'north-business-unit',
      },
      {
        _id: informationRequestId('c1', 3, 'north-school'),
        organisationId: 'north-school',
        seq: 3,
        requestedOn: '2025-03-03',
        dueOn: '2025-03-17',
        requestedBy: 'north-business-unit',
      },
      {
        _id: informationRequestId('c1', 5, 'north-police'),
        organisationId: 'north-police',
        seq: 5,
        requestedOn: '2025-06-30',
        dueOn: null,
        requestedBy: 'b',
      },
    ]);
    expect(informationRequestId('c1', 3, 'north-police')).toMatch(/^ir-[0-9a-f]{24}$/);
    expect(informationRequestId('c1', 3, 'north-police')).not.toBe(informationRequestId('c1', 5, 'north-police'));
  });
});
