import { describe, expect, it } from 'vitest';
import {
  ActionEventSchema,
  ActionListQuerySchema,
  CreateActionSchema,
  CreateRecommendationSchema,
  PatchActionSchema,
} from '../../../src/actions/action.schemas.js';

const CASE_ID = 'a'.repeat(32);
const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));

describe('CreateRecommendationSchema', () => {
  it('needs a case for rapid and local reviews', () => {
    expect(paths(CreateRecommendationSchema.safeParse({ source: 'rapid-review', text: 'x' }))).toEqual(['caseId']);
    expect(paths(CreateRecommendationSchema.safeParse({ source: 'local-review', text: 'x' }))).toEqual(['caseId']);
    expect(CreateRecommendationSchema.safeParse({ source: 'local-review', caseId: CASE_ID, text: 'x' }).success).toBe(true);
  });

  it('lets a national review name a case or not, and refuses a case on the other sources', () => {
    expect(CreateRecommendationSchema.safeParse({ source: 'national-review', text: 'x' }).success).toBe(true);
    expect(CreateRecommendationSchema.safeParse({ source: 'national-review', caseId: CASE_ID, text: 'x' }).success).toBe(true);
    for (const source of ['multi-agency-audit', 'section-11', 'independent-scrutiny']) {
      expect(paths(CreateRecommendationSchema.safeParse({ source, caseId: CASE_ID, text: 'x' }))).toEqual(['caseId']);
      expect(CreateRecommendationSchema.safeParse({ source, priority: 'neglect', text: 'x' }).success).toBe(true);
    }
  });

  it('refuses unknown keys, operators, bad priorities and blank text', () => {
    expect(CreateRecommendationSchema.safeParse({ source: 'section-11', text: 'x', status: 'done' }).success).toBe(false);
    expect(CreateRecommendationSchema.safeParse({ source: 'section-11', text: { $ne: '' } }).success).toBe(false);
    expect(CreateRecommendationSchema.safeParse({ source: 'section-11', text: 'x', priority: 'Neglect!' }).success).toBe(false);
    expect(CreateRecommendationSchema.safeParse({ source: 'section-11', text: '   ' }).success).toBe(false);
    expect(CreateRecommendationSchema.safeParse({ source: 'rapid-review', caseId: 'not-hex', text: 'x' }).success).toBe(false);
  });
});

describe('CreateActionSchema', () => {
  const base = { recommendationId: CASE_ID, text: 'Train staff', ownerOrganisationId: 'north-school', lead: 'Head teacher' };

  it('takes a target date or a recurrence, exactly one', () => {
    expect(CreateActionSchema.safeParse({ ...base, targetOn: '2025-06-30' }).success).toBe(true);
    expect(CreateActionSchema.safeParse({ ...base, recurrence: { frequency: 'quarterly', startOn: '2025-01-01' } }).success).toBe(true);
    expect(paths(CreateActionSchema.safeParse(base))).toEqual(['targetOn']);
    expect(
      paths(
        CreateActionSchema.safeParse({ ...base, targetOn: '2025-06-30', recurrence: { frequency: 'annually', startOn: '2025-01-01' } }),
      ),
    ).toEqual(['targetOn']);
  });

  it('starts green unless told, and never starts complete', () => {
    expect(CreateActionSchema.parse({ ...base, targetOn: '2025-06-30' }).rag).toBe('green');
    expect(CreateActionSchema.parse({ ...base, targetOn: '2025-06-30', rag: 'red' }).rag).toBe('red');
    expect(CreateActionSchema.safeParse({ ...base, targetOn: '2025-06-30', rag: 'complete' }).success).toBe(false);
  });

  it('refuses a date that is not a real day and an unknown frequency', () => {
    expect(CreateActionSchema.safeParse({ ...base, targetOn: '2025-02-29' }).success).toBe(false);
    expect(CreateActionSchema.safeParse({ ...base, recurrence: { frequency: 'monthly', startOn: '2025-01-01' } }).success).toBe(false);
    expect(CreateActionSchema.safeParse({ ...base, recurrence: { frequency: 'quarterly', startOn: '2025-01-01', extra: 1 } }).success).toBe(
      false,
    );
  });
});

describe('PatchActionSchema', () => {
  it('needs at least one editable field', () => {
    expect(PatchActionSchema.safeParse({}).success).toBe(false);
    expect(PatchActionSchema.safeParse({ lead: 'Deputy head' }).success).toBe(true);
  });

  it('needs a reason with a new target, and takes a reason only with a new target or lead', () => {
    expect(paths(PatchActionSchema.safeParse({ targetOn: '2025-09-30' }))).toEqual(['reason']);
    expect(PatchActionSchema.safeParse({ targetOn: '2025-09-30', reason: 'Training dates moved' }).success).toBe(true);
    expect(PatchActionSchema.safeParse({ lead: 'x', reason: 'why' }).success).toBe(true);
    expect(paths(PatchActionSchema.safeParse({ text: 'x', reason: 'why' }))).toEqual(['reason']);
    expect(
      paths(
        PatchActionSchema.safeParse({ targetOn: '2025-09-30', recurrence: { frequency: 'ongoing', startOn: '2025-01-01' }, reason: 'r' }),
      ),
    ).toEqual(['recurrence']);
  });

  it('refuses fields the server owns (mass assignment)', () => {
    for (const field of ['rag', 'status', 'version', 'partnershipId', 'signOff', 'progressNotes', 'dueOn', '_id', '__proto__']) {
      expect(PatchActionSchema.safeParse(JSON.parse(`{"lead":"x","${field}":"y"}`)).success, field).toBe(false);
    }
  });
});

describe('ActionEventSchema', () => {
  it('accepts the four events and nothing else', () => {
    expect(ActionEventSchema.safeParse({ type: 'action.progress-noted', text: 'Half the staff trained' }).success).toBe(true);
    expect(ActionEventSchema.safeParse({ type: 'action.rag-changed', rag: 'amber' }).success).toBe(true);
    expect(ActionEventSchema.safeParse({ type: 'action.rag-changed', rag: 'blue' }).success).toBe(false);
    expect(ActionEventSchema.safeParse({ type: 'action.impact-evidenced', text: 'Audit', evidencedOn: '2025-05-01' }).success).toBe(true);
    expect(ActionEventSchema.safeParse({ type: 'action.impact-evidenced', text: 'Audit' }).success).toBe(false);
    expect(ActionEventSchema.safeParse({ type: 'action.signed-off' }).success).toBe(true);
    expect(ActionEventSchema.safeParse({ type: 'action.deleted' }).success).toBe(false);
    expect(ActionEventSchema.safeParse({ type: 'action.progress-noted', text: 'x', on: '2020-01-01' }).success).toBe(false);
  });
});

describe('ActionListQuerySchema', () => {
  it('reads filters from query strings and refuses unknown or repeated keys', () => {
    expect(ActionListQuerySchema.parse({ overdue: 'true', rag: 'red', page: '2' })).toMatchObject({
      overdue: true,
      rag: 'red',
      page: 2,
      pageSize: 25,
    });
    expect(ActionListQuerySchema.parse({ overdue: 'false' }).overdue).toBe(false);
    expect(ActionListQuerySchema.safeParse({ overdue: 'yes' }).success).toBe(false);
    expect(ActionListQuerySchema.safeParse({ ownerOrganisationId: 'x' }).success).toBe(false);
    expect(ActionListQuerySchema.safeParse({ owner: ['a', 'b'] }).success).toBe(false);
    expect(ActionListQuerySchema.safeParse({ owner: '$ne' }).success).toBe(false);
  });
});
