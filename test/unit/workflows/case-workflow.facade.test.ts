/** The facade the API builds on: persistence round trips, version checks, error classes, accepted events. */
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, RuleViolationError } from '../../../src/errors/app-errors.js';
import { MissingHolidayDataError } from '../../../src/calendar/index.js';
import {
  CASE_MACHINE_ID,
  CURRENT_MACHINE_VERSION,
  WorkflowRestoreError,
  acceptedEvents,
  applyCaseEvent,
  openCase,
  statePath,
  viewOf,
  type PersistedWorkflow,
} from '../../../workflows/case-workflow.js';
import { E, OPENED_AT, actors, deps, openingFor } from './support/scenario.js';
import { SI_PATHS, open, play, si } from './support/play.js';

describe('persistence', () => {
  it('a persisted workflow carries the machine id and version and is plain JSON', () => {
    const v = open('serious-incident');
    expect(v.persisted.machineId).toBe(CASE_MACHINE_ID);
    expect(v.persisted.machineVersion).toBe(CURRENT_MACHINE_VERSION);
    expect(JSON.parse(JSON.stringify(v.persisted))).toEqual(v.persisted);
  });

  it('persist, stringify, parse, restore and continue gives exactly the same result as continuing directly', () => {
    let direct = open('serious-incident');
    let viaJson = open('serious-incident');
    for (const e of SI_PATHS.actionPlan) {
      direct = applyCaseEvent(deps, direct.persisted, e);
      const stored = JSON.stringify(viaJson.persisted);
      viaJson = applyCaseEvent(deps, JSON.parse(stored) as PersistedWorkflow, e);
      expect(JSON.stringify(viaJson.persisted)).toBe(JSON.stringify(direct.persisted));
      expect(viewOf(deps, JSON.parse(stored)).persisted).toEqual(JSON.parse(stored));
    }
    expect(viaJson.state).toBe('actionPlan');
  });

  it('viewOf describes a stored workflow without effects', () => {
    const v = si('panelResponse');
    const view = viewOf(deps, JSON.parse(JSON.stringify(v.persisted)));
    expect(view).toMatchObject({ state: 'panelResponse', stage: 'panelResponse', final: false, effects: [] });
    expect(view.clocks).toEqual(v.clocks);
    expect(view.context).toEqual(v.context);
    expect(si('scoping')).toMatchObject({ state: 'localReview.scoping', stage: 'localReview' });
  });

  it('refuses to restore an unknown machine id or version, or a corrupt snapshot', () => {
    const p = open('serious-incident').persisted;
    expect(() => viewOf(deps, { ...p, machineId: 'other' })).toThrow(WorkflowRestoreError);
    expect(() => viewOf(deps, { ...p, machineVersion: 99 })).toThrow(WorkflowRestoreError);
    expect(() => viewOf(deps, { ...p, snapshot: null })).toThrow(WorkflowRestoreError);
    expect(() => viewOf(deps, { ...p, snapshot: { ...(p.snapshot as object), value: 'nowhere' } })).toThrow(WorkflowRestoreError);
    expect(() => applyCaseEvent(deps, { ...p, machineVersion: 5 }, E.sinSubmitted)).toThrow(WorkflowRestoreError);
  });

  it('statePath writes nested state values as dotted paths', () => {
    expect(statePath('closed')).toBe('closed');
    expect(statePath({ localReview: 'paused' })).toBe('localReview.paused');
    expect(statePath({ a: { b: 'c' } })).toBe('a.b.c');
  });
});

