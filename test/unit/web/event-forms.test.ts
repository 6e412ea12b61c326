import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/access/principal.js';
import {
  eventFieldSpecs,
  extendableClockIds,
  parseEventForm,
  renderEventFields,
  type EventFormContext,
} from '../../../src/web/forms/event-forms.js';
import { readDate, renderField } from '../../../src/web/forms/govuk-fields.js';
import { EVENT_SCHEMAS, EVENT_TYPES } from '../../../workflows/case-events.schema.js';

const chair: Principal = { userId: 'north-chair', role: 'chair', partnershipId: 'north' };
const context = (principal: Principal = chair): EventFormContext => ({
  principal,
  organisations: [
    { id: 'north-police', name: 'Constabulary' },
    { id: 'north-school', name: 'Riverside Academy' },
  ],
  reviewers: [{ id: 'north-reviewer', name: 'Drew Reviewer' }],
  pendingAgencies: ['north-school'],
  extendableClocks: ['lcspr-publication'],
  meetings: [{ id: 'a'.repeat(32), text: 'Rapid review meeting, 11 March 2025' }],
});

describe('event forms built from the event schemas', () => {
  it('gives every event a form whose fields are exactly the schema’s fields', () => {
    for (const type of EVENT_TYPES) {
      const shape = Object.keys((EVENT_SCHEMAS[type].client as unknown as { shape: Record<string, unknown> }).shape).filter(
        (name) => name !== 'type',
      );
      const specs = eventFieldSpecs(type, context());
      expect(
        specs.map((spec) => spec.name),
        type,
      ).toEqual(shape);
      for (const spec of specs) {
        expect(spec.label.length, `${type}.${spec.name}`).toBeGreaterThan(2);
        expect(spec.id, `${type}.${spec.name}`).toMatch(/^[a-z0-9-]+-[a-zA-Z]+$/);
        // Every field renders with one of the GOV.UK macros.
        expect(['govukInput', 'govukTextarea', 'govukRadios', 'govukCheckboxes', 'govukSelect', 'govukDateInput', 'fixed']).toContain(
          renderField(spec, {}).macro,
        );
      }
    }
  });

  it('chooses the GOV.UK control from the field’s type', () => {
    const kinds = Object.fromEntries(eventFieldSpecs('rapid-review.decided', context()).map((spec) => [spec.name, spec.kind]));
    expect(kinds).toEqual({
      localReview: 'yes-no',
      nationalReviewSuggested: 'yes-no',
      criteriaMet: 'checkboxes',
      reasons: 'textarea',
      decidedOn: 'date',
      otherReview: 'radios',
      meetingId: 'radios',
    });
    // With no meeting recorded there is nothing to choose: the decision form has no meeting field.
    expect(eventFieldSpecs('rapid-review.decided', { ...context(), meetings: [] }).map((spec) => spec.name)).not.toContain('meetingId');
    expect(eventFieldSpecs('sin.submitted', context()).map((spec) => [spec.name, spec.kind, spec.optional])).toEqual([
      ['submittedOn', 'date', false],
      ['lateReason', 'textarea', true],
    ]);
    expect(eventFieldSpecs('report.published', context()).find((spec) => spec.name === 'address')).toMatchObject({
      kind: 'text',
      inputType: 'url',
    });
    expect(
      eventFieldSpecs('agency-information.requested', context())
        .find((spec) => spec.name === 'agencies')
        ?.options?.map((o) => o.text),
    ).toEqual(['Constabulary', 'Riverside Academy']);
    expect(eventFieldSpecs('agency-information.returned', context()).find((spec) => spec.name === 'agency')?.options).toEqual([
      { value: 'north-school', text: 'Riverside Academy' },
    ]);
  });

  it('fixes a partner lead’s partner and an agency’s own organisation', () => {
    const lead: Principal = {
      userId: 'l',
      role: 'partner-lead',
      partnershipId: 'north',
      organisationId: 'north-police',
      partner: 'police',
    };
    expect(eventFieldSpecs('rapid-review.signed-off', context(lead))).toEqual([
      expect.objectContaining({ name: 'partner', kind: 'fixed', fixedValue: 'police', fixedText: 'Police' }),
      // Issue 12: the day it happened, optional (blank is today).
      expect.objectContaining({
        name: 'signedOffOn',
        kind: 'date',
        optional: true,
        hint: 'The day it happened, if not today. Leave blank for today.',
      }),
    ]);
    expect(parseEventForm('rapid-review.signed-off', { partner: 'health' }, context(lead))).toEqual({
      event: { type: 'rapid-review.signed-off', partner: 'police' },
      errors: [],
    });
    const agency: Principal = { userId: 'a', role: 'agency', partnershipId: 'north', organisationId: 'north-school' };
    expect(parseEventForm('agency-information.returned', { agency: 'north-police' }, context(agency)).event).toEqual({
      type: 'agency-information.returned',
      agency: 'north-school',
    });
  });

  it('reads a valid form into the event a client sends', () => {
    const parsed = parseEventForm(
      'rapid-review.decided',
      {
        localReview: 'yes',
        nationalReviewSuggested: 'no',
        criteriaMet: ['improvements-needed', 'cross-boundary'],
        reasons: '  Learning  ',
      },
      context(),
    );
    expect(parsed).toEqual({
      event: {
        type: 'rapid-review.decided',
        localReview: true,
        nationalReviewSuggested: false,
        criteriaMet: ['improvements-needed', 'cross-boundary'],
        reasons: 'Learning',
      },
      errors: [],
    });
    expect(
      parseEventForm('sin.submitted', { 'submittedOn-day': '7', 'submittedOn-month': '3', 'submittedOn-year': '2025' }, context()).event,
    ).toEqual({
      type: 'sin.submitted',
      submittedOn: '2025-03-07',
    });
  });

  it('says what is wrong, field by field, in GOV.UK words and in the order of the form', () => {
    const parsed = parseEventForm('rapid-review.decided', { criteriaMet: 'improvements-needed' }, context());
    expect(parsed.event).toBeUndefined();
    expect(parsed.errors).toEqual([
      {
        field: 'localReview',
        href: '#rapid-review-decided-localReview',
        text: 'Select yes if a local child safeguarding practice review is appropriate',
      },
      {
        field: 'nationalReviewSuggested',
        href: '#rapid-review-decided-nationalReviewSuggested',
        text: 'Select yes if the case might suit a national review',
      },
      { field: 'reasons', href: '#rapid-review-decided-reasons', text: 'Enter the reasons' },
    ]);
    expect(
      parseEventForm('sin.submitted', { 'submittedOn-day': '31', 'submittedOn-month': '2', 'submittedOn-year': '2025' }, context()).errors,
    ).toEqual([{ field: 'submittedOn', href: '#sin-submitted-submittedOn-day', text: 'Date submitted must be a real date' }]);
    expect(parseEventForm('sin.submitted', { 'submittedOn-day': '3', 'submittedOn-year': '2025' }, context()).errors[0]?.text).toBe(
      'Date submitted must include a month',
    );
    expect(
      parseEventForm(
        'report.published',
        { 'publishedOn-day': '1', 'publishedOn-month': '1', 'publishedOn-year': '2025', address: 'javascript:alert(1)' },
        context(),
      ).errors,
    ).toEqual([{ field: 'address', href: '#report-published-address', text: 'Enter a web address starting https:// or http://' }]);
    expect(parseEventForm('referral.screened', { outcome: 'alternative-learning', reasons: 'r' }, context()).errors).toEqual([
      { field: 'learningType', href: '#referral-screened-learningType', text: 'Select the type of alternative learning' },
    ]);
  });

  it('offers only open, extendable clocks for a revision', () => {
    expect(
      extendableClockIds([
        { clockId: 'lcspr-publication', metOn: null },
        { clockId: 'publication-notice', metOn: '2025-01-01' },
        { clockId: 'sin-notification', metOn: null },
      ]),
    ).toEqual(['lcspr-publication']);
  });

  it('never offers the publication notice (only a new decision moves it) nor a lapsed clock', () => {
    expect(extendableClockIds([{ clockId: 'publication-notice', metOn: null }])).toEqual([]);
    expect(extendableClockIds([{ clockId: 'lcspr-publication', metOn: null, lapsedOn: '2025-06-02' }])).toEqual([]);
  });
});

