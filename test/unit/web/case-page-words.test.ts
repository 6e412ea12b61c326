import { describe, expect, it } from 'vitest';
import { childDescription } from '../../../src/web/cases/child-description.js';
import { confirmationError, isDestructive } from '../../../src/web/cases/destructive-events.js';
import { ruleMessage } from '../../../src/web/cases/rule-messages.js';
import { signOffRows } from '../../../src/web/cases/sign-offs.js';
import { stackedRows } from '../../../src/web/stacked-table.js';

describe('the case page in words', () => {
  it('puts the workflow’s date refusals into sentences about the field', () => {
    expect(ruleMessage({ rule: 'date-in-future', message: 'submittedOn 2026-12-03 is after the day it is recorded (2026-11-29)' })).toEqual(
      {
        text: 'Date submitted must be today or in the past: 3 December 2026 is after today, 29 November 2026',
        field: 'submittedOn',
      },
    );
    expect(ruleMessage({ rule: 'date-before-incident', message: 'heldOn 2025-02-01 is before the incident (2025-02-03)' })).toEqual({
      text: 'Date of the meeting must be on or after the date of the incident, 3 February 2025',
      field: 'heldOn',
    });
  });

  it('puts any other refusal’s codes and dates into words', () => {
    expect(
      ruleMessage({ rule: 'rapid-review-needs-decision-and-sign-offs', message: 'not yet signed off by local-authority, health' }).text,
    ).toBe('Not yet signed off by Local authority, Health (Integrated Care Board)');
    expect(ruleMessage({ rule: 'clock-already-met', message: 'the sin-notification clock was met on 2025-03-07' }).text).toBe(
      'The deadline “Serious incident notification submitted to the Panel” was met on 7 March 2025',
    );
    expect(ruleMessage({ rule: 'x', message: 'resumedOn 2025-04-01 is before the pause began (2025-04-02)' }).text).toBe(
      'Date resumed 1 April 2025 is before the pause began (2 April 2025)',
    );
  });

  it('describes a child with every part labelled', () => {
    expect(childDescription({ ageBand: 'under-1', sex: 'female', legalStatus: ['child-protection-plan'] })).toBe(
      'Age: Under 1; sex: female; legal status: child protection plan',
    );
    expect(childDescription({ ageYears: 7, sex: 'not-known', legalStatus: [] })).toBe('Age: 7 years; sex: not known');
  });

  it('asks for confirmation of a withdrawal only', () => {
    expect(isDestructive('sin.withdrawn')).toBe(true);
    expect(isDestructive('sin.submitted')).toBe(false);
    expect(confirmationError('sin.withdrawn', {}, 'sin-withdrawn')).toEqual({
      field: 'confirm',
      href: '#sin-withdrawn-confirm',
      text: 'Confirm that the notification to the Panel should be withdrawn',
    });
    expect(confirmationError('sin.withdrawn', { confirm: 'yes' }, 'sin-withdrawn')).toBeNull();
    expect(confirmationError('sin.submitted', {}, 'sin-submitted')).toBeNull();
  });

  it('lists every partner’s sign-off, signed or not, once a decision is recorded', () => {
    const none = signOffRows({ rapidReview: { decision: null, signOffs: [] }, localReview: { signOffs: [] } } as never);
    expect(none).toEqual([]);
    const rows = signOffRows({
      rapidReview: { decision: { localReview: true }, signOffs: [{ partner: 'police', on: '2025-03-12' }] },
      localReview: { signOffs: [] },
    } as never);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key.text).toBe('Rapid review decision');
    expect(rows[0]!.value.html).toBe(
      '<ul class="govuk-list govuk-!-margin-bottom-0"><li>Local authority: not yet signed off</li><li>Police: signed off on 12 March 2025</li><li>Health (Integrated Care Board): not yet signed off</li></ul>',
    );
  });

  it('labels each cell of a stacked table with its column', () => {
    expect(
      stackedRows(['Reference', 'Due'], [[{ text: 'NTH-1' }, { text: '3 March 2025', attributes: { 'data-sort-value': '2025-03-03' } }]]),
    ).toEqual([
      [
        { text: 'NTH-1', attributes: { 'data-label': 'Reference' } },
        { text: '3 March 2025', attributes: { 'data-sort-value': '2025-03-03', 'data-label': 'Due' } },
      ],
    ]);
  });
});
