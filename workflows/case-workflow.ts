/**
 * The facade the service calls: pure functions over a persisted workflow (machine id, version and
 * the snapshot as plain JSON). No I/O and no clock reads: the server passes the actor and the
 * instant `at` on every event, and saves what comes back.
 *
 * Errors (src/errors/app-errors.ts): ValidationError (400) for a malformed event or opening;
 * ForbiddenError (403) when the actor's role may not send the event; InvalidTransitionError (409,
 * with the current state and the events it accepts) when the state does not take the event at
 * all; RuleViolationError (422, naming the rule) when a guard refuses it for a business reason
 * (including `holiday-data-missing` from the calendar). A stored snapshot that cannot be restored
 * (unknown machine id or version, corrupt JSON) throws WorkflowRestoreError (a server fault).
 */
import { getNextTransitions, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import { ForbiddenError, InvalidTransitionError, RuleViolationError, ValidationError } from '../src/errors/app-errors.js';
import {
  CLOCK_RULES,
  defaultHolidayCalendar,
  isSoftClock,
  type Clock,
  type ClockRule,
  type HolidayCalendar,
} from '../src/calendar/index.js';
import { ActorSchema, type Actor, type ActorRole } from './roles.js';
import { InstantSchema } from './instants.js';
import { londonDateOf } from '../src/calendar/england-day.js';
import { issuesFromZod } from '../src/errors/field-issues.js';
import { OpenCaseSchema, type OpenCaseInput } from './case-open.schema.js';
import { CaseEventSchema, EVENT_TYPES, type CaseEvent, type EventType } from './case-events.schema.js';
import { EVENT_ROLES, OPEN_ROLES, actorRefusal } from './event-roles.js';
import { EDITION_RULES, editionFor, routeInEdition, EDITIONS, isLaterEdition } from './editions.js';
import { caseNotifies } from './statutory-routes.js';
import { checkHappenedOnDates, explainRefusal } from './case-rules.js';
import type { Effect, EffectsEmitted } from './case-effects.js';
import type { CaseContext, CaseContextV1 } from './case-context.js';
import { CASE_MACHINE_ID, createCaseMachine } from './case-lifecycle.machine.js';
import { createCaseMachineV1 } from './case-lifecycle.v1.machine.js';
import { createCaseMachineV2 } from './case-lifecycle.v2.machine.js';
import { createCaseMachineV3 } from './case-lifecycle.v3.machine.js';
import { MIGRATIONS, type PersistedSnapshot } from './migrations.js';

export { CASE_MACHINE_ID };
export const CURRENT_MACHINE_VERSION = 4;
/** Every machine version a stored case may carry. */
export const MACHINE_VERSIONS = [1, 2, 3, 4] as const;

export type { Effect, CaseContext, CaseEvent, EventType, Actor };

export interface WorkflowDeps {
  calendar: HolidayCalendar;
  clockRules: readonly ClockRule[];
}

export interface PersistedWorkflow {
  machineId: string;
  machineVersion: number;
  /** `getPersistedSnapshot()` as plain JSON. */
  snapshot: unknown;
}

export interface WorkflowView {
  persisted: PersistedWorkflow;
  /** Dotted state path, e.g. `rapidReview.gathering`. */
  state: string;
  /** The top-level stage, e.g. `rapidReview`. */
  stage: string;
  final: boolean;
  context: CaseContext;
  clocks: Clock[];
  effects: Effect[];
}

/** A stored workflow that cannot be restored (unknown machine id or version, corrupt snapshot): a server fault. */
export class WorkflowRestoreError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'WorkflowRestoreError';
  }
}

// ---- machines -------------------------------------------------------------------------------

const FACTORIES: Readonly<Record<number, (deps: WorkflowDeps) => AnyStateMachine>> = {
  1: createCaseMachineV1,
  2: createCaseMachineV2,
  3: createCaseMachineV3,
  4: createCaseMachine,
};

const machineCache = new WeakMap<HolidayCalendar, WeakMap<readonly ClockRule[], Map<number, AnyStateMachine>>>();

/** The machine of `version` for these deps (built once per calendar and rule set). */
export function machineFor(deps: WorkflowDeps, version: number): AnyStateMachine {
  const factory = FACTORIES[version];
  if (!factory) throw new WorkflowRestoreError(`unknown ${CASE_MACHINE_ID} machine version ${version}`);
  let byRules = machineCache.get(deps.calendar);
  if (!byRules) machineCache.set(deps.calendar, (byRules = new WeakMap()));
  let byVersion = byRules.get(deps.clockRules);
  if (!byVersion) byRules.set(deps.clockRules, (byVersion = new Map()));
  let machine = byVersion.get(version);
  if (!machine) byVersion.set(version, (machine = factory(deps)));
  return machine;
}

