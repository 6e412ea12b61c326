/**
 * Every transition and guard of the current machine (version 2), driven through the facade with
 * a JSON round trip between events. Dates are the scenario's literals (LA aware Mon 2025-03-03).
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, InvalidTransitionError, RuleViolationError, ValidationError } from '../../../src/errors/app-errors.js';
import { openCase, applyCaseEvent, acceptedEvents } from '../../../workflows/case-workflow.js';
import type { CaseEvent } from '../../../workflows/case-events.schema.js';
import { E, OPENED_AT, actors, deps, openingFor } from './support/scenario.js';
import { SI_PATHS, but, clock, dues, open, play, refused, si } from './support/play.js';

const RR_DUES = {
  'rapid-review': '2025-03-24',
  'agency-returns': '2025-03-17',
  'rapid-review-meeting': '2025-03-19',
  'partner-sign-off': '2025-03-21',
};

describe('opening a case', () => {
  it('a serious incident starts in notification with the SIN, partners-informed and rapid review clocks', () => {
    const v = open('serious-incident');
    expect(v.state).toBe('notification');
    expect(v.stage).toBe('notification');
    expect(v.final).toBe(false);
    expect(v.context.edition).toBe('wt-2023');
    expect(dues(v)).toEqual({ 'sin-notification': '2025-03-10', 'partners-informed': '2025-03-10', ...RR_DUES });
    expect(v.effects).toEqual([{ kind: 'notify-partners', detail: { reason: 'serious-incident-opened', sinDueOn: '2025-03-10' } }]);
  });

  it('rapid review clocks count from the date the partners became aware', () => {
    const v = openCase(deps, openingFor('serious-incident', { partnersAwareOn: '2025-03-05' }), {
      actor: actors.bu,
      at: '2025-03-05T10:00:00Z',
    });
    // Wed 5 March + 15 working days = Wed 26 March
    expect(dues(v)['rapid-review']).toBe('2025-03-26');
    expect(dues(v)['sin-notification']).toBe('2025-03-10');
  });

  it('a partnership override of a local clock changes its due date', async () => {
    const { resolveClockRules } = await import('../../../src/calendar/index.js');
    const local = { ...deps, clockRules: resolveClockRules({ 'agency-returns': { length: 8 } }) };
    const v = openCase(local, openingFor('serious-incident'), { actor: actors.bu, at: OPENED_AT });
    expect(dues(v)['agency-returns']).toBe('2025-03-13');
  });

  it.each([
    ['looked-after-death', 'notification', { 'child-death-notification': '2025-03-10' }],
    ['care-leaver-death', 'notification', { 'child-death-notification': '2025-03-10' }],
    ['referral', 'screening', {}],
    ['youth-justice-incident', 'screening', {}],
    ['out-of-area', 'supporting', {}],
    ['national-review', 'nationalReview', {}],
  ] as const)('%s starts in %s', (route, state, clocks) => {
    const v = open(route);
    expect(v.state).toBe(state);
    expect(dues(v)).toEqual(clocks);
    expect(v.effects).toEqual([]);
  });

  it('chooses the edition from the date the LA became aware (boundary 2023-12-15)', () => {
    const before = open('serious-incident', { incidentOn: '2023-12-10', laAwareOn: '2023-12-14' });
    const after = open('serious-incident', { incidentOn: '2023-12-10', laAwareOn: '2023-12-15' });
    expect(before.context.edition).toBe('wt-2018');
    expect(after.context.edition).toBe('wt-2023');
    // 14 Dec 2023 (Thu) + 5 working days = 21 Dec; 15 Dec (Fri) + 5 = 22 Dec.
    expect(dues(before)['sin-notification']).toBe('2023-12-21');
    expect(dues(after)['sin-notification']).toBe('2023-12-22');
  });

  it('care-leaver deaths exist only under the 2023 edition', () => {
    expect(() => open('care-leaver-death', { incidentOn: '2023-11-01', laAwareOn: '2023-11-02' })).toThrow(RuleViolationError);
    try {
      open('care-leaver-death', { incidentOn: '2023-11-01', laAwareOn: '2023-11-02' });
    } catch (e) {
      expect((e as RuleViolationError).rule).toBe('route-not-in-edition');
    }
    expect(open('care-leaver-death').context.edition).toBe('wt-2023');
  });

  it('refuses an invalid opening, a future date, and roles that may not open the route', () => {
    expect(() => open('serious-incident', { laArea: '' })).toThrow(ValidationError);
    expect(() => openCase(deps, { ...openingFor('serious-incident'), extra: 1 } as never, { actor: actors.bu, at: OPENED_AT })).toThrow(
      ValidationError,
    );
    expect(() => open('serious-incident', { laAwareOn: '2025-03-04' })).toThrow(RuleViolationError);
    expect(() => openCase(deps, openingFor('serious-incident'), { actor: actors.viewer, at: OPENED_AT })).toThrow(ForbiddenError);
    expect(() => openCase(deps, openingFor('serious-incident'), { actor: actors.agency, at: OPENED_AT })).toThrow(ForbiddenError);
    expect(() => openCase(deps, openingFor('serious-incident'), { actor: actors.bu, at: 'yesterday' })).toThrow(ValidationError);
  });

  it('an agency refers cases for its own organisation only', () => {
    expect(openCase(deps, openingFor('referral'), { actor: actors.agency, at: OPENED_AT }).state).toBe('screening');
    expect(() =>
      openCase(deps, openingFor('referral', { referringOrganisationId: 'org-school' }), { actor: actors.agency, at: OPENED_AT }),
    ).toThrow(ForbiddenError);
  });
});

describe('screening', () => {
  it.each([
    [E.screenedAlternative, 'alternativeLearning'],
    [E.screenedLocal, 'rapidReview.gathering'],
    [E.screenedNotify, 'notification'],
    [E.screenedElsewhere, 'closed'],
    [E.screenedNoAction, 'closed'],
  ] as const)('outcome %#: %s', (event, state) => {
    const v = play(open('referral'), event);
    expect(v.state).toBe(state);
    expect(v.context.screening).toMatchObject({ outcome: event.outcome, reasons: event.reasons, by: 'chair-1' });
  });

  it('referred elsewhere or no further action closes the case with the screening reasons', () => {
    const v = play(open('referral'), E.screenedElsewhere);
    expect(v.final).toBe(true);
    expect(v.context.screening?.process).toBe('domestic-homicide-review');
    expect(v.context.closure).toMatchObject({ kind: 'referred-elsewhere', reasons: E.screenedElsewhere.reasons, chairOverride: false });
    expect(play(open('youth-justice-incident'), E.screenedNoAction).context.closure?.kind).toBe('no-further-action');
  });

  it('screened to notify: the SIN clock counts from the LA-aware date, and the rapid review clocks start', () => {
    const v = play(open('referral'), E.screenedNotify);
    expect(dues(v)).toEqual({ 'sin-notification': '2025-03-10', ...RR_DUES });
  });

  it('a local rapid review has the rapid review clocks but no SIN clock, and goes to no Panel', () => {
    const v = play(open('referral'), E.screenedLocal);
    expect(dues(v)).toEqual(RR_DUES);
    const done = play(v, E.meetingHeld, E.decidedNoLocalReview, E.signedOffLa, E.signedOffPolice, E.signedOffHealth, E.submitted);
    expect(done.state).toBe('actionPlan');
    expect(done.effects).toEqual([{ kind: 'create-actions', detail: { source: 'rapid-review' } }]);
    const lr = play(v, E.meetingHeld, E.decidedLocalReview, E.signedOffLa, E.signedOffPolice, E.signedOffHealth, E.submitted);
    expect(lr.state).toBe('localReview.commissioning');
    expect(lr.effects).toEqual([]);
  });

  it('a SIN can only be submitted on routes that notify (a referral not screened to notify)', () => {
    const e = refused(open('referral'), E.sinSubmitted, RuleViolationError, 'sin-only-on-notifying-routes');
    expect(e.message).toMatch(/screened with the outcome notify/);
    refused(play(open('referral'), E.screenedAlternative), E.sinSubmitted, RuleViolationError, 'sin-only-on-notifying-routes');
    refused(open('out-of-area'), E.sinSubmitted, RuleViolationError, 'sin-only-on-notifying-routes');
    refused(open('national-review'), E.sinSubmitted, RuleViolationError, 'sin-only-on-notifying-routes');
    expect(acceptedEvents(deps, open('out-of-area').persisted)).not.toContain('sin.submitted');
    expect(play(open('referral'), E.screenedNotify, E.sinSubmitted).state).toBe('rapidReview.gathering');
  });

  it('a death is notified first, then screened; screened notify goes straight to a rapid review for the Panel', () => {
    const notified = play(open('looked-after-death'), E.sinSubmitted);
    expect(notified.state).toBe('screening');
    expect(notified.context.notification).toMatchObject({ kind: 'child-death', submittedOn: '2025-03-07' });
    expect(clock(notified, 'child-death-notification')?.metOn).toBe('2025-03-07');
    refused(notified, E.sinSubmitted, RuleViolationError, 'sin-submitted-once');
    const rr = play(notified, E.screenedNotify);
    expect(rr.state).toBe('rapidReview.gathering');
    const sent = play(rr, E.meetingHeld, E.decidedNoLocalReview, E.signedOffLa, E.signedOffPolice, E.signedOffHealth, E.submitted);
    expect(sent.state).toBe('panelResponse');
  });

  it('a death screened to a local rapid review (no abuse suspected) is not sent to the Panel', () => {
    const v = play(open('care-leaver-death'), E.sinSubmitted, E.screenedLocal);
    const done = play(v, E.meetingHeld, E.decidedNoLocalReview, E.signedOffLa, E.signedOffPolice, E.signedOffHealth, E.submitted);
    expect(done.state).toBe('actionPlan');
  });

  it('only the chair screens', () => {
    refused(open('referral'), but(E.screenedNotify, { actor: actors.bu }), ForbiddenError);
  });
});

describe('notification', () => {
  it('sin.submitted meets the SIN clock and starts the rapid review', () => {
    const v = si('gathering');
    expect(v.state).toBe('rapidReview.gathering');
    expect(clock(v, 'sin-notification')).toMatchObject({ dueOn: '2025-03-10', metOn: '2025-03-07' });
    expect(v.context.notification).toMatchObject({ kind: 'serious-incident', submittedOn: '2025-03-07', by: 'bu-1' });
  });

  it('a late SIN is recorded as a breach with its reason', () => {
    const late = but(E.sinSubmitted, { at: '2025-03-12T09:00:00Z', submittedOn: '2025-03-11', lateReason: 'awareness was unclear' });
    const v = play(open('serious-incident'), late);
    expect(clock(v, 'sin-notification')).toMatchObject({ dueOn: '2025-03-10', metOn: '2025-03-11', lateReason: 'awareness was unclear' });
  });

  it('dates cannot be after the day they are recorded, nor before the incident', () => {
    refused(open('serious-incident'), but(E.sinSubmitted, { submittedOn: '2025-03-08' }), RuleViolationError, 'date-in-future');
    refused(open('serious-incident'), but(E.sinSubmitted, { submittedOn: '2025-02-27' }), RuleViolationError, 'date-before-incident');
  });

  it('partners.informed records the date and meets its clock, once, on the SIN route only', () => {
    const v = play(open('serious-incident'), E.partnersInformed);
    expect(v.state).toBe('notification');
    expect(v.context.partnersInformed).toMatchObject({ informedOn: '2025-03-05' });
    expect(clock(v, 'partners-informed')?.metOn).toBe('2025-03-05');
    refused(v, E.partnersInformed, RuleViolationError, 'partners-informed-once');
    // also accepted later in the rapid review
    expect(play(si('gathering'), E.partnersInformed).context.partnersInformed?.informedOn).toBe('2025-03-05');
    refused(play(open('referral'), E.screenedNotify), E.partnersInformed, RuleViolationError, 'partners-informed-on-sin-route');
  });

  it('events the notification stage does not take are 409 with the accepted list', () => {
    const e = refused(open('serious-incident'), E.meetingHeld, InvalidTransitionError);
    expect(e.currentState).toBe('notification');
    expect(e.acceptedEvents).toEqual([
      'sin.submitted',
      'partners.informed',
      'partners-informed.waived',
      'agency-information.requested',
      'deadline.passed',
    ]);
  });
});

describe('agency information', () => {
  it('requests default their due date to the agency-returns clock; returns meet it when all are in', () => {
    const asked = play(open('serious-incident'), E.agencyRequested);
    expect(asked.context.agencyRequests.map((r) => [r.agency, r.dueOn, r.returnedOn])).toEqual([
      ['org-police', '2025-03-17', null],
      ['org-health', '2025-03-17', null],
    ]);
    expect(asked.effects).toEqual([
      { kind: 'request-agency-information', detail: { agencies: ['org-police', 'org-health'], dueOn: '2025-03-17' } },
    ]);
    expect(asked.context.agencies).toEqual(['org-police', 'org-health']);
    const one = play(asked, E.agencyReturned);
    expect(clock(one, 'agency-returns')?.metOn).toBeUndefined();
    const both = play(one, { type: 'agency-information.returned', actor: actors.bu, at: '2025-03-14T10:00:00Z', agency: 'org-health' });
    expect(clock(both, 'agency-returns')?.metOn).toBe('2025-03-14');
  });

  it('an agency returns only its own information; only requested agencies return; no duplicate requests', () => {
    const asked = play(open('serious-incident'), E.agencyRequested);
    refused(asked, but(E.agencyReturned, { agency: 'org-health' }), ForbiddenError);
    refused(
      asked,
      but(E.agencyReturned, { actor: actors.bu, agency: 'org-school' }),
      RuleViolationError,
      'agency-information-not-requested',
    );
    refused(asked, E.agencyRequested, RuleViolationError, 'agency-request-outstanding');
    refused(open('serious-incident'), but(E.agencyRequested, { dueOn: '2025-03-01' }), RuleViolationError, 'agency-request-due-in-past');
  });
});

describe('rapid review', () => {
  it('meeting → deciding → decided → signingOff', () => {
    const met = si('deciding');
    expect(met.state).toBe('rapidReview.deciding');
    expect(clock(met, 'rapid-review-meeting')?.metOn).toBe('2025-03-18');
    const decided = play(met, E.decidedLocalReview);
    expect(decided.state).toBe('rapidReview.signingOff');
    expect(decided.context.rapidReview.decision).toMatchObject({
      localReview: true,
      criteriaMet: ['improvements-needed', 'multi-agency-working'],
    });
  });

  it('cannot be submitted before the decision is recorded', () => {
    refused(si('gathering'), E.submitted, RuleViolationError, 'rapid-review-needs-decision-and-sign-offs');
    const e = refused(si('deciding'), E.submitted, RuleViolationError, 'rapid-review-needs-decision-and-sign-offs');
    expect(e.message).toMatch(/decision has not been recorded/);
  });

  it('cannot be submitted until all three partners signed off', () => {
    const two = play(si('signingOff'), E.signedOffLa, E.signedOffPolice);
    const e = refused(two, E.submitted, RuleViolationError, 'rapid-review-needs-decision-and-sign-offs');
    expect(e.message).toBe('not yet signed off by health');
    const sent = play(two, E.signedOffHealth, E.partnersInformed, E.submitted);
    expect(sent.state).toBe('panelResponse');
    expect(clock(sent, 'partner-sign-off')?.metOn).toBe('2025-03-20');
    expect(clock(sent, 'rapid-review')).toMatchObject({ dueOn: '2025-03-24', metOn: '2025-03-21' });
    expect(clock(sent, 'panel-response')).toMatchObject({ startedOn: '2025-03-21', dueOn: '2025-04-04' });
    expect(sent.context.rapidReview.submissions).toMatchObject([
      { submittedOn: '2025-03-21', partners: ['local-authority', 'police', 'health'] },
    ]);
    expect(sent.effects).toEqual([{ kind: 'notify-panel', detail: { document: 'rapid-review', submittedOn: '2025-03-21' } }]);
  });

  it('a partner signs once, for their own partner only, and a new decision clears the sign-offs', () => {
    const one = play(si('signingOff'), E.signedOffLa);
    refused(one, E.signedOffLa, RuleViolationError, 'partner-signed-off-once');
    refused(one, but(E.signedOffPolice, { actor: actors.lead('health') }), ForbiddenError);
    refused(one, but(E.signedOffPolice, { actor: actors.chair }), ForbiddenError);
    const redecided = play(one, E.decidedNoLocalReview);
    expect(redecided.state).toBe('rapidReview.signingOff');
    expect(redecided.context.rapidReview.signOffs).toEqual([]);
    refused(redecided, E.submitted, RuleViolationError, 'rapid-review-needs-decision-and-sign-offs');
  });

  it('a decision for a local review names its criteria', () => {
    refused(si('deciding'), but(E.decidedLocalReview, { criteriaMet: [] }), RuleViolationError, 'local-review-decision-needs-criteria');
  });

  it('signing off before a decision is not accepted in gathering or deciding (409)', () => {
    refused(si('gathering'), E.signedOffLa, InvalidTransitionError);
    refused(si('deciding'), E.signedOffLa, InvalidTransitionError);
  });

  it('a withdrawn SIN ends the rapid review (and the case) with reasons', () => {
    const v = play(si('deciding'), E.sinWithdrawn);
    expect(v.state).toBe('closed');
    expect(v.final).toBe(true);
    expect(v.context.withdrawal).toMatchObject({ reasons: E.sinWithdrawn.reasons, by: 'chair-1' });
    expect(v.context.closure).toMatchObject({ kind: 'sin-withdrawn', reasons: E.sinWithdrawn.reasons });
    expect(v.effects).toEqual([{ kind: 'notify-partners', detail: { reason: 'sin-withdrawn' } }]);
    expect(play(si('panelResponse'), E.sinWithdrawn).state).toBe('closed');
    refused(si('gathering'), but(E.sinWithdrawn, { reasons: '' }), ValidationError);
    refused(play(open('referral'), E.screenedLocal), E.sinWithdrawn, RuleViolationError, 'withdrawal-needs-a-notification');
  });
});

describe('Panel response', () => {
  it('a challenge returns the case to the rapid review for revision; sign-offs reset; resubmission restarts the Panel clock', () => {
    const challenged = play(si('panelResponse'), E.panelChallenged);
    expect(challenged.state).toBe('rapidReview.revising');
    expect(challenged.context.rapidReview.signOffs).toEqual([]);
    expect(challenged.context.rapidReview.decision).not.toBeNull();
    expect(clock(challenged, 'panel-response')?.metOn).toBe('2025-04-03');
    expect(challenged.effects).toEqual([{ kind: 'notify-partners', detail: { reason: 'panel-challenge' } }]);
    refused(challenged, E.submitted, RuleViolationError, 'rapid-review-needs-decision-and-sign-offs');
    refused(challenged, E.signedOffLa, InvalidTransitionError);
    const revisedAt = '2025-04-08T10:00:00Z';
    const resubmitted = play(
      challenged,
      but(E.meetingHeld, { at: revisedAt, heldOn: '2025-04-08' }),
      but(E.decidedLocalReview, { at: revisedAt, reasons: 'revised after the Panel challenge' }),
      but(E.signedOffLa, { at: revisedAt }),
      but(E.signedOffPolice, { at: revisedAt }),
      but(E.signedOffHealth, { at: revisedAt }),
      but(E.submitted, { at: '2025-04-09T10:00:00Z', submittedOn: '2025-04-09' }),
    );
    expect(resubmitted.state).toBe('panelResponse');
    expect(resubmitted.context.rapidReview.submissions.map((s) => s.submittedOn)).toEqual(['2025-03-21', '2025-04-09']);
    // 9 Apr (Wed) + 10 working days: 10, 11, 14, 15, 16, 17, (Good Friday 18, Easter Monday 21), 22, 23, 24, 25.
    expect(clock(resubmitted, 'panel-response')).toMatchObject({ startedOn: '2025-04-09', dueOn: '2025-04-25' });
    expect(resubmitted.context.archivedClocks.map((c) => [c.clockId, c.dueOn, c.metOn])).toEqual([
      ['panel-response', '2025-04-04', '2025-04-03'],
    ]);
    // the rapid-review clock keeps its first (met) submission date
    expect(clock(resubmitted, 'rapid-review')?.metOn).toBe('2025-03-21');
  });

  it('agreed follows the decision (local review), or says otherwise', () => {
    expect(play(si('panelResponse'), E.panelAgreed).state).toBe('localReview.commissioning');
    const noLr = play(si('panelResponse'), E.panelAgreedNoLocalReview);
    expect(noLr.state).toBe('actionPlan');
    expect(noLr.effects).toEqual([{ kind: 'create-actions', detail: { source: 'rapid-review' } }]);
    const signedNoLr = play(
      open('serious-incident'),
      E.sinSubmitted,
      E.partnersInformed,
      E.meetingHeld,
      E.decidedNoLocalReview,
      E.signedOffLa,
      E.signedOffPolice,
      E.signedOffHealth,
      E.submitted,
    );
    expect(play(signedNoLr, E.panelAgreed).state).toBe('actionPlan');
    expect(play(signedNoLr, but(E.panelAgreed, { localReview: true })).state).toBe('localReview.commissioning');
  });

  it('a national review: local partners take part, then act on the findings', () => {
    const v = play(si('panelResponse'), E.panelNational);
    expect(v.state).toBe('nationalReview');
    expect(v.effects).toEqual([{ kind: 'notify-partners', detail: { reason: 'national-review' } }]);
    const monitored = play(v, E.monitored, E.agencyRequested);
    expect(monitored.state).toBe('nationalReview');
    const done = play(monitored, E.learningCompleted);
    expect(done.state).toBe('actionPlan');
    expect(done.effects).toEqual([{ kind: 'create-actions', detail: { source: 'national-review' } }]);
  });

  it('only the business unit logs the Panel response', () => {
    refused(si('panelResponse'), but(E.panelAgreed, { actor: actors.chair }), ForbiddenError);
  });
});

describe('local review', () => {
  it('commissioning starts the 6-month clock; reviewer, terms of reference, draft, QA, sign-off lead to publication', () => {
    const a = si('appointing');
    expect(a.state).toBe('localReview.appointing');
    expect(clock(a, 'lcspr-publication')).toMatchObject({ startedOn: '2025-04-14', dueOn: '2025-10-14' });
    expect(si('scoping').context.localReview.reviewerId).toBe('reviewer-1');
    expect(si('inProgress').context.localReview.termsAgreedOn).toBe('2025-05-06');
    const qa = si('qualityAssurance');
    expect(qa.state).toBe('localReview.qualityAssurance');
    expect(play(qa, but(E.draftReceived, { at: '2025-09-18T10:00:00Z' })).context.localReview.drafts).toHaveLength(2);
    const signing = si('lrSigningOff');
    expect(signing.state).toBe('localReview.signingOff');
    const two = play(signing, E.lrSignedOffLa, E.lrSignedOffPolice);
    expect(two.state).toBe('localReview.signingOff');
    refused(two, E.lrSignedOffPolice, RuleViolationError, 'partner-signed-off-once');
    refused(two, but(E.lrSignedOffHealth, { actor: actors.lead('police') }), ForbiddenError);
    expect(play(two, E.lrSignedOffHealth).state).toBe('publication.deciding');
  });

  it('monitoring is recorded in every step', () => {
    for (const path of ['commissioning', 'appointing', 'scoping', 'inProgress', 'qualityAssurance', 'lrSigningOff'] as const) {
      const v = play(si(path), E.monitored);
      expect(v.state).toBe(si(path).state);
      expect(v.context.localReview.monitoring).toMatchObject([{ notes: 'on track', on: '2025-05-20' }]);
    }
  });

  it.each([
    ['appointing', 'localReview.appointing'],
    ['scoping', 'localReview.scoping'],
    ['inProgress', 'localReview.inProgress'],
    ['qualityAssurance', 'localReview.qualityAssurance'],
  ] as const)('a pause from %s records the process and expected end, keeps the 6-month date, and resumes there', (path, state) => {
    const paused = play(si(path), E.paused);
    expect(paused.state).toBe('localReview.paused');
    expect(paused.context.pauses).toMatchObject([
      { process: 'criminal-trial', from: '2025-06-02', expectedEndOn: '2025-09-01', resumedOn: null },
    ]);
    expect(clock(paused, 'lcspr-publication')).toMatchObject({
      dueOn: '2025-10-14',
      originalDueOn: '2025-10-14',
      pausedFrom: '2025-06-02',
      pauses: [{ from: '2025-06-02', process: 'criminal-trial' }],
    });
    const resumed = play(paused, E.resumed);
    expect(resumed.state).toBe(state);
    expect(resumed.context.pauses[0]?.resumedOn).toBe('2025-09-01');
    const lcspr = clock(resumed, 'lcspr-publication')!;
    expect(lcspr.dueOn).toBe('2025-10-14');
    expect(lcspr.pausedFrom).toBeUndefined();
    expect(lcspr.pauses).toEqual([{ from: '2025-06-02', to: '2025-09-01', process: 'criminal-trial' }]);
  });

  it('a pause needs an expected end after today, and is not possible before commissioning or while signing off', () => {
    refused(si('inProgress'), but(E.paused, { expectedEndOn: '2025-06-02' }), RuleViolationError, 'pause-needs-expected-end');
    refused(si('inProgress'), but(E.paused, { process: 'holiday' }), ValidationError);
    refused(si('commissioning'), E.paused, InvalidTransitionError);
    refused(si('lrSigningOff'), E.paused, InvalidTransitionError);
    refused(si('inProgress'), E.resumed, InvalidTransitionError);
  });

  it('the 6-month clock may be extended with reasons; the original date is kept and the Panel and SoS told', () => {
    const ext = {
      type: 'clock.extended',
      actor: actors.chair,
      at: '2025-09-02T10:00:00Z',
      clockId: 'lcspr-publication',
      newDueOn: '2026-01-30',
      reasons: 'trial ran long',
    } as const;
    const v = play(si('inProgress'), ext);
    expect(clock(v, 'lcspr-publication')).toMatchObject({
      originalDueOn: '2025-10-14',
      dueOn: '2026-01-30',
      revisions: [{ dueOn: '2026-01-30', by: 'chair-1', at: '2025-09-02T10:00:00Z', reasons: 'trial ran long' }],
    });
    expect(v.effects.map((e) => e.kind)).toEqual(['notify-panel', 'notify-secretary-of-state']);
    refused(v, but(ext, { newDueOn: '2026-01-29' }), RuleViolationError, 'extension-not-later');
    refused(v, but(ext, { clockId: 'sin-notification', newDueOn: '2026-01-31' }), RuleViolationError, 'clock-not-extendable');
    refused(v, but(ext, { clockId: 'publication-notice' }), RuleViolationError, 'clock-not-started');
    refused(v, but(ext, { actor: actors.lead('police') }), ForbiddenError);
  });
});

describe('publication', () => {
  it('a decision plans the date and starts the notice clock (7 working days before)', () => {
    const v = si('noticePending');
    expect(v.state).toBe('publication.noticePending');
    expect(clock(v, 'publication-notice')).toMatchObject({ startedOn: '2025-10-13', dueOn: '2025-10-02' });
    expect(v.effects).toEqual([]);
  });

  it('cannot be published without a decision or without the notice', () => {
    refused(si('publicationDeciding'), E.published, RuleViolationError, 'publication-needs-decision');
    const e = refused(si('noticePending'), E.published, RuleViolationError, 'publication-needs-notice-7-working-days-before');
    expect(e.message).toMatch(/has not been sent/);
  });

  it('the notice goes to the Panel, the Secretary of State and Ofsted', () => {
    refused(
      si('noticePending'),
      but(E.noticeSent, { recipients: ['panel', 'ofsted'] }),
      RuleViolationError,
      'publication-notice-recipients',
    );
    const v = si('awaitingPublication');
    expect(v.state).toBe('publication.awaitingPublication');
    expect(clock(v, 'publication-notice')?.metOn).toBe('2025-10-02');
  });

  it('publication needs the notice at least 7 working days before the publication date', () => {
    const v = si('awaitingPublication');
    const e = refused(
      v,
      but(E.published, { publishedOn: '2025-10-10', at: '2025-10-10T10:00:00Z' }),
      RuleViolationError,
      'publication-needs-notice-7-working-days-before',
    );
    expect(e.message).toMatch(/no earlier than 2025-10-13/);
    const published = play(v, E.published);
    expect(published.state).toBe('actionPlan');
    expect(clock(published, 'lcspr-publication')?.metOn).toBe('2025-10-13');
    expect(clock(published, 'report-kept-published')).toMatchObject({ startedOn: '2025-10-13', dueOn: '2026-10-13' });
    expect(published.effects).toEqual([
      { kind: 'notify-nspcc', detail: { address: E.published.address, publishedOn: '2025-10-13' } },
      { kind: 'create-actions', detail: { source: 'lcspr' } },
    ]);
  });

  it('a deferral needs reasons and a later review date; it tells the Panel and the Secretary of State', () => {
    refused(si('noticePending'), but(E.deferred, { reasons: '' }), ValidationError);
    const { reviewOn: _r, ...noDate } = E.deferred;
    void _r;
    refused(si('noticePending'), noDate as CaseEvent, ValidationError);
    refused(si('noticePending'), but(E.deferred, { reviewOn: '2025-10-03' }), RuleViolationError, 'deferral-needs-reasons-and-review-date');
    const v = play(si('noticePending'), E.deferred);
    expect(v.state).toBe('publication.deferred');
    expect(v.context.publication.deferrals).toMatchObject([{ reasons: E.deferred.reasons, reviewOn: '2025-11-03' }]);
    expect(v.effects.map((e) => e.kind)).toEqual(['notify-panel', 'notify-secretary-of-state']);
    expect(play(si('publicationDeciding'), E.deferred).state).toBe('publication.deferred');
  });

  it('a deferred publication is not published until a new decision', () => {
    const deferred = play(si('awaitingPublication'), E.deferred);
    refused(deferred, E.published, RuleViolationError, 'publication-needs-decision');
    const replanned = but(E.publicationDecided, { at: '2025-11-03T10:00:00Z', plannedOn: '2025-11-17' });
    expect(play(deferred, replanned).state).toBe('publication.awaitingPublication');
    const noNotice = play(si('noticePending'), E.deferred, replanned);
    expect(noNotice.state).toBe('publication.noticePending');
    expect(clock(noNotice, 'publication-notice')).toMatchObject({ startedOn: '2025-11-17', dueOn: '2025-11-06' });
    expect(noNotice.context.archivedClocks.map((c) => c.clockId)).toEqual(['publication-notice']);
  });

  it('publishing only the improvements needs the reasons, which go to the Panel and the Secretary of State', () => {
    const improvements = but(E.publicationDecided, { form: 'improvements-only' });
    refused(si('publicationDeciding'), improvements, RuleViolationError, 'not-publishing-full-report-needs-reasons');
    const v = play(si('publicationDeciding'), but(improvements, { reasons: 'the family would be identified' }));
    expect(v.effects.map((e) => [e.kind, e.detail.reason])).toEqual([
      ['notify-panel', 'full-report-not-published'],
      ['notify-secretary-of-state', 'full-report-not-published'],
    ]);
    refused(
      si('publicationDeciding'),
      but(E.publicationDecided, { plannedOn: '2025-09-30' }),
      RuleViolationError,
      'planned-publication-in-past',
    );
  });
});

describe('action plan and closure', () => {
  it('a case cannot close while actions are open unless the chair closes it with reasons', () => {
    const v = si('actionPlan');
    refused(v, but(E.closed, { openActions: 2 }), RuleViolationError, 'closure-needs-completed-actions-or-chair');
    refused(
      play(v, E.learningCompleted, E.actionPlanCompleted),
      but(E.closed, { openActions: 1 }),
      RuleViolationError,
      'closure-needs-completed-actions-or-chair',
    );
    const byChair = play(
      v,
      but(E.closed, { actor: actors.chair, openActions: 2, reasons: 'remaining actions moved to the business plan' }),
    );
    expect(byChair.state).toBe('closed');
    expect(byChair.context.closure).toMatchObject({
      kind: 'closed',
      openActions: 2,
      chairOverride: true,
      role: 'chair',
      reasons: 'remaining actions moved to the business plan',
    });
  });

  it('the business unit closes once the actions are complete and the learning spread', () => {
    const v = si('actionPlan');
    refused(v, E.closed, RuleViolationError, 'closure-needs-completed-actions-or-chair');
    const done = play(v, E.learningCompleted, E.actionPlanCompleted, E.closed);
    expect(done.final).toBe(true);
    expect(done.context.closure).toMatchObject({ kind: 'closed', openActions: 0, chairOverride: false, role: 'business-unit' });
    refused(play(v, E.learningCompleted), E.learningCompleted, RuleViolationError, 'learning-completed-once');
    refused(play(v, E.actionPlanCompleted), E.actionPlanCompleted, RuleViolationError, 'action-plan-completed-once');
  });

  it('openActions is set by the server: a reason is always required and a client cannot send it', () => {
    refused(si('actionPlan'), but(E.closed, { reasons: '  ' }), ValidationError);
    refused(si('actionPlan'), but(E.closed, { openActions: -1 }), ValidationError);
  });

  it('a closed case accepts nothing', () => {
    const closed = play(si('gathering'), E.sinWithdrawn);
    const e = refused(
      closed,
      { type: 'deadline.passed', actor: actors.system, at: '2025-04-01T10:00:00Z', clockId: 'rapid-review' },
      InvalidTransitionError,
    );
    expect(e.currentState).toBe('closed');
    expect(e.acceptedEvents).toEqual([]);
    expect(acceptedEvents(deps, closed.persisted)).toEqual([]);
  });
});

describe('route-specific stages', () => {
  it('out-of-area: supports another partnership, then acts on the learning', () => {
    const v = play(open('out-of-area'), E.agencyRequested, E.agencyReturned, E.meetingHeld, E.monitored);
    expect(v.state).toBe('supporting');
    expect(v.context.rapidReview.meetings).toHaveLength(1);
    const done = play(v, E.learningCompleted);
    expect(done.state).toBe('actionPlan');
    expect(done.effects).toEqual([{ kind: 'create-actions', detail: { source: 'out-of-area' } }]);
  });

  it('alternative learning ends in the action plan', () => {
    const v = play(open('referral'), E.screenedAlternative, E.monitored);
    expect(v.state).toBe('alternativeLearning');
    expect(play(v, E.learningCompleted).effects).toEqual([{ kind: 'create-actions', detail: { source: 'alternative-learning' } }]);
  });
});

describe('deadline.passed (the sweeper)', () => {
  const passed = (clockId: string, at: string): CaseEvent => ({ type: 'deadline.passed', actor: actors.system, at, clockId }) as CaseEvent;

  it('records an overdue clock once; a second one changes nothing', () => {
    const v = play(open('serious-incident'), passed('sin-notification', '2025-03-11T06:00:00Z'));
    expect(v.state).toBe('notification');
    expect(v.context.deadlineNotices).toEqual([{ clockId: 'sin-notification', dueOn: '2025-03-10', notedAt: '2025-03-11T06:00:00Z' }]);
    expect(v.effects).toEqual([{ kind: 'remind', detail: { clockId: 'sin-notification', dueOn: '2025-03-10', overdue: true } }]);
    const again = applyCaseEvent(deps, v.persisted, passed('sin-notification', '2025-03-12T06:00:00Z'));
    expect(again.persisted).toEqual(v.persisted);
    expect(again.effects).toEqual([]);
  });

  it('is accepted in every non-final state, and refused before the due date or for a met or absent clock', () => {
    for (const path of Object.keys(SI_PATHS) as (keyof typeof SI_PATHS)[]) {
      const v = si(path);
      // a clock still running in this stage (those of stages left behind have lapsed)
      // (awaiting commissioning, every earlier clock was met or lapsed: nothing for the sweeper)
      const running = v.clocks.find((c) => c.metOn === undefined && c.lapsedOn === undefined && c.clockId !== 'panel-response');
      // (waiting for the Panel, only its soft reply is open: version 4 told the partners before sending)
      if (path === 'commissioning' || path === 'panelResponse') {
        expect(running).toBeUndefined();
        expect(acceptedEvents(deps, v.persisted, 'system')).toEqual([]);
        continue;
      }
      expect(running, path).toBeDefined();
      expect(acceptedEvents(deps, v.persisted, 'system')).toEqual(['deadline.passed']);
      expect(play(v, passed(running!.clockId, '2026-11-05T06:00:00Z')).state).toBe(v.state);
    }
    refused(open('serious-incident'), passed('sin-notification', '2025-03-10T20:00:00Z'), RuleViolationError, 'deadline-not-passed');
    refused(si('gathering'), passed('sin-notification', '2025-03-11T06:00:00Z'), RuleViolationError, 'clock-already-met');
    refused(open('serious-incident'), passed('lcspr-publication', '2025-03-11T06:00:00Z'), RuleViolationError, 'clock-not-started');
    refused(
      open('serious-incident'),
      { ...passed('sin-notification', '2025-03-11T06:00:00Z'), actor: actors.bu } as CaseEvent,
      ForbiddenError,
    );
  });

  it('after an extension the new due date can be noted again', () => {
    const ext = {
      type: 'clock.extended',
      actor: actors.chair,
      at: '2025-10-15T10:00:00Z',
      clockId: 'lcspr-publication',
      newDueOn: '2025-12-31',
      reasons: 'inquest',
    } as const;
    const noted = play(
      si('inProgress'),
      passed('lcspr-publication', '2025-10-15T06:00:00Z'),
      ext,
      passed('lcspr-publication', '2026-01-02T06:00:00Z'),
    );
    expect(noted.context.deadlineNotices.map((n) => n.dueOn)).toEqual(['2025-10-14', '2025-12-31']);
  });
});

describe('edition.migrated', () => {
  it('moves a 2018 case to 2023 on an admin decision, recorded; never back', () => {
    const old = open('serious-incident', { incidentOn: '2023-12-01', laAwareOn: '2023-12-04' });
    const migrate = {
      type: 'edition.migrated',
      actor: actors.admin,
      at: OPENED_AT,
      toEdition: 'wt-2023',
      reasons: 'partnership moved to the 2023 arrangements',
    } as const;
    refused(old, but(migrate, { actor: actors.chair }), ForbiddenError);
    const v = play(old, migrate);
    expect(v.context.edition).toBe('wt-2023');
    expect(v.context.editionHistory).toMatchObject([{ from: 'wt-2018', to: 'wt-2023', by: 'admin-1', reasons: migrate.reasons }]);
    refused(v, but(migrate, { toEdition: 'wt-2018' }), RuleViolationError, 'edition-forward-only');
    refused(v, migrate, RuleViolationError, 'edition-forward-only');
  });
});

describe('schema and role checks come first', () => {
  it('unknown keys, missing actor or bad instants are 400; roles not allowed are 403', () => {
    const v = open('serious-incident');
    refused(v, { ...E.sinSubmitted, extra: true } as CaseEvent, ValidationError);
    refused(v, but(E.sinSubmitted, { at: '2025-03-07' }), ValidationError);
    refused(v, but(E.sinSubmitted, { actor: { userId: 'x', role: 'partner-lead' } }), ValidationError);
    refused(v, but(E.sinSubmitted, { actor: actors.viewer }), ForbiddenError);
    refused(v, but(E.sinSubmitted, { actor: actors.chair }), ForbiddenError);
  });
});

describe('the remaining self-transitions', () => {
  it('screening can request agency information before deciding', () => {
    const v = play(open('referral'), E.agencyRequested, E.agencyReturned);
    expect(v.state).toBe('screening');
    expect(v.context.agencyRequests.map((r) => r.returnedOn)).toEqual(['2025-03-12', null]);
  });

  it('a second rapid review meeting is recorded without moving on; the meeting clock keeps its first date', () => {
    const v = play(si('deciding'), but(E.meetingHeld, { at: '2025-03-19T15:00:00Z', heldOn: '2025-03-19' }));
    expect(v.state).toBe('rapidReview.deciding');
    expect(v.context.rapidReview.meetings.map((m) => m.heldOn)).toEqual(['2025-03-18', '2025-03-19']);
    expect(clock(v, 'rapid-review-meeting')?.metOn).toBe('2025-03-18');
  });

  it('partners.informed typed in late keeps the day they were told: a late reason is not kept on a clock met in time', () => {
    const v = play(si('signedOff'), but(E.partnersInformed, { at: '2025-03-21T09:00:00Z', lateReason: 'missed in the rush' }));
    expect(v.state).toBe('rapidReview.signingOff');
    // informed on time (5 March, due 10 March)
    expect(clock(v, 'partners-informed')).toMatchObject({ metOn: '2025-03-05' });
    expect(clock(v, 'partners-informed')).not.toHaveProperty('lateReason');
  });

  it('re-planning before the notice restarts the notice clock; after the notice it keeps the met clock', () => {
    const replan = but(E.publicationDecided, { at: '2025-10-02T09:00:00Z', plannedOn: '2025-10-20' });
    const before = play(si('noticePending'), replan);
    expect(before.state).toBe('publication.noticePending');
    expect(clock(before, 'publication-notice')).toMatchObject({ startedOn: '2025-10-20', dueOn: '2025-10-09' });
    expect(before.context.archivedClocks.map((c) => [c.clockId, c.dueOn])).toEqual([['publication-notice', '2025-10-02']]);
    const after = play(si('awaitingPublication'), but(replan, { at: '2025-10-03T09:00:00Z' }));
    expect(after.state).toBe('publication.awaitingPublication');
    expect(after.context.publication.decision?.plannedOn).toBe('2025-10-20');
    expect(clock(after, 'publication-notice')).toMatchObject({ dueOn: '2025-10-02', metOn: '2025-10-02' });
  });

  it('the machine has no timers: deadlines are data', async () => {
    const { toStatelyJson } = await import('../../../workflows/diagram.js');
    const { machineFor } = await import('../../../workflows/case-workflow.js');
    expect(JSON.stringify(toStatelyJson(machineFor(deps, 2)))).not.toMatch(/"after"|xstate\.after/);
  });
});
