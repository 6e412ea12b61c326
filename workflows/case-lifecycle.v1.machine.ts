/**
 * The case lifecycle, machine version 1. FROZEN: cases persisted under version 1 are restored
 * with exactly this definition until they are migrated (migrations.ts). Do not change it; change
 * case-lifecycle.machine.ts (the current version) and add a migration instead.
 *
 * Version 1 did not track when the LA told the safeguarding partners (no `partners.informed`
 * event, no partners-informed clock) and kept no machine-migration notes.
 */
import { and, assertEvent, assign, emit, setup } from 'xstate';
import type { EventType, CaseEvent, CaseEventOf } from './case-events.schema.js';
import { ROUTE_RULES, type StartStage } from './statutory-routes.js';
import * as rules from './case-rules.js';
import * as updates from './case-updates.js';
import { effectsOf, openingEffects, type ActionSource, type EffectsEmitted } from './case-effects.js';
import type { CaseContextV1 as CaseContext, CaseMachineDeps, CaseMachineInput, LocalReviewStep } from './case-context.js';
import { CASE_MACHINE_ID } from './case-lifecycle.machine.js';

const at = (path: string): string => `#${CASE_MACHINE_ID}.${path}`;

type Args = { context: CaseContext; event: CaseEvent | { type: string } };

