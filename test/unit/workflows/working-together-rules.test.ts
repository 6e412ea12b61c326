/**
 * The Working Together rules machine version 4 adds (issue 13), each with dates worked out by hand
 * (the 6-month clock counts calendar months from its start day, so no bank holiday moves it).
 *
 * Scenario (support/scenario.ts): LA and partners aware Mon 3 March 2025; partners told Wed 5
 * March (due Mon 10 March); rapid review decided Tue 18 March; sent Fri 21 March; Panel answers
 * Thu 3 April; the report published Mon 13 October.
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, RuleViolationError, ValidationError } from '../../../src/errors/app-errors.js';
import type { CaseEvent } from '../../../workflows/case-events.schema.js';
import { OpenCaseSchema, newOpeningIssues, type PartnersAgreement } from '../../../workflows/case-open.schema.js';
import { E, actors, openingFor } from './support/scenario.js';
import { but, clock, open, play, refused, si } from './support/play.js';

const { chair, bu } = actors;
const ev = (event: Record<string, unknown>) => event as unknown as CaseEvent;

describe('the partners are told, or the chair waives it with reasons, before a rapid review goes to the Panel', () => {
  it('refuses to send a serious incident’s rapid review when neither is recorded', () => {
    const e = refused(si('signedOff'), E.submitted, RuleViolationError, 'rapid-review-needs-partners-informed');
    expect(e.message).toContain('waive');
  });

  it('a waiver (Thu 20 March) lapses the partners clock (due Mon 10 March) that day with its reasons, and the review can go', () => {
    const waiver = ev({
      type: 'partners-informed.waived',
      actor: chair,
      at: '2025-03-20T10:00:00Z',
      reasons: 'partners were in the strategy meeting on day 1',
    });
    const waived = play(si('signedOff'), waiver);
    expect(waived.context.partnersInformedWaiver).toMatchObject({
      waivedOn: '2025-03-20',
      reasons: 'partners were in the strategy meeting on day 1',
      by: 'chair-1',
    });
    expect(clock(waived, 'partners-informed')).toMatchObject({
      dueOn: '2025-03-10',
      lapsedOn: '2025-03-20',
      lapseReason: 'waived by the chair: partners were in the strategy meeting on day 1',
    });
    expect(play(waived, E.submitted).state).toBe('panelResponse');
    refused(waived, but(E.partnersInformed, { at: '2025-03-21T09:00:00Z' }), RuleViolationError, 'partners-informed-waived');
    refused(waived, waiver, RuleViolationError, 'partners-informed-waived');
  });

  it('only the chair waives it, with reasons, and not once the partners were told', () => {
    const waiver = ev({ type: 'partners-informed.waived', actor: bu, at: '2025-03-20T10:00:00Z', reasons: 'x' });
    refused(si('signedOff'), waiver, ForbiddenError);
    refused(
      si('signedOff'),
      ev({ type: 'partners-informed.waived', actor: chair, at: '2025-03-20T10:00:00Z', reasons: ' ' }),
      ValidationError,
    );
    refused(play(si('signedOff'), E.partnersInformed), ev({ ...waiver, actor: chair }), RuleViolationError, 'partners-informed-once');
  });

  it('a local rapid review without a notification needs neither', () => {
    const local = play(
      open('referral'),
      E.screenedLocal,
      E.meetingHeld,
      E.decidedNoLocalReview,
      E.signedOffLa,
      E.signedOffPolice,
      E.signedOffHealth,
      E.submitted,
    );
    expect(local.state).toBe('actionPlan');
  });
});

describe('the 6-month LCSPR clock starts at the decision to initiate the review', () => {
  const toPanel = [E.sinSubmitted, E.meetingHeld];
  const signAndSend = [E.signedOffLa, E.signedOffPolice, E.signedOffHealth, E.partnersInformed, E.submitted];
  const commission = ev({ type: 'local-review.commissioned', actor: chair, at: '2025-04-14T10:00:00Z', commissionedOn: '2025-04-14' });

  it('the partners’ decision (Tue 18 March) → due Thu 18 September, whatever day it was commissioned (14 April)', () => {
    const v = play(open('serious-incident'), ...toPanel, E.decidedLocalReview, ...signAndSend, E.panelAgreed, commission);
    expect(clock(v, 'lcspr-publication')).toMatchObject({ startedOn: '2025-03-18', dueOn: '2025-09-18' });
    expect(v.context.localReview).toMatchObject({
      commissionedOn: '2025-04-14',
      initiatedOn: '2025-03-18',
      clockStartsOn: '2025-03-18',
      clockStartReasons: null,
    });
  });

  it('a decision dated Mon 17 March (typed in on the 18th) → due Wed 17 September', () => {
    const decided = but(E.decidedLocalReview, { decidedOn: '2025-03-17' });
    const v = play(open('serious-incident'), ...toPanel, decided, ...signAndSend, E.panelAgreed, commission);
    expect(clock(v, 'lcspr-publication')).toMatchObject({ startedOn: '2025-03-17', dueOn: '2025-09-17' });
  });

  it('the Panel’s agreement where it changed the decision (Thu 3 April, partners had said no) → due Fri 3 October', () => {
    const v = play(
      open('serious-incident'),
      ...toPanel,
      E.decidedNoLocalReview,
      ...signAndSend,
      but(E.panelAgreed, { localReview: true }),
      commission,
    );
    expect(v.state).toBe('localReview.appointing');
    expect(clock(v, 'lcspr-publication')).toMatchObject({ startedOn: '2025-04-03', dueOn: '2025-10-03' });
  });

  it('a later start needs reasons; an earlier one than the decision is refused', () => {
    const commissioning = play(open('serious-incident'), ...toPanel, E.decidedLocalReview, ...signAndSend, E.panelAgreed);
    refused(commissioning, but(commission, { clockStartsOn: '2025-04-14' }), RuleViolationError, 'lcspr-later-start-needs-reasons');
    refused(
      commissioning,
      but(commission, { clockStartsOn: '2025-03-17', clockStartReasons: 'x' }),
      RuleViolationError,
      'lcspr-clock-starts-at-decision',
    );
    const later = play(
      commissioning,
      but(commission, { clockStartsOn: '2025-04-14', clockStartReasons: 'reviewer could not start before' }),
    );
    // Mon 14 April + 6 months = Tue 14 October
    expect(clock(later, 'lcspr-publication')).toMatchObject({ startedOn: '2025-04-14', dueOn: '2025-10-14' });
    expect(later.context.localReview.clockStartReasons).toBe('reviewer could not start before');
  });
});

describe('a notified case has a rapid review unless the notification is withdrawn', () => {
  const suspected = { notificationCriteria: { harm: 'death', abuseOrNeglect: 'suspected', location: 'in-area' } } as const;
  const noFinding = {
    type: 'referral.screened',
    actor: chair,
    at: '2025-03-10T10:00:00Z',
    outcome: 'no-further-action',
    reasons: 'natural causes',
  };

  it('keeps the notification criteria and the partners’ agreement from the opening', () => {
    const agreement: PartnersAgreement = {
      agreedOn: '2025-03-04',
      partners: [
        { partner: 'local-authority', agrees: true },
        { partner: 'police', agrees: true },
        { partner: 'health', agrees: false, reasons: 'the death appears unexpected but natural' },
      ],
    };
    const v = open('looked-after-death', { ...suspected, partnersAgreement: agreement });
    expect(v.context.notificationCriteria).toEqual(suspected.notificationCriteria);
    expect(v.context.partnersAgreement).toEqual(agreement);
  });

  it('refuses to screen out a notified looked-after child’s death with abuse suspected at opening, or found at screening', () => {
    const notified = play(open('looked-after-death', suspected), E.sinSubmitted);
    expect(notified.state).toBe('screening');
    refused(notified, ev(noFinding), RuleViolationError, 'notified-case-needs-rapid-review');
    refused(notified, ev({ ...E.screenedAlternative, abuseOrNeglect: undefined }), RuleViolationError, 'notified-case-needs-rapid-review');
    refused(notified, ev({ ...E.screenedElsewhere, abuseOrNeglect: 'known' }), RuleViolationError, 'notified-case-needs-rapid-review');
    const unknown = play(open('care-leaver-death'), E.sinSubmitted);
    refused(unknown, ev({ ...noFinding, abuseOrNeglect: 'suspected' }), RuleViolationError, 'notified-case-needs-rapid-review');
    refused(unknown, ev(noFinding), RuleViolationError, 'notified-case-screened-out-needs-finding');
  });

  it('goes to a rapid review instead, or is withdrawn from screening with reasons (closed as withdrawn, 10 March)', () => {
    const notified = play(open('looked-after-death', suspected), E.sinSubmitted);
    expect(play(notified, E.screenedLocal).state).toBe('rapidReview.gathering');
    const withdrawn = play(
      notified,
      ev({ type: 'sin.withdrawn', actor: chair, at: '2025-03-10T10:00:00Z', reasons: 'post-mortem: no abuse or neglect' }),
    );
    expect(withdrawn.final).toBe(true);
    expect(withdrawn.context.closure).toMatchObject({ kind: 'sin-withdrawn', on: '2025-03-10' });
  });

  it('screens out a notified death where abuse or neglect is not suspected, and a referral that was never notified', () => {
    const notified = play(open('looked-after-death', suspected), E.sinSubmitted);
    const out = play(notified, ev({ ...noFinding, abuseOrNeglect: 'not-suspected' }));
    expect(out.context.closure).toMatchObject({ kind: 'no-further-action', on: '2025-03-10' });
    expect(out.context.screening?.abuseOrNeglect).toBe('not-suspected');
    expect(play(open('referral'), ev({ ...noFinding, at: '2025-03-04T10:00:00Z' })).final).toBe(true);
  });

  it('a new opening: a serious incident needs abuse or neglect known or suspected; the agreement belongs to notified routes', () => {
    const si = OpenCaseSchema.parse(
      openingFor('serious-incident', {
        notificationCriteria: { harm: 'serious-harm', abuseOrNeglect: 'not-suspected', location: 'in-area' },
      }),
    );
    expect(newOpeningIssues(si).map((i) => i.code)).toEqual(['sin-needs-abuse-or-neglect']);
    const agreement: PartnersAgreement = {
      agreedOn: '2025-03-04',
      partners: [
        { partner: 'local-authority', agrees: true },
        { partner: 'police', agrees: true },
        { partner: 'health', agrees: true },
      ],
    };
    expect(newOpeningIssues(OpenCaseSchema.parse(openingFor('referral', { partnersAgreement: agreement }))).map((i) => i.code)).toEqual([
      'agreement-only-when-notified',
    ]);
    expect(newOpeningIssues(OpenCaseSchema.parse(openingFor('serious-incident', { ...suspected, partnersAgreement: agreement })))).toEqual(
      [],
    );
    // a dissent gives reasons; each partner once
    expect(
      OpenCaseSchema.safeParse(
        openingFor('serious-incident', {
          partnersAgreement: {
            ...agreement,
            partners: [agreement.partners[0]!, agreement.partners[1]!, { partner: 'health', agrees: false }],
          },
        }),
      ).success,
    ).toBe(false);
    expect(
      OpenCaseSchema.safeParse(
        openingFor('serious-incident', {
          partnersAgreement: { ...agreement, partners: [agreement.partners[0]!, agreement.partners[0]!, agreement.partners[2]!] },
        }),
      ).success,
    ).toBe(false);
  });
});

describe('the rapid review record', () => {
  it('records immediate safety actions on the day they were taken (never after the day typed in)', () => {
    const action = ev({
      type: 'safety-action.recorded',
      actor: bu,
      at: '2025-03-07T15:00:00Z',
      action: 'siblings placed with grandparents under a safety plan',
      takenOn: '2025-03-04',
      organisationId: 'org-police',
    });
    const v = play(si('gathering'), action);
    expect(v.context.safetyActions).toMatchObject([
      { action: 'siblings placed with grandparents under a safety plan', takenOn: '2025-03-04', organisationId: 'org-police' },
    ]);
    refused(si('gathering'), but(action, { takenOn: '2025-03-08' }), RuleViolationError, 'date-in-future');
  });

  it('records learning taken forward through another review (joining a domestic homicide review), instead of a local review', () => {
    const throughDhr = but(E.decidedNoLocalReview, {
      otherReview: 'domestic-homicide-review',
      reasons: 'the DHR commissioned on 10 March covers the child',
    });
    const v = play(si('deciding'), throughDhr);
    expect(v.context.rapidReview.decision).toMatchObject({ localReview: false, otherReview: 'domestic-homicide-review' });
    refused(si('deciding'), but(E.decidedLocalReview, { otherReview: 'domestic-homicide-review' }), ValidationError);
  });

  it('a Panel request for more information (Mon 7 April) keeps the decision and its three sign-offs; answered on Wed 9 April, the Panel then agrees', () => {
    const request = ev({ type: 'panel.information-requested', actor: bu, at: '2025-04-07T10:00:00Z', comments: 'send the chronology' });
    const asked = play(si('panelResponse'), request);
    expect(asked.state).toBe('panelResponse');
    expect(asked.context.rapidReview.signOffs.map((s) => s.partner)).toEqual(['local-authority', 'police', 'health']);
    expect(asked.context.rapidReview.decision?.localReview).toBe(true);
    refused(asked, but(request, { at: '2025-04-08T10:00:00Z' }), RuleViolationError, 'panel-information-request-open');
    const answer = ev({ type: 'panel.information-sent', actor: bu, at: '2025-04-09T10:00:00Z', answeredOn: '2025-04-09' });
    refused(asked, but(answer, { answeredOn: '2025-04-04' }), RuleViolationError, 'answered-before-requested');
    refused(si('panelResponse'), answer, RuleViolationError, 'panel-information-not-requested');
    const answered = play(asked, answer);
    expect(answered.context.panelInformationRequests).toMatchObject([
      { requestedOn: '2025-04-07', answeredOn: '2025-04-09', comments: 'send the chronology' },
    ]);
    expect(play(answered, but(E.panelAgreed, { at: '2025-04-14T09:00:00Z' })).state).toBe('localReview.commissioning');
  });

  it('a challenge still clears the sign-offs (three new ones needed), unlike a request for information', () => {
    expect(play(si('panelResponse'), E.panelChallenged).context.rapidReview.signOffs).toEqual([]);
  });
});

describe('learning followed through', () => {
  const briefing = ev({
    type: 'learning.disseminated',
    actor: bu,
    at: '2025-11-04T10:00:00Z',
    kind: 'seven-minute-briefing',
    disseminatedOn: '2025-11-03',
    audience: 'designated safeguarding leads',
    reach: 120,
  });

  it('records each dissemination (kind, day, audience, reach)', () => {
    const v = play(
      si('actionPlan'),
      briefing,
      but(briefing, { kind: 'learning-event', disseminatedOn: '2025-11-04', audience: 'health visitors', reach: 45 }),
    );
    expect(v.context.dissemination?.map((d) => [d.kind, d.disseminatedOn, d.audience, d.reach])).toEqual([
      ['seven-minute-briefing', '2025-11-03', 'designated safeguarding leads', 120],
      ['learning-event', '2025-11-04', 'health visitors', 45],
    ]);
    refused(si('actionPlan'), but(briefing, { reach: -1 }), ValidationError);
  });

  it('confirms the published report’s NSPCC repository submission once, not before publication (13 October)', () => {
    const submitted = ev({ type: 'repository.submitted', actor: bu, at: '2025-10-21T10:00:00Z', submittedOn: '2025-10-20' });
    const v = play(si('actionPlan'), submitted);
    expect(v.context.repositorySubmission).toMatchObject({ submittedOn: '2025-10-20', address: null });
    refused(v, submitted, RuleViolationError, 'repository-submitted-once');
    refused(si('actionPlan'), but(submitted, { submittedOn: '2025-10-10' }), RuleViolationError, 'repository-before-publication');
    const noReport = play(si('panelResponse'), E.panelAgreedNoLocalReview);
    refused(noReport, submitted, RuleViolationError, 'repository-needs-published-report');
  });
});
