/** Helpers to drive the facade in tests: open, play events (with a JSON round trip each time), expect errors. */
import { expect } from 'vitest';
import { AppError } from '../../../../src/errors/app-errors.js';
import { applyCaseEvent, openCase, type WorkflowView } from '../../../../workflows/case-workflow.js';
import type { CaseEvent } from '../../../../workflows/case-events.schema.js';
import type { OpenCaseInput } from '../../../../workflows/case-open.schema.js';
import type { Route } from '../../../../workflows/statutory-routes.js';
import { E, OPENED_AT, actors, deps, openingFor } from './scenario.js';

export function open(route: Route, overrides: Partial<OpenCaseInput> = {}): WorkflowView {
  return openCase(deps, openingFor(route, overrides), { actor: actors.bu, at: OPENED_AT });
}

/** Applies events in order, persisting through JSON between each (as the service will). */
export function play(view: WorkflowView, ...events: CaseEvent[]): WorkflowView {
  return events.reduce<WorkflowView>((v, e) => applyCaseEvent(deps, JSON.parse(JSON.stringify(v.persisted)), e), view);
}

/** Applies one event expecting `errorClass` (and the rule, for a RuleViolationError); returns the error. */
export function refused<T extends AppError>(
  view: WorkflowView,
  event: CaseEvent,
  errorClass: abstract new (...args: never[]) => T,
  rule?: string,
): T {
  let caught: unknown;
  try {
    applyCaseEvent(deps, JSON.parse(JSON.stringify(view.persisted)), event);
  } catch (e) {
    caught = e;
  }
  expect(caught, `${event.type} should be refused`).toBeInstanceOf(errorClass);
  if (rule !== undefined) expect((caught as { rule?: string }).rule).toBe(rule);
  return caught as T;
}

/** The clocks as `{ clockId: dueOn }`. */
export const dues = (v: WorkflowView): Record<string, string> => Object.fromEntries(v.clocks.map((c) => [c.clockId, c.dueOn]));
export const clock = (v: WorkflowView, id: string) => v.clocks.find((c) => c.clockId === id);

/** Canonical serious-incident paths, each extending the one before. */
const gathering = [E.sinSubmitted];
const deciding = [...gathering, E.meetingHeld];
const signingOff = [...deciding, E.decidedLocalReview];
const signedOff = [...signingOff, E.signedOffLa, E.signedOffPolice, E.signedOffHealth];
/** Version 4 sends a serious incident's rapid review only once the partners were told (typed in just before sending). */
const partnersTold = but(E.partnersInformed, { at: '2025-03-21T09:00:00Z' });
const panelResponse = [...signedOff, partnersTold, E.submitted];
const commissioning = [...panelResponse, E.panelAgreed];
const appointing = [...commissioning, E.commissioned];
const scoping = [...appointing, E.reviewerAppointed];
const inProgress = [...scoping, E.termsAgreed];
const qualityAssurance = [...inProgress, E.draftReceived];
const lrSigningOff = [...qualityAssurance, E.qualityAssured];
const publicationDeciding = [...lrSigningOff, E.lrSignedOffLa, E.lrSignedOffPolice, E.lrSignedOffHealth];
const noticePending = [...publicationDeciding, E.publicationDecided];
const awaitingPublication = [...noticePending, E.noticeSent];
const actionPlan = [...awaitingPublication, E.published];

export const SI_PATHS = {
  gathering,
  deciding,
  signingOff,
  signedOff,
  panelResponse,
  commissioning,
  appointing,
  scoping,
  inProgress,
  qualityAssurance,
  lrSigningOff,
  publicationDeciding,
  noticePending,
  awaitingPublication,
  actionPlan,
} satisfies Record<string, CaseEvent[]>;

/** A serious-incident case advanced along one of the canonical paths. */
export function si(path: keyof typeof SI_PATHS): WorkflowView {
  return play(open('serious-incident'), ...SI_PATHS[path]);
}

/** `event` with some fields replaced. */
export function but<T extends CaseEvent>(event: T, changes: Partial<Record<string, unknown>>): T {
  return { ...event, ...changes } as T;
}