// ---- helpers ----------------------------------------------------------------------------------

/** `{ a: { b: 'c' } }` → `a.b.c` */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, child] = Object.entries(value)[0] ?? [];
  if (key === undefined) return '';
  return child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)
    ? key
    : `${key}.${statePath(child as StateValue)}`;
}

function toPlainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function persist(machine: AnyStateMachine, version: number, snapshot: AnyMachineSnapshot): PersistedWorkflow {
  return { machineId: CASE_MACHINE_ID, machineVersion: version, snapshot: toPlainJson(machine.getPersistedSnapshot(snapshot)) };
}

/** A v1 context seen through the current context type (fields v1 never had are empty). */
function asCurrentContext(context: CaseContext | CaseContextV1): CaseContext {
  return { partnersInformed: null, machineMigrations: [], ...context } as CaseContext;
}

/**
 * An action that throws (e.g. the calendar's MissingHolidayDataError for a date beyond the holiday
 * data) can leave XState's snapshot in status `error` instead of throwing: rethrow it, so that
 * nothing is ever saved from a failed transition.
 */
function throwIfErrored(snapshot: AnyMachineSnapshot): void {
  if (snapshot.status === 'error') {
    const error = (snapshot as { error?: unknown }).error;
    throw error instanceof Error ? error : new WorkflowRestoreError(`the transition failed: ${String(error)}`);
  }
}

function effectsFrom(actions: readonly { type: string; params?: unknown }[]): Effect[] {
  return actions.flatMap((a) => {
    if (a.type !== 'xstate.emit') return [];
    const emitted = (a.params as { event?: EffectsEmitted } | undefined)?.event;
    return emitted?.type === 'effects' ? emitted.effects : [];
  });
}

function describe(machine: AnyStateMachine, version: number, snapshot: AnyMachineSnapshot, effects: Effect[]): WorkflowView {
  const state = statePath(snapshot.value);
  const context = asCurrentContext(snapshot.context as CaseContext);
  return {
    persisted: persist(machine, version, snapshot),
    state,
    stage: state.split('.')[0]!,
    final: snapshot.status === 'done',
    context,
    clocks: context.clocks,
    effects,
  };
}

interface Restored {
  machine: AnyStateMachine;
  version: number;
  snapshot: AnyMachineSnapshot;
}

function restore(deps: WorkflowDeps, persisted: PersistedWorkflow): Restored {
  if (!persisted || typeof persisted !== 'object') throw new WorkflowRestoreError('no persisted workflow');
  if (persisted.machineId !== CASE_MACHINE_ID) {
    throw new WorkflowRestoreError(`unknown machine ${JSON.stringify(persisted.machineId)} (expected ${CASE_MACHINE_ID})`);
  }
  const version = persisted.machineVersion;
  const machine = machineFor(deps, version);
  const s = persisted.snapshot as Partial<PersistedSnapshot<unknown>> | null;
  if (!s || typeof s !== 'object' || s.value === undefined || !s.context || typeof s.context !== 'object') {
    throw new WorkflowRestoreError('the persisted snapshot has no state value or context');
  }
  try {
    const snapshot = machine.resolveState({
      value: s.value as StateValue,
      context: s.context as CaseContext,
      status: s.status === 'done' ? 'done' : 'active',
      historyValue: (s.historyValue ?? {}) as never,
    });
    return { machine, version, snapshot };
  } catch (e) {
    throw new WorkflowRestoreError(`cannot restore the ${CASE_MACHINE_ID} v${version} snapshot: ${(e as Error).message}`);
  }
}

/** Event types handled by a transition of an active state node (whatever their guards say). */
function handledEventTypes(snapshot: AnyMachineSnapshot): Set<string> {
  if (snapshot.status !== 'active') return new Set();
  return new Set(getNextTransitions(snapshot).map((t) => t.eventType));
}

