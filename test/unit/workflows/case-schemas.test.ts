/** The opening and event schemas, the roles table, routes and editions. */
import { describe, expect, it } from 'vitest';
import { newOpeningIssues, OpenCaseSchema } from '../../../workflows/case-open.schema.js';
import {
  CaseEventSchema,
  ClientEventSchema,
  EVENT_TYPES,
  EVENT_SCHEMAS,
  SERVER_SET_FIELDS,
} from '../../../workflows/case-events.schema.js';
import { EVENT_ROLES, OPEN_ROLES, actorRefusal, eventTypesFor } from '../../../workflows/event-roles.js';
import { ACTOR_ROLES, ActorSchema, ROLES } from '../../../workflows/roles.js';
import { ROUTES, caseNotifies, routeNotifiesOnOpen } from '../../../workflows/statutory-routes.js';
import { EDITION_RULES, editionFor, routeInEdition } from '../../../workflows/editions.js';
import { londonDateOf } from '../../../src/calendar/england-day.js';
import { E, actors, openingFor } from './support/scenario.js';

describe('OpenCaseSchema', () => {
  it('accepts minimal case data without names and defaults nothing it should not', () => {
    const parsed = OpenCaseSchema.parse(openingFor('serious-incident'));
    expect(parsed.partnersAwareOn).toBeUndefined();
    expect(parsed.children[0]).not.toHaveProperty('name');
  });

  it.each([
    ['an unknown key', { extra: 1 }],
    ['an unknown child key', { children: [{ ageYears: 3, sex: 'female', legalStatus: [], nhsNumber: 'x' }] }],
    ['no child', { children: [] }],
    ['a child with no age', { children: [{ sex: 'female', legalStatus: [] }] }],
    ['an age over 24', { children: [{ ageYears: 25, sex: 'female', legalStatus: [] }] }],
    ['an unknown legal status', { children: [{ ageYears: 3, sex: 'female', legalStatus: ['adopted'] }] }],
    ['a repeated legal status', { children: [{ ageYears: 3, sex: 'female', legalStatus: ['child-in-need', 'child-in-need'] }] }],
    ['a too long summary', { summary: 'x'.repeat(1001) }],
    ['a too long area', { laArea: 'x'.repeat(101) }],
    ['an impossible date', { laAwareOn: '2025-02-30' }],
    ['awareness before the incident', { laAwareOn: '2025-02-27' }],
    ['21 children', { children: Array.from({ length: 21 }, () => ({ ageYears: 3, sex: 'male', legalStatus: [] })) }],
  ])('rejects %s', (_label, change) => {
    expect(OpenCaseSchema.safeParse({ ...openingFor('serious-incident'), ...change }).success).toBe(false);
  });

  it('a care leaver whose death is notified is 18 to 24 (new openings; stored cases still replay)', () => {
    const careLeaver = (child: Record<string, unknown>) =>
      OpenCaseSchema.parse(openingFor('care-leaver-death', { children: [{ sex: 'male', legalStatus: ['care-leaver'], ...child }] }));
    expect(newOpeningIssues(careLeaver({ ageBand: '18-24' }))).toEqual([]);
    expect(newOpeningIssues(careLeaver({ ageYears: 18 }))).toEqual([]);
    expect(newOpeningIssues(careLeaver({ ageYears: 24 }))).toEqual([]);
    expect(newOpeningIssues(careLeaver({ ageBand: '16-17' })).map((issue) => [issue.path, issue.code])).toEqual([
      ['children.0.ageBand', 'care-leaver-age'],
    ]);
    expect(newOpeningIssues(careLeaver({ ageYears: 17 })).map((issue) => issue.path)).toEqual(['children.0.ageYears']);
    // The schema alone still accepts it: a case opened before the rule must replay.
    expect(
      OpenCaseSchema.safeParse(
        openingFor('care-leaver-death', { children: [{ ageBand: '16-17', sex: 'male', legalStatus: ['care-leaver'] }] }),
      ).success,
    ).toBe(true);
    // Other routes are not concerned.
    expect(
      newOpeningIssues(
        OpenCaseSchema.parse(
          openingFor('serious-incident', { children: [{ ageBand: '16-17', sex: 'male', legalStatus: ['care-leaver'] }] }),
        ),
      ),
    ).toEqual([]);
  });

  it('route-specific requirements: referring organisation, lead partnership, legal status of a death', () => {
    expect(OpenCaseSchema.safeParse({ ...openingFor('referral'), referringOrganisationId: undefined }).success).toBe(false);
    expect(OpenCaseSchema.safeParse({ ...openingFor('out-of-area'), leadPartnership: undefined }).success).toBe(false);
    expect(
      OpenCaseSchema.safeParse(openingFor('looked-after-death', { children: [{ ageYears: 3, sex: 'male', legalStatus: [] }] })).success,
    ).toBe(false);
    expect(OpenCaseSchema.safeParse(openingFor('care-leaver-death')).success).toBe(true);
  });
});