describe('accepted events', () => {
  it('lists what the state accepts, in lifecycle order, optionally for one role', () => {
    const v = si('signingOff');
    expect(acceptedEvents(deps, v.persisted)).toEqual([
      'partners.informed',
      'partners-informed.waived',
      'sin.withdrawn',
      'agency-information.requested',
      'safety-action.recorded',
      'rapid-review.decided',
      'rapid-review.signed-off',
      'rapid-review.submitted',
      'deadline.passed',
    ]);
    expect(acceptedEvents(deps, v.persisted, 'partner-lead')).toEqual(['rapid-review.signed-off']);
    expect(acceptedEvents(deps, v.persisted, 'chair')).toEqual([
      'partners-informed.waived',
      'sin.withdrawn',
      'safety-action.recorded',
      'rapid-review.decided',
    ]);
    expect(acceptedEvents(deps, v.persisted, 'viewer')).toEqual([]);
  });

  it('leaves out what the case rules out whatever the fields (a SIN already sent, nothing outstanding to return)', () => {
    const list = acceptedEvents(deps, si('gathering').persisted);
    expect(list).not.toContain('sin.submitted');
    expect(list).not.toContain('agency-information.returned');
    expect(acceptedEvents(deps, play(si('gathering'), E.agencyRequested).persisted)).toContain('agency-information.returned');
    expect(
      acceptedEvents(deps, open('serious-incident', { incidentOn: '2023-11-01', laAwareOn: '2023-11-02' }).persisted, 'admin'),
    ).toEqual(['edition.migrated']);
    expect(acceptedEvents(deps, open('serious-incident').persisted, 'admin')).toEqual([]);
  });

  it('an InvalidTransitionError names the state and the accepted events; a RuleViolationError names the rule', () => {
    try {
      applyCaseEvent(deps, si('appointing').persisted, E.published);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidTransitionError);
      const err = e as InvalidTransitionError;
      expect(err.status).toBe(409);
      expect(err.currentState).toBe('localReview.appointing');
      expect(err.acceptedEvents).toEqual([
        'reviewer.appointed',
        'local-review.monitored',
        'local-review.paused',
        'clock.extended',
        'deadline.passed',
      ]);
      expect(err.extensions).toEqual({ currentState: 'localReview.appointing', acceptedEvents: err.acceptedEvents });
    }
    try {
      applyCaseEvent(deps, si('gathering').persisted, E.submitted);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolationError);
      expect((e as RuleViolationError).status).toBe(422);
      expect((e as RuleViolationError).extensions).toMatchObject({
        rule: 'rapid-review-needs-decision-and-sign-offs',
        state: 'rapidReview.gathering',
        eventType: 'rapid-review.submitted',
      });
    }
  });

  it('a due date outside the holiday data is a rule violation from the calendar, not a guess, and nothing is saved', () => {
    // LA aware Fri 24 Dec 2027: the SIN's 5th working day falls in 2028, which has no holiday data.
    expect(() =>
      openCase(deps, openingFor('serious-incident', { incidentOn: '2027-12-20', laAwareOn: '2027-12-24' }), {
        actor: actors.bu,
        at: '2027-12-24T10:00:00Z',
      }),
    ).toThrow(MissingHolidayDataError);
    expect(() => openCase(deps, openingFor('serious-incident'), { actor: actors.bu, at: OPENED_AT })).not.toThrow();
    // in a transition too: commissioned 2027-10-01 is fine (months need no holidays), a notice 7 working days before 2028-01-10 is not
    const commissioned = play(
      si('commissioning'),
      { type: 'local-review.commissioned', actor: actors.chair, at: '2027-10-01T10:00:00Z', commissionedOn: '2027-10-01' },
      { type: 'reviewer.appointed', actor: actors.chair, at: '2027-10-02T10:00:00Z', reviewerId: 'r' },
      { type: 'terms-of-reference.agreed', actor: actors.chair, at: '2027-10-03T10:00:00Z' },
      { type: 'draft.received', actor: actors.bu, at: '2027-11-01T10:00:00Z' },
      { type: 'draft.quality-assured', actor: actors.chair, at: '2027-11-02T10:00:00Z' },
      { ...E.lrSignedOffLa, at: '2027-11-03T10:00:00Z' },
      { ...E.lrSignedOffPolice, at: '2027-11-03T10:00:00Z' },
      { ...E.lrSignedOffHealth, at: '2027-11-03T10:00:00Z' },
    );
    const decided = {
      type: 'publication.decided',
      actor: actors.chair,
      at: '2027-11-04T10:00:00Z',
      form: 'full',
      plannedOn: '2028-01-10',
    } as const;
    expect(() => applyCaseEvent(deps, commissioned.persisted, decided)).toThrow(MissingHolidayDataError);
  });
});

describe('machine version 1 cases keep running on version 1 until migrated', () => {
  it('a version 1 snapshot accepts version 1 events only', async () => {
    const { readFileSync } = await import('node:fs');
    const fixture = JSON.parse(readFileSync(new URL('./fixtures/v1/notification.json', import.meta.url), 'utf8')) as {
      persisted: PersistedWorkflow;
    };
    expect(acceptedEvents(deps, fixture.persisted)).toEqual(['sin.submitted', 'agency-information.requested', 'deadline.passed']);
    expect(() => applyCaseEvent(deps, fixture.persisted, E.partnersInformed)).toThrow(InvalidTransitionError);
    const next = applyCaseEvent(deps, fixture.persisted, E.sinSubmitted);
    expect(next.persisted.machineVersion).toBe(1);
    expect(next.state).toBe('rapidReview.gathering');
    expect(next.context.partnersInformed).toBeNull();
  });
});