/** Events the state handles but the case's facts rule out whatever their fields (kept out of `acceptedEvents`). */
function ruledOut(ctx: CaseContext | CaseContextV1, type: EventType, version: number): boolean {
  switch (type) {
    case 'sin.submitted':
      return !caseNotifies(ctx.route, ctx.screening?.outcome) || ctx.notification !== null;
    case 'partners.informed':
      return (
        version < 2 ||
        ctx.route !== 'serious-incident' ||
        (ctx as CaseContext).partnersInformed != null ||
        (ctx as CaseContext).partnersInformedWaiver != null
      );
    case 'partners-informed.waived':
      return (
        ctx.route !== 'serious-incident' ||
        (ctx as CaseContext).partnersInformed != null ||
        (ctx as CaseContext).partnersInformedWaiver != null
      );
    case 'panel.information-requested':
      return ((ctx as CaseContext).panelInformationRequests ?? []).some((r) => r.answeredOn === null);
    case 'panel.information-sent':
      return !((ctx as CaseContext).panelInformationRequests ?? []).some((r) => r.answeredOn === null);
    case 'repository.submitted':
      return ctx.publication.published === null || (ctx as CaseContext).repositorySubmission != null;
    case 'sin.withdrawn':
      return ctx.notification === null;
    case 'agency-information.returned':
      return !ctx.agencyRequests.some((r) => r.returnedOn === null);
    case 'learning.completed':
      return ctx.learningCompleted !== null;
    case 'action-plan.completed':
      return ctx.actionPlanCompleted !== null;
    case 'deadline.passed':
      // From version 3 the Panel's soft reply is never noted as passed.
      return !ctx.clocks.some((c) => c.metOn === undefined && c.lapsedOn === undefined && (version < 3 || !isSoftClock(c.clockId)));
    case 'clock.extended': {
      // From version 3 only the LCSPR clock is extended; the notice moves with a new publication decision.
      const extendable = version < 3 ? ['lcspr-publication', 'publication-notice'] : ['lcspr-publication'];
      return !ctx.clocks.some((c) => c.metOn === undefined && c.lapsedOn === undefined && extendable.includes(c.clockId));
    }
    case 'edition.migrated':
      return !EDITIONS.some((e) => isLaterEdition(e, ctx.edition) && routeInEdition(ctx.route, e));
    default:
      return false;
  }
}

function accepted(restored: Restored, role?: ActorRole): EventType[] {
  const handled = handledEventTypes(restored.snapshot);
  const ctx = restored.snapshot.context as CaseContext;
  return EVENT_TYPES.filter(
    (t) => handled.has(t) && !ruledOut(ctx, t, restored.version) && (role === undefined || EVENT_ROLES[t].includes(role)),
  );
}

// ---- the facade -------------------------------------------------------------------------------

/**
 * Opens a case on its route: validates the opening (400), checks the actor may open this route
 * (403) and that the route exists in the edition in force on `laAwareOn` (422), then starts the
 * machine. The view's effects say what the service should do next.
 */
export function openCase(
  deps: WorkflowDeps,
  input: OpenCaseInput,
  meta: { actor: Actor; at: string },
  /** The machine version to open on: the current one, except when replaying a case opened on an older version. */
  version: number = CURRENT_MACHINE_VERSION,
): WorkflowView {
  const parsed = OpenCaseSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('The case opening is not valid', issuesFromZod(parsed.error));
  const actor = ActorSchema.safeParse(meta?.actor);
  if (!actor.success) throw new ValidationError('The actor is not valid', issuesFromZod(actor.error, ['actor']));
  const at = InstantSchema.safeParse(meta?.at);
  if (!at.success) throw new ValidationError('`at` is not an ISO instant', issuesFromZod(at.error, ['at']));
  const open = parsed.data;

  if (!(OPEN_ROLES[open.route] as readonly string[]).includes(actor.data.role)) {
    throw new ForbiddenError(`role ${actor.data.role} may not open a ${open.route} case`);
  }
  if (actor.data.role === 'agency' && open.referringOrganisationId !== actor.data.organisationId) {
    throw new ForbiddenError('an agency user refers cases for their own organisation only');
  }
  const edition = editionFor(open.laAwareOn);
  if (!routeInEdition(open.route, edition)) {
    throw new RuleViolationError(
      `${EDITION_RULES[edition].title} (in force when the LA became aware, ${open.laAwareOn}) has no ${open.route} route`,
      'route-not-in-edition',
      { edition },
    );
  }
  const today = londonDateOf(at.data);
  for (const [field, on] of [
    ['incidentOn', open.incidentOn],
    ['laAwareOn', open.laAwareOn],
    ['partnersAwareOn', open.partnersAwareOn],
  ] as const) {
    if (on !== undefined && on > today) {
      throw new RuleViolationError(`${field} ${on} is after the day the case is opened (${today})`, 'date-in-future', { field });
    }
  }
  const machine = machineFor(deps, version);
  const [snapshot, actions] = initialTransition(machine, { open, actor: actor.data, at: at.data, edition });
  throwIfErrored(snapshot);
  return describe(machine, version, snapshot, effectsFrom(actions));
}

/**
 * Applies one event (`{ type, actor, at, ...fields }`, actor and `at` set by the server) to a
 * persisted workflow and returns the new view. Throws ValidationError, ForbiddenError,
 * InvalidTransitionError or RuleViolationError as described at the top of this file.
 */