describe('GOV.UK date inputs', () => {
  it('is empty, whole, or an error naming what is missing', () => {
    const spec = { name: 'd', label: 'Date' };
    expect(readDate(spec, {})).toEqual({});
    expect(readDate(spec, { 'd-day': ' 5 ', 'd-month': '11', 'd-year': '2024' })).toEqual({ value: '2024-11-05' });
    expect(readDate(spec, { 'd-day': '5' })).toEqual({ error: 'Date must include a month and year' });
    expect(readDate(spec, { 'd-day': 'x', 'd-month': '1', 'd-year': '2024' })).toEqual({ error: 'Date must be a real date' });
    expect(readDate(spec, { 'd-day': '1', 'd-month': '1', 'd-year': '24' })).toEqual({ error: 'Date must be a real date' });
  });
});

describe('the screening form, per outcome', () => {
  const screening = {
    outcome: 'refer-elsewhere',
    reasons: 'Belongs to a domestic homicide review (synthetic).',
    'screenedOn-day': '3',
    'screenedOn-month': '3',
    'screenedOn-year': '2025',
  };

  it('nests each outcome’s own field under that outcome', () => {
    const fields = renderEventFields('referral.screened', context(), {}, new Map());
    const outcome = fields.find((field) => field.params['name'] === 'outcome');
    expect(Object.keys(outcome?.conditionals ?? {})).toEqual(['alternative-learning', 'refer-elsewhere']);
    expect(outcome?.conditionals?.['refer-elsewhere']?.map((field) => field.params['name'])).toEqual(['process']);
    expect(fields.map((field) => field.params['name'] ?? field.params['namePrefix'])).not.toContain('process');
  });

  it('ignores a field of another outcome, and asks for the chosen outcome’s own in words', () => {
    const missing = parseEventForm('referral.screened', { ...screening, learningType: 'what-works-well-review' }, context());
    expect(missing.errors).toEqual([{ field: 'process', href: '#referral-screened-process', text: 'Select which process it goes to' }]);
    const given = parseEventForm(
      'referral.screened',
      { ...screening, learningType: 'what-works-well-review', process: 'domestic-homicide-review' },
      context(),
    );
    expect(given.errors).toEqual([]);
    expect(given.event).toEqual({
      type: 'referral.screened',
      outcome: 'refer-elsewhere',
      reasons: screening.reasons,
      screenedOn: '2025-03-03',
      process: 'domestic-homicide-review',
    });
  });
});

describe('the forms of machine version 4’s events', () => {
  it('reads how many people learning reached as a whole number, and offers the organisations for a safety action', () => {
    const values = {
      kind: 'learning-event',
      'disseminatedOn-day': '3',
      'disseminatedOn-month': '11',
      'disseminatedOn-year': '2025',
      audience: 'health visitors',
      reach: '45',
    };
    expect(parseEventForm('learning.disseminated', values, context())).toEqual({
      event: {
        type: 'learning.disseminated',
        kind: 'learning-event',
        disseminatedOn: '2025-11-03',
        audience: 'health visitors',
        reach: 45,
      },
      errors: [],
    });
    expect(parseEventForm('learning.disseminated', { ...values, reach: 'lots' }, context()).errors).toEqual([
      { field: 'reach', href: '#learning-disseminated-reach', text: 'Number of people reached must be a whole number, like 25' },
    ]);
    const organisation = eventFieldSpecs('safety-action.recorded', context()).find((spec) => spec.name === 'organisationId');
    expect(organisation).toMatchObject({ kind: 'radios', optional: true, label: 'Organisation that took it' });
    expect(organisation?.options?.length).toBe(context().organisations.length);
  });
});
