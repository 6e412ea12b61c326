/**
 * What should happen outside the machine after a transition is saved (Temporal's lesson: the
 * workflow decides, the service acts). A machine emits `{ type: 'effects', effects }`; the facade
 * collects them into `WorkflowView.effects`. Nothing here performs anything.
 */
import type { CaseContextV1 } from './case-context.js';
import type { CaseEvent } from './case-events.schema.js';
import { findClock } from './case-clocks.js';
import { rapidReviewGoesToPanel } from './case-rules.js';

export interface Effect {
  kind:
    | 'notify-panel'
    | 'notify-partners'
    | 'notify-secretary-of-state'
    | 'notify-ofsted'
    | 'notify-nspcc'
    | 'request-agency-information'
    | 'create-actions'
    | 'remind'
    | 'machine-migrated'
    | (string & {});
  detail: Record<string, unknown>;
}

/** The event machines emit to carry effects. */
export interface EffectsEmitted {
  type: 'effects';
  effects: Effect[];
}

/** Where a set of learning actions comes from. */
export type ActionSource = 'rapid-review' | 'lcspr' | 'national-review' | 'alternative-learning' | 'out-of-area';

/** The effects of entering the notification stage: on a serious incident, the partners are told. */
export function openingEffects(ctx: CaseContextV1): Effect[] {
  if (ctx.route !== 'serious-incident' || ctx.notification !== null) return [];
  const due = findClock(ctx.clocks, 'sin-notification')?.dueOn ?? null;
  return [{ kind: 'notify-partners', detail: { reason: 'serious-incident-opened', sinDueOn: due } }];
}

/**
 * The effects of `event`, given the context after it and (for entering the action plan) where the
 * actions come from.
 */
export function effectsOf(ctx: CaseContextV1, event: CaseEvent, source?: ActionSource): Effect[] {
  const both = (detail: Record<string, unknown>): Effect[] => [
    { kind: 'notify-panel', detail },
    { kind: 'notify-secretary-of-state', detail },
  ];
  const createActions: Effect[] = source ? [{ kind: 'create-actions', detail: { source } }] : [];
  switch (event.type) {
    case 'agency-information.requested':
      return [
        {
          kind: 'request-agency-information',
          detail: { agencies: [...event.agencies], dueOn: ctx.agencyRequests.at(-1)?.dueOn ?? null },
        },
      ];
    case 'sin.withdrawn':
      return [{ kind: 'notify-partners', detail: { reason: 'sin-withdrawn' } }];
    case 'rapid-review.submitted':
      return rapidReviewGoesToPanel(ctx)
        ? [{ kind: 'notify-panel', detail: { document: 'rapid-review', submittedOn: event.submittedOn } }, ...createActions]
        : createActions;
    case 'panel.responded':
      if (event.response === 'challenged') return [{ kind: 'notify-partners', detail: { reason: 'panel-challenge' } }];
      if (event.response === 'national-review') return [{ kind: 'notify-partners', detail: { reason: 'national-review' } }];
      return createActions;
    // Reasons go to the Panel and the Secretary of State for a statutory LCSPR only: a local review
    // without a notification is the partnership's own learning.
    case 'publication.decided':
      return event.form === 'improvements-only' && rapidReviewGoesToPanel(ctx)
        ? both({ reason: 'full-report-not-published', reasons: event.reasons ?? null, plannedOn: event.plannedOn })
        : [];
    case 'local-review.paused': {
      // A pause expected to end after the 6-month date delays a statutory LCSPR: the reasons go to
      // the Panel and the Secretary of State (machine version 3 announces pauses).
      const lcspr = findClock(ctx.clocks, 'lcspr-publication');
      return lcspr && event.expectedEndOn > lcspr.dueOn && rapidReviewGoesToPanel(ctx)
        ? both({
            reason: 'lcspr-paused-past-due-date',
            process: event.process,
            expectedEndOn: event.expectedEndOn,
            dueOn: lcspr.dueOn,
            reasons: event.reasons ?? null,
          })
        : [];
    }
    case 'publication.deferred':
      return rapidReviewGoesToPanel(ctx) ? both({ reason: 'publication-deferred', reasons: event.reasons, reviewOn: event.reviewOn }) : [];
    case 'report.published':
      return [{ kind: 'notify-nspcc', detail: { address: event.address, publishedOn: event.publishedOn } }, ...createActions];
    case 'clock.extended':
      return event.clockId === 'lcspr-publication'
        ? both({ reason: 'lcspr-delayed', reasons: event.reasons, newDueOn: event.newDueOn })
        : [];
    case 'deadline.passed':
      return [
        { kind: 'remind', detail: { clockId: event.clockId, dueOn: findClock(ctx.clocks, event.clockId)?.dueOn ?? null, overdue: true } },
      ];
    default:
      return createActions;
  }
}