export function applyCaseEvent(deps: WorkflowDeps, persisted: PersistedWorkflow, event: CaseEvent): WorkflowView {
  const parsed = CaseEventSchema.safeParse(event);
  if (!parsed.success) throw new ValidationError('The event is not valid', issuesFromZod(parsed.error));
  const e = parsed.data;
  const refusal = actorRefusal(e.actor, e);
  if (refusal) throw new ForbiddenError(refusal);

  const restored = restore(deps, persisted);
  const { machine, version, snapshot } = restored;
  const state = statePath(snapshot.value);
  if (!handledEventTypes(snapshot).has(e.type)) {
    throw new InvalidTransitionError(
      snapshot.status === 'done' ? `the case is closed; it accepts no ${e.type}` : `${e.type} is not accepted in state ${state}`,
      state,
      accepted(restored),
    );
  }
  // A step dated after the day it is recorded, or before the incident, is refused whatever the state.
  const misdated = checkHappenedOnDates(snapshot.context as CaseContextV1, e);
  if (misdated) throw new RuleViolationError(misdated.detail, misdated.rule, { state, eventType: e.type });
  if (!snapshot.can(e)) {
    const why = explainRefusal(snapshot.context as CaseContextV1, e, deps);
    throw new RuleViolationError(why.detail, why.rule, { state, eventType: e.type });
  }
  const [next, actions] = transition(machine, snapshot, e);
  throwIfErrored(next);
  return describe(machine, version, next, effectsFrom(actions));
}

/** The event types the case's current state accepts (optionally only those `role` may send). */
export function acceptedEvents(deps: WorkflowDeps, persisted: PersistedWorkflow, role?: ActorRole): EventType[] {
  return accepted(restore(deps, persisted), role);
}

/**
 * Deps for reading the shape of a stored case, nothing more. Which events a state handles is fixed
 * by the machine's states, and what rules an event out is read from the context (`ruledOut`); a
 * partnership's calendar and clock rules feed only guards and due dates, which
 * {@link acceptedEventsOfStored} never runs.
 */
const SHAPE_DEPS: WorkflowDeps = { calendar: defaultHolidayCalendar, clockRules: CLOCK_RULES };

/**
 * {@link acceptedEvents} for every role, from the stored case alone (no partnership settings):
 * for read models derived from the stored document. The same list whatever the partnership.
 */
export function acceptedEventsOfStored(persisted: PersistedWorkflow): EventType[] {
  return acceptedEvents(SHAPE_DEPS, persisted);
}

/** Restores a persisted workflow (checking its machine id and version) and describes it. */
export function viewOf(deps: WorkflowDeps, persisted: PersistedWorkflow): WorkflowView {
  const { machine, version, snapshot } = restore(deps, persisted);
  return describe(machine, version, snapshot, []);
}

/**
 * Moves a persisted workflow to machine version `toVersion` through each version's migration (the
 * state is kept; the migration notes are added to the context's `machineMigrations`). Versions only
 * move forward; the same version comes back unchanged.
 */
export function migrateWorkflow(deps: WorkflowDeps, persisted: PersistedWorkflow, toVersion: number): PersistedWorkflow {
  return migrateWorkflowView(deps, persisted, toVersion).persisted;
}

/** {@link migrateWorkflow}, with the view and a `machine-migrated` effect per step for the case history. */
export function migrateWorkflowView(deps: WorkflowDeps, persisted: PersistedWorkflow, toVersion: number): WorkflowView {
  restore(deps, persisted);
  if (!FACTORIES[toVersion])
    throw new ValidationError(`unknown machine version ${toVersion}`, [
      { path: 'toVersion', code: 'invalid_value', message: `one of ${MACHINE_VERSIONS.join(', ')}` },
    ]);
  if (toVersion < persisted.machineVersion) {
    throw new RuleViolationError(
      `a case on machine version ${persisted.machineVersion} cannot move back to ${toVersion}`,
      'machine-migration-forward-only',
    );
  }
  let snapshot = persisted.snapshot as PersistedSnapshot<never>;
  const effects: Effect[] = [];
  for (let v = persisted.machineVersion; v < toVersion; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new WorkflowRestoreError(`no migration from machine version ${v} to ${v + 1}`);
    const result = step(snapshot, deps);
    snapshot = result.snapshot as PersistedSnapshot<never>;
    effects.push({ kind: 'machine-migrated', detail: { ...result.note } });
  }
  const target: PersistedWorkflow = { machineId: CASE_MACHINE_ID, machineVersion: toVersion, snapshot: toPlainJson(snapshot) };
  const restored = restore(deps, target);
  return describe(restored.machine, restored.version, restored.snapshot, effects);
}
