import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import { clock, play, refused, si } from './support/play.js';
import { E } from './support/scenario.js';

// Issue 12, item 3: a step may be typed in later than it happened. Its event carries the day it
// happened (defaulting to the day it is recorded), never later than that day and never before the
// incident (1 March 2025 in the scenario), and clocks are met or breached on that day.

describe('the day a step happened', () => {
  it('sign-offs typed in late but dated when given: the sign-off clock is met on the last of those dates', () => {
    // Partners aware Monday 3 March 2025; 14 working days → due Friday 21 March.
    const late = { at: '2025-03-25T10:00:00Z' };
    const dated = play(
      si('signingOff'),
      { ...E.signedOffLa, ...late, signedOffOn: '2025-03-19' },
      { ...E.signedOffPolice, ...late, signedOffOn: '2025-03-20' },
      { ...E.signedOffHealth, ...late, signedOffOn: '2025-03-18' },
    );
    expect(clock(dated, 'partner-sign-off')).toMatchObject({ dueOn: '2025-03-21', metOn: '2025-03-20' });
    expect(dated.context.rapidReview.signOffs.map((s) => s.on)).toEqual(['2025-03-19', '2025-03-20', '2025-03-18']);

    // The same sign-offs with no dates are taken as happening on the 25th: a breach.
    const undated = play(
      si('signingOff'),
      { ...E.signedOffLa, ...late },
      { ...E.signedOffPolice, ...late },
      { ...E.signedOffHealth, ...late },
    );
    expect(clock(undated, 'partner-sign-off')).toMatchObject({ dueOn: '2025-03-21', metOn: '2025-03-25' });
  });

  it('the Panel’s response is received on the day it responded, not the day it was typed in', () => {
    const view = play(si('panelResponse'), { ...E.panelAgreed, at: '2025-04-10T10:00:00Z', respondedOn: '2025-04-03' });
    // Submitted Friday 21 March; about 10 working days → 4 April.
    expect(clock(view, 'panel-response')).toMatchObject({ dueOn: '2025-04-04', metOn: '2025-04-03' });
    expect(view.context.panelResponses[0]).toMatchObject({ receivedOn: '2025-04-03', at: '2025-04-10T10:00:00Z' });
  });

  it('terms of reference, drafts, quality assurance, pauses and deferrals keep their own dates', () => {
    const inProgress = play(si('scoping'), { ...E.termsAgreed, agreedOn: '2025-05-02' });
    expect(inProgress.context.localReview.termsAgreedOn).toBe('2025-05-02');

    const paused = play(inProgress, { ...E.paused, pausedOn: '2025-05-30' });
    expect(paused.context.pauses[0]).toMatchObject({ from: '2025-05-30', resumedOn: null });
    expect(clock(paused, 'lcspr-publication')).toMatchObject({ pausedFrom: '2025-05-30' });
    const resumed = play(paused, { ...E.resumed, resumedOn: '2025-08-29' });
    expect(resumed.context.pauses[0]).toMatchObject({ from: '2025-05-30', resumedOn: '2025-08-29' });

    const assured = play(resumed, { ...E.draftReceived, receivedOn: '2025-09-12' }, { ...E.qualityAssured, assuredOn: '2025-09-19' });
    expect(assured.context.localReview.drafts.map((d) => d.on)).toEqual(['2025-09-12']);
    expect(assured.context.localReview.qualityAssuredOn).toBe('2025-09-19');

    const deferred = play(si('awaitingPublication'), { ...E.deferred, deferredOn: '2025-10-01' });
    expect(deferred.context.publication.deferrals[0]).toMatchObject({ on: '2025-10-01', reviewOn: '2025-11-03' });
  });

  it('left out, each date is the day the event is recorded', () => {
    const view = play(si('scoping'), E.termsAgreed);
    expect(view.context.localReview.termsAgreedOn).toBe('2025-05-06');
  });

  it.each([
    [
      'a draft received after the day it is recorded',
      'qualityAssurance',
      { ...E.draftReceived, receivedOn: '2025-09-16' },
      'date-in-future',
    ],
    ['a sign-off dated before the incident', 'signingOff', { ...E.signedOffLa, signedOffOn: '2025-02-28' }, 'date-before-incident'],
    ['a Panel response dated tomorrow', 'panelResponse', { ...E.panelAgreed, respondedOn: '2025-04-04' }, 'date-in-future'],
    [
      'a case closed on a day after it is recorded',
      'actionPlan',
      { type: 'case.closed', actor: E.closed.actor, at: '2025-10-14T10:00:00Z', reasons: 'done', openActions: 0, closedOn: '2025-10-15' },
      'date-in-future',
    ],
  ] as const)('%s is refused (422, %s)', (_label, path, event, rule) => {
    const view = si(path as Parameters<typeof si>[0]);
    refused(view, event as never, RuleViolationError, rule);
  });

  it('a review cannot resume before its pause began', () => {
    const paused = play(si('inProgress'), { ...E.paused, pausedOn: '2025-05-30' });
    refused(paused, { ...E.resumed, resumedOn: '2025-05-29' }, RuleViolationError, 'resumed-before-paused');
  });
});
