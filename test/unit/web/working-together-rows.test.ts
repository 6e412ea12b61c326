import { describe, expect, it } from 'vitest';
import { addWorkingTogetherRows } from '../../../src/web/cases/working-together-rows.js';
import type { CaseContext } from '../../../workflows/case-context.js';

const rowsOf = (record: Partial<CaseContext>) => {
  const rows: [string, string][] = [];
  addWorkingTogetherRows(
    record,
    (key, value) => void (value && rows.push([key, value])),
    (id) => (id === 'north-police' ? 'Constabulary' : id),
  );
  return rows;
};

describe('the case page’s rows for version 4’s records', () => {
  it('says the criteria, the agreement with a dissent, safety actions and dissemination in words', () => {
    const rows = rowsOf({
      notificationCriteria: { harm: 'death', abuseOrNeglect: 'suspected', location: 'in-area' },
      partnersAgreement: {
        agreedOn: '2025-03-04',
        partners: [
          { partner: 'local-authority', agrees: true },
          { partner: 'police', agrees: true },
          { partner: 'health', agrees: false, reasons: 'natural causes likely' },
        ],
      },
      safetyActions: [
        {
          by: 'bu',
          role: 'business-unit',
          at: '2025-03-05T10:00:00Z',
          action: 'safety plan for the siblings',
          takenOn: '2025-03-04',
          organisationId: 'north-police',
        },
      ],
      dissemination: [
        {
          by: 'bu',
          role: 'business-unit',
          at: '2025-11-04T10:00:00Z',
          kind: 'seven-minute-briefing',
          disseminatedOn: '2025-11-03',
          audience: 'school DSLs',
          reach: 120,
        },
      ],
    });
    expect(rows).toEqual([
      ['Notification criteria', 'The child died; abuse or neglect suspected; in the area'],
      [
        'Partners’ agreement to notify',
        '4 March 2025: Local authority agreed; Police agreed; Health (Integrated Care Board) dissented (natural causes likely)',
      ],
      ['Immediate safety actions', '4 March 2025: safety plan for the siblings (Constabulary)'],
      ['How the learning was spread', '7-minute briefing on 3 November 2025 for school DSLs (120 reached)'],
    ]);
  });

  it('shows nothing for a case that never recorded them (an older machine version)', () => {
    expect(rowsOf({})).toEqual([]);
  });
});