/** Builds machine version 1 for a partnership (calendar and clock rules as for version 2). */
export function createCaseMachineV1(deps: CaseMachineDeps) {
  /** A guard that passes when `check` finds no broken rule. */
  const passes =
    <T extends EventType>(type: T, check: (ctx: CaseContext, e: CaseEventOf<T>, d: CaseMachineDeps) => rules.RuleRefusal | null) =>
    ({ context, event }: Args): boolean =>
      event.type === type && check(context, event as CaseEventOf<T>, deps) === null;
  /** An assigner applying one event's update. */
  const update =
    <T extends EventType>(type: T, fn: (ctx: CaseContext, e: CaseEventOf<T>, d: CaseMachineDeps) => Partial<CaseContext>) =>
    ({ context, event }: Args): Partial<CaseContext> => {
      assertEvent(event as CaseEvent, type);
      return fn(context, event as CaseEventOf<T>, deps);
    };
  const eventIs =
    <T extends EventType>(type: T, pred: (e: CaseEventOf<T>, ctx: CaseContext) => boolean) =>
    ({ context, event }: Args) =>
      event.type === type && pred(event as CaseEventOf<T>, context);

  return setup({
    types: {
      context: {} as CaseContext,
      events: {} as CaseEvent,
      input: {} as CaseMachineInput,
      emitted: {} as EffectsEmitted,
    },
    guards: {
      startsIn: ({ context }, params: { stage: StartStage }) => ROUTE_RULES[context.route].startsIn === params.stage,
      awaitsScreening: ({ context }) => ROUTE_RULES[context.route].screened && context.screening === null,
      caseNotified: ({ context }) => context.notification !== null,
      goesToPanel: ({ context }) => rules.rapidReviewGoesToPanel(context),
      decidedLocalReview: ({ context }) => context.rapidReview.decision?.localReview === true,
      noticeSent: ({ context }) => context.publication.notice !== null,
      screenedAs: ({ event }, params: { outcome: string }) => event.type === 'referral.screened' && event.outcome === params.outcome,
      screenedToClose: eventIs('referral.screened', (e) => e.outcome === 'refer-elsewhere' || e.outcome === 'no-further-action'),
      panelSaid: ({ event }, params: { response: string }) => event.type === 'panel.responded' && event.response === params.response,
      panelAgreedLocalReview: eventIs(
        'panel.responded',
        (e, ctx) => e.response === 'agreed' && (e.localReview ?? ctx.rapidReview.decision?.localReview ?? false),
      ),
      pausedFrom: ({ context }, params: { step: LocalReviewStep }) => context.localReview.pausedFrom === params.step,
      sinAllowed: passes('sin.submitted', rules.checkSinSubmission),
      withdrawalAllowed: passes('sin.withdrawn', rules.checkWithdrawal),
      agencyRequestAllowed: passes('agency-information.requested', rules.checkAgencyRequest),
      agencyReturnAllowed: passes('agency-information.returned', rules.checkAgencyReturn),
      meetingAllowed: passes('rapid-review.meeting-held', rules.checkMeeting),
      decisionAllowed: passes('rapid-review.decided', rules.checkDecision),
      rapidReviewSignOffAllowed: passes('rapid-review.signed-off', rules.checkRapidReviewSignOff),
      rapidReviewSubmissionAllowed: passes('rapid-review.submitted', rules.checkRapidReviewSubmission),
      commissionAllowed: passes('local-review.commissioned', rules.checkCommissioned),
      pauseAllowed: passes('local-review.paused', rules.checkPause),
      localReviewSignOffAllowed: passes('local-review.signed-off', rules.checkLocalReviewSignOff),
      localReviewSignOffCompletes: ({ context, event }) =>
        event.type === 'local-review.signed-off' &&
        rules.checkLocalReviewSignOff(context, event, deps) === null &&
        rules.missingSignOffs([...context.localReview.signOffs, { partner: event.partner }]).length === 0,
      publicationDecisionAllowed: passes('publication.decided', rules.checkPublicationDecision),
      noticeAllowed: passes('publication.notice-sent', rules.checkNotice),
      deferralAllowed: passes('publication.deferred', rules.checkDeferral),
      publicationAllowed: passes('report.published', rules.checkPublished),
      learningAllowed: passes('learning.completed', rules.checkLearningCompleted),
      actionPlanAllowed: passes('action-plan.completed', rules.checkActionPlanCompleted),
      closureAllowed: passes('case.closed', rules.checkClosure),
      extensionAllowed: passes('clock.extended', rules.checkClockExtension),
      deadlineNew: ({ context, event }) =>
        event.type === 'deadline.passed' &&
        rules.checkDeadlinePassed(context, event, deps) === null &&
        !rules.deadlineAlreadyNoted(context, event),
      deadlineRepeated: ({ context, event }) => event.type === 'deadline.passed' && rules.deadlineAlreadyNoted(context, event),
      editionMigrationAllowed: passes('edition.migrated', rules.checkEditionMigration),
    },
    actions: {
      startNotificationClocks: assign(({ context }) => updates.startNotificationClocks(context, deps, ['partners-informed'])),
      startRapidReviewClocks: assign(({ context }) => updates.startRapidReviewClocks(context, deps)),
      startPanelResponseClock: assign(({ context }) => updates.startPanelResponseClock(context, deps)),
      recordScreening: assign(update('referral.screened', updates.recordScreening)),
      closeFromScreening: assign(update('referral.screened', updates.closeFromScreening)),
      recordNotification: assign(update('sin.submitted', updates.recordNotification)),
      recordWithdrawal: assign(update('sin.withdrawn', updates.recordWithdrawal)),
      recordAgencyRequest: assign(update('agency-information.requested', updates.recordAgencyRequest)),
      recordAgencyReturn: assign(update('agency-information.returned', updates.recordAgencyReturn)),
      recordMeeting: assign(update('rapid-review.meeting-held', updates.recordMeeting)),
      recordDecision: assign(update('rapid-review.decided', updates.recordDecision)),
      recordRapidReviewSignOff: assign(update('rapid-review.signed-off', updates.recordRapidReviewSignOff)),
      recordSubmission: assign(update('rapid-review.submitted', updates.recordSubmission)),
      recordPanelResponse: assign(update('panel.responded', updates.recordPanelResponse)),
      recordCommissioning: assign(update('local-review.commissioned', updates.recordCommissioning)),
      recordReviewer: assign(update('reviewer.appointed', updates.recordReviewer)),
      recordTermsOfReference: assign(update('terms-of-reference.agreed', updates.recordTermsOfReference)),
      recordMonitoring: assign(update('local-review.monitored', updates.recordMonitoring)),
      recordPause: assign(({ context, event }, params: { from: LocalReviewStep }) => {
        assertEvent(event, 'local-review.paused');
        return updates.recordPause(context, event, params.from);
      }),
      recordResumption: assign(update('local-review.resumed', updates.recordResumption)),
      recordDraft: assign(update('draft.received', updates.recordDraft)),
      recordQualityAssurance: assign(update('draft.quality-assured', updates.recordQualityAssurance)),
      recordLocalReviewSignOff: assign(update('local-review.signed-off', updates.recordLocalReviewSignOff)),
      recordPublicationDecision: assign(update('publication.decided', updates.recordPublicationDecision)),
      recordNotice: assign(update('publication.notice-sent', updates.recordNotice)),
      recordDeferral: assign(update('publication.deferred', updates.recordDeferral)),
      recordPublication: assign(update('report.published', updates.recordPublication)),
      recordLearning: assign(update('learning.completed', updates.recordLearning)),
      recordActionPlanCompleted: assign(update('action-plan.completed', updates.recordActionPlanCompleted)),
      recordClosure: assign(update('case.closed', updates.recordClosure)),
      extendClock: assign(update('clock.extended', updates.recordClockExtension)),
      noteDeadline: assign(update('deadline.passed', updates.recordDeadlinePassed)),
      /** A second `deadline.passed` for the same clock and due date: accepted, changes nothing. */
      ignoreRepeatedDeadline: () => {},
      migrateEdition: assign(update('edition.migrated', updates.recordEditionMigration)),
      announceOpening: emit(({ context }) => ({ type: 'effects' as const, effects: openingEffects(context) })),
      announce: emit(({ context, event }, params: { source?: ActionSource } | undefined) => ({
        type: 'effects' as const,
        effects: effectsOf(context, event as CaseEvent, params?.source),
      })),
    },
  }).createMachine({
    id: CASE_MACHINE_ID,
    description: 'Serious child safeguarding incident: from referral or notification to closure (Working Together 2018/2023)',
    context: ({ input }) => openingContextV1(input),
    initial: 'opening',
    on: {
      'deadline.passed': [
        { guard: 'deadlineNew', actions: ['noteDeadline', 'announce'] },
        { guard: 'deadlineRepeated', actions: 'ignoreRepeatedDeadline' },
      ],
      'clock.extended': { guard: 'extensionAllowed', actions: ['extendClock', 'announce'] },
      'edition.migrated': { guard: 'editionMigrationAllowed', actions: 'migrateEdition' },
    },
    states: {
      opening: {
        description: 'Transient: routes the new case to its first stage.',
        always: [
          { guard: { type: 'startsIn', params: { stage: 'notification' } }, target: 'notification' },
          { guard: { type: 'startsIn', params: { stage: 'screening' } }, target: 'screening' },
          { guard: { type: 'startsIn', params: { stage: 'supporting' } }, target: 'supporting' },
          { target: 'nationalReview' },
        ],
      },
      screening: {
        description: 'The SPRG chair screens a referral (or a notified death) with the three partners.',
        on: {
          'referral.screened': [
            { guard: 'screenedToClose', target: 'closed', actions: ['recordScreening', 'closeFromScreening'] },
            {
              guard: { type: 'screenedAs', params: { outcome: 'alternative-learning' } },
              target: 'alternativeLearning',
              actions: 'recordScreening',
            },
            { guard: { type: 'screenedAs', params: { outcome: 'local-rapid-review' } }, target: 'rapidReview', actions: 'recordScreening' },
            { guard: 'caseNotified', target: 'rapidReview', actions: 'recordScreening' },
            { target: 'notification', actions: 'recordScreening' },
          ],
          'sin.submitted': { guard: 'sinAllowed', target: 'rapidReview', actions: 'recordNotification' },
          'agency-information.requested': { guard: 'agencyRequestAllowed', actions: ['recordAgencyRequest', 'announce'] },
          'agency-information.returned': { guard: 'agencyReturnAllowed', actions: 'recordAgencyReturn' },
        },
      },
      notification: {
        description: 'The LA notifies the Panel (SIN, or a looked-after child / care leaver death) within 5 working days.',
        entry: ['startNotificationClocks', 'announceOpening'],
        on: {
          'sin.submitted': [
            { guard: and(['sinAllowed', 'awaitsScreening']), target: 'screening', actions: 'recordNotification' },
            { guard: 'sinAllowed', target: 'rapidReview', actions: 'recordNotification' },
          ],
          'agency-information.requested': { guard: 'agencyRequestAllowed', actions: ['recordAgencyRequest', 'announce'] },
          'agency-information.returned': { guard: 'agencyReturnAllowed', actions: 'recordAgencyReturn' },
        },
      },
      rapidReview: {
        description: 'Gather the facts, meet, decide against the local review criteria, sign off by the three partners, send to the Panel.',
        entry: 'startRapidReviewClocks',
        initial: 'gathering',
        on: {
          'agency-information.requested': { guard: 'agencyRequestAllowed', actions: ['recordAgencyRequest', 'announce'] },
          'agency-information.returned': { guard: 'agencyReturnAllowed', actions: 'recordAgencyReturn' },
          'sin.withdrawn': { guard: 'withdrawalAllowed', target: 'closed', actions: ['recordWithdrawal', 'announce'] },
          'rapid-review.submitted': [
            {
              guard: and(['rapidReviewSubmissionAllowed', 'goesToPanel']),
              target: 'panelResponse',
              actions: ['recordSubmission', 'announce'],
            },
            {
              guard: and(['rapidReviewSubmissionAllowed', 'decidedLocalReview']),
              target: 'localReview',
              actions: ['recordSubmission', 'announce'],
            },
            {
              guard: 'rapidReviewSubmissionAllowed',
              target: 'actionPlan',
              actions: ['recordSubmission', { type: 'announce', params: { source: 'rapid-review' } }],
            },
          ],
        },
        states: {
          gathering: {
            on: { 'rapid-review.meeting-held': { guard: 'meetingAllowed', target: 'deciding', actions: 'recordMeeting' } },
          },
          deciding: {
            on: {
              'rapid-review.meeting-held': { guard: 'meetingAllowed', actions: 'recordMeeting' },
              'rapid-review.decided': { guard: 'decisionAllowed', target: 'signingOff', actions: 'recordDecision' },
            },
          },
          signingOff: {
            on: {
              'rapid-review.signed-off': { guard: 'rapidReviewSignOffAllowed', actions: 'recordRapidReviewSignOff' },
              'rapid-review.decided': { guard: 'decisionAllowed', actions: 'recordDecision' },
            },
          },
          revising: {
            description: 'The Panel challenged the rapid review: revise the decision, sign off again, resubmit.',
            on: {
              'rapid-review.meeting-held': { guard: 'meetingAllowed', actions: 'recordMeeting' },
              'rapid-review.decided': { guard: 'decisionAllowed', target: 'signingOff', actions: 'recordDecision' },
            },
          },
        },
      },
      panelResponse: {
        description: 'Waiting for the Panel: agreed (with or without a local review), challenged, or a national review.',
        entry: 'startPanelResponseClock',
        on: {
          'panel.responded': [
            {
              guard: { type: 'panelSaid', params: { response: 'challenged' } },
              target: 'rapidReview.revising',
              actions: ['recordPanelResponse', 'announce'],
            },
            {
              guard: { type: 'panelSaid', params: { response: 'national-review' } },
              target: 'nationalReview',
              actions: ['recordPanelResponse', 'announce'],
            },
            { guard: 'panelAgreedLocalReview', target: 'localReview', actions: ['recordPanelResponse', 'announce'] },
            { target: 'actionPlan', actions: ['recordPanelResponse', { type: 'announce', params: { source: 'rapid-review' } }] },
          ],
          'sin.withdrawn': { guard: 'withdrawalAllowed', target: 'closed', actions: ['recordWithdrawal', 'announce'] },
        },
      },
      localReview: {
        description: 'The local child safeguarding practice review (LCSPR): 6 months from the decision to commission.',
        initial: 'commissioning',
        on: {
          'local-review.monitored': { actions: 'recordMonitoring' },
        },
        states: {
          commissioning: {
            on: { 'local-review.commissioned': { guard: 'commissionAllowed', target: 'appointing', actions: 'recordCommissioning' } },
          },
          appointing: {
            on: {
              'reviewer.appointed': { target: 'scoping', actions: 'recordReviewer' },
              'local-review.paused': {
                guard: 'pauseAllowed',
                target: 'paused',
                actions: { type: 'recordPause', params: { from: 'appointing' } },
              },
            },
          },
          scoping: {
            on: {
              'terms-of-reference.agreed': { target: 'inProgress', actions: 'recordTermsOfReference' },
              'local-review.paused': {
                guard: 'pauseAllowed',
                target: 'paused',
                actions: { type: 'recordPause', params: { from: 'scoping' } },
              },
            },
          },
          inProgress: {
            on: {
              'draft.received': { target: 'qualityAssurance', actions: 'recordDraft' },
              'local-review.paused': {
                guard: 'pauseAllowed',
                target: 'paused',
                actions: { type: 'recordPause', params: { from: 'inProgress' } },
              },
            },
          },
          paused: {
            description: 'Paused for a parallel process (trial, inquest, DHR, SAR); the 6-month clock keeps its date and shows the pause.',
            on: {
              'local-review.resumed': [
                { guard: { type: 'pausedFrom', params: { step: 'appointing' } }, target: 'appointing', actions: 'recordResumption' },
                { guard: { type: 'pausedFrom', params: { step: 'scoping' } }, target: 'scoping', actions: 'recordResumption' },
                {
                  guard: { type: 'pausedFrom', params: { step: 'qualityAssurance' } },
                  target: 'qualityAssurance',
                  actions: 'recordResumption',
                },
                { target: 'inProgress', actions: 'recordResumption' },
              ],
            },
          },
          qualityAssurance: {
            on: {
              'draft.received': { actions: 'recordDraft' },
              'draft.quality-assured': { target: 'signingOff', actions: 'recordQualityAssurance' },
              'local-review.paused': {
                guard: 'pauseAllowed',
                target: 'paused',
                actions: { type: 'recordPause', params: { from: 'qualityAssurance' } },
              },
            },
          },
          signingOff: {
            on: {
              'local-review.signed-off': [
                { guard: 'localReviewSignOffCompletes', target: at('publication'), actions: 'recordLocalReviewSignOff' },
                { guard: 'localReviewSignOffAllowed', actions: 'recordLocalReviewSignOff' },
              ],
            },
          },
        },
      },
      publication: {
        description:
          'Final report (or the improvements) to the Panel, Secretary of State and Ofsted at least 7 working days before publication.',
        initial: 'deciding',
        on: {
          'publication.deferred': { guard: 'deferralAllowed', target: '.deferred', actions: ['recordDeferral', 'announce'] },
          'report.published': {
            guard: 'publicationAllowed',
            target: 'actionPlan',
            actions: ['recordPublication', { type: 'announce', params: { source: 'lcspr' } }],
          },
        },
        states: {
          deciding: {
            on: {
              'publication.decided': {
                guard: 'publicationDecisionAllowed',
                target: 'noticePending',
                actions: ['recordPublicationDecision', 'announce'],
              },
            },
          },
          noticePending: {
            on: {
              'publication.decided': { guard: 'publicationDecisionAllowed', actions: ['recordPublicationDecision', 'announce'] },
              'publication.notice-sent': { guard: 'noticeAllowed', target: 'awaitingPublication', actions: 'recordNotice' },
            },
          },
          awaitingPublication: {
            on: {
              'publication.decided': { guard: 'publicationDecisionAllowed', actions: ['recordPublicationDecision', 'announce'] },
            },
          },
          deferred: {
            on: {
              'publication.decided': [
                { guard: 'noticeSent', target: 'awaitingPublication', actions: ['recordPublicationDecision', 'announce'] },
                { guard: 'publicationDecisionAllowed', target: 'noticePending', actions: ['recordPublicationDecision', 'announce'] },
              ],
            },
          },
        },
      },
      supporting: {
        description: 'Out-of-area: another partnership leads; this one contributes information and sits on its panel.',
        on: {
          'agency-information.requested': { guard: 'agencyRequestAllowed', actions: ['recordAgencyRequest', 'announce'] },
          'agency-information.returned': { guard: 'agencyReturnAllowed', actions: 'recordAgencyReturn' },
          'rapid-review.meeting-held': { guard: 'meetingAllowed', actions: 'recordMeeting' },
          'local-review.monitored': { actions: 'recordMonitoring' },
          'sin.submitted': { guard: 'sinAllowed', target: 'rapidReview', actions: 'recordNotification' },
          'learning.completed': {
            guard: 'learningAllowed',
            target: 'actionPlan',
            actions: ['recordLearning', { type: 'announce', params: { source: 'out-of-area' } }],
          },
        },
      },
      nationalReview: {
        description: 'The Panel runs a national review; local partners take part, then act on its findings.',
        on: {
          'agency-information.requested': { guard: 'agencyRequestAllowed', actions: ['recordAgencyRequest', 'announce'] },
          'agency-information.returned': { guard: 'agencyReturnAllowed', actions: 'recordAgencyReturn' },
          'local-review.monitored': { actions: 'recordMonitoring' },
          'sin.submitted': { guard: 'sinAllowed', target: 'rapidReview', actions: 'recordNotification' },
          'learning.completed': {
            guard: 'learningAllowed',
            target: 'actionPlan',
            actions: ['recordLearning', { type: 'announce', params: { source: 'national-review' } }],
          },
        },
      },
      alternativeLearning: {
        description: 'Screened to alternative learning (learning event, what-works-well review, audit, themed forum...).',
        on: {
          'local-review.monitored': { actions: 'recordMonitoring' },
          'sin.submitted': { guard: 'sinAllowed', target: 'rapidReview', actions: 'recordNotification' },
          'learning.completed': {
            guard: 'learningAllowed',
            target: 'actionPlan',
            actions: ['recordLearning', { type: 'announce', params: { source: 'alternative-learning' } }],
          },
        },
      },
      actionPlan: {
        description: 'Recommendations become actions; the case closes when the chair confirms actions complete and learning spread.',
        on: {
          'learning.completed': { guard: 'learningAllowed', actions: 'recordLearning' },
          'action-plan.completed': { guard: 'actionPlanAllowed', actions: 'recordActionPlanCompleted' },
          'case.closed': { guard: 'closureAllowed', target: 'closed', actions: 'recordClosure' },
        },
      },
      closed: {
        description: 'Closed (after the action plan, withdrawn, referred elsewhere, or no further action).',
        type: 'final',
      },
    },
  });
}

/** Version 1's opening context: no partners-informed record, no migration notes. */
function openingContextV1(input: CaseMachineInput): CaseContext {
  const { partnersInformed: _p, machineMigrations: _m, ...v1 } = updates.openingContext(input);
  void _p;
  void _m;
  return v1;
}

export type CaseMachineV1 = ReturnType<typeof createCaseMachineV1>;