describe('event schemas', () => {
  it('one schema per event type, all strict', () => {
    expect(EVENT_TYPES).toHaveLength(36);
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const event of Object.values(E)) {
      expect(CaseEventSchema.safeParse(event).success, event.type).toBe(true);
      expect(CaseEventSchema.safeParse({ ...event, extra: 1 }).success, event.type).toBe(false);
      const { actor: _a, at: _t, ...client } = event as Record<string, unknown>;
      delete client.openActions;
      expect(ClientEventSchema.safeParse(client).success, event.type).toBe(true);
      expect(ClientEventSchema.safeParse({ ...client, actor: actors.chair }).success, event.type).toBe(false);
    }
  });

  it('server-set fields are refused from a client and required in the machine event', () => {
    expect(SERVER_SET_FIELDS).toEqual({ 'case.closed': ['openActions'] });
    expect(ClientEventSchema.safeParse({ type: 'case.closed', reasons: 'done', openActions: 0 }).success).toBe(false);
    const { openActions: _o, ...noCount } = E.closed;
    expect(CaseEventSchema.safeParse(noCount).success).toBe(false);
  });

  it('field rules: learning type and process go with their outcomes; recipients unique; https address', () => {
    const base = { type: 'referral.screened', reasons: 'r' };
    expect(ClientEventSchema.safeParse({ ...base, outcome: 'alternative-learning' }).success).toBe(false);
    expect(ClientEventSchema.safeParse({ ...base, outcome: 'notify', learningType: 'themed-forum' }).success).toBe(false);
    expect(ClientEventSchema.safeParse({ ...base, outcome: 'refer-elsewhere' }).success).toBe(false);
    expect(
      ClientEventSchema.safeParse({ type: 'publication.notice-sent', sentOn: '2025-10-02', recipients: ['panel', 'panel'] }).success,
    ).toBe(false);
    expect(
      ClientEventSchema.safeParse({ type: 'report.published', publishedOn: '2025-10-13', address: 'javascript:alert(1)' }).success,
    ).toBe(false);
    expect(ClientEventSchema.safeParse({ type: 'panel.responded', response: 'challenged', localReview: true, comments: 'c' }).success).toBe(
      false,
    );
    expect(ClientEventSchema.safeParse({ type: 'sin.withdrawn', reasons: 'x'.repeat(4001) }).success).toBe(false);
  });
});

describe('roles', () => {
  it('every event names its roles; the sweeper sends only deadline.passed; only admins migrate editions', () => {
    expect(Object.keys(EVENT_ROLES).sort()).toEqual([...EVENT_TYPES].sort());
    for (const t of EVENT_TYPES) expect(EVENT_ROLES[t].length, t).toBeGreaterThan(0);
    expect(eventTypesFor('system')).toEqual(['deadline.passed']);
    expect(EVENT_ROLES['deadline.passed']).toEqual(['system']);
    expect(eventTypesFor('admin')).toEqual(['edition.migrated']);
    expect(eventTypesFor('viewer')).toEqual([]);
    expect(eventTypesFor('partner-lead')).toEqual(['rapid-review.signed-off', 'local-review.signed-off']);
    expect(eventTypesFor('agency')).toEqual(['agency-information.returned']);
    expect(eventTypesFor('reviewer')).toEqual(['draft.received']);
    expect(ACTOR_ROLES).toEqual([...ROLES, 'system']);
  });

  it('partner leads sign for their own partner; agencies return their own information', () => {
    expect(actorRefusal(actors.lead('police'), E.signedOffPolice)).toBeNull();
    expect(actorRefusal(actors.lead('health'), { ...E.signedOffPolice, actor: actors.lead('health') })).toMatch(
      /may not sign off for police/,
    );
    expect(actorRefusal(actors.agency, E.agencyReturned)).toBeNull();
    expect(actorRefusal(actors.agency, { ...E.agencyReturned, agency: 'org-school' })).toMatch(/own organisation/);
    expect(actorRefusal(actors.bu, { ...E.agencyReturned, actor: actors.bu, agency: 'org-school' })).toBeNull();
  });

  it('actors: a partner lead names a partner, an agency user an organisation', () => {
    expect(ActorSchema.safeParse({ userId: 'u', role: 'partner-lead' }).success).toBe(false);
    expect(ActorSchema.safeParse({ userId: 'u', role: 'agency' }).success).toBe(false);
    expect(ActorSchema.safeParse({ userId: 'u', role: 'chair', extra: 1 }).success).toBe(false);
    expect(ActorSchema.safeParse({ userId: 'a b', role: 'chair' }).success).toBe(false);
  });

  it('who may open which route', () => {
    expect(OPEN_ROLES.referral).toContain('agency');
    expect(OPEN_ROLES['serious-incident']).not.toContain('agency');
    for (const r of ROUTES) expect(OPEN_ROLES[r]).not.toContain('viewer');
  });
});

describe('routes and editions', () => {
  it('which routes notify', () => {
    expect(ROUTES.filter(routeNotifiesOnOpen)).toEqual(['serious-incident', 'looked-after-death', 'care-leaver-death']);
    expect(caseNotifies('referral', null)).toBe(false);
    expect(caseNotifies('referral', 'notify')).toBe(true);
    expect(caseNotifies('youth-justice-incident', 'notify')).toBe(true);
    expect(caseNotifies('out-of-area', 'notify')).toBe(false);
  });

  it.each([
    ['2018-06-29', 'wt-2018'],
    ['2023-12-14', 'wt-2018'],
    ['2023-12-15', 'wt-2023'],
    ['2025-03-03', 'wt-2023'],
  ])('LA aware %s → %s', (on, edition) => {
    expect(editionFor(on)).toBe(edition);
  });

  it('care-leaver deaths only under 2023; the 2023 edition notifies on behalf of the partners', () => {
    expect(routeInEdition('care-leaver-death', 'wt-2018')).toBe(false);
    expect(routeInEdition('care-leaver-death', 'wt-2023')).toBe(true);
    expect(EDITION_RULES['wt-2023'].notifiesOnBehalfOfPartners).toBe(true);
    expect(EDITION_RULES['wt-2018'].careLeaverDeathMaxAge).toBeNull();
  });

  it('the day of an instant is the day in England (BST respected)', () => {
    expect(londonDateOf('2025-06-30T23:30:00Z')).toBe('2025-07-01');
    expect(londonDateOf('2025-01-31T23:30:00Z')).toBe('2025-01-31');
    expect(londonDateOf('2025-03-30T00:30:00+01:00')).toBe('2025-03-29');
  });
});
