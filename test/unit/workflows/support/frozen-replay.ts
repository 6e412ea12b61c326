/**
 * What a frozen machine version does with one event in one stored state, reduced to a comparable
 * record: refused, or the state it moves to, a digest of the context it leaves and the effects it
 * emits. Driven through xstate directly (not the current event schema or service), so only the
 * frozen machine and the rule and update functions it calls decide the outcome.
 */
import { createHash } from 'node:crypto';
import { transition, type AnyStateMachine, type StateValue } from 'xstate';
import { createCaseMachineV1 } from '../../../../workflows/case-lifecycle.v1.machine.js';
import { createCaseMachineV2 } from '../../../../workflows/case-lifecycle.v2.machine.js';
import { createCaseMachineV3 } from '../../../../workflows/case-lifecycle.v3.machine.js';
import type { PersistedWorkflow } from '../../../../workflows/case-workflow.js';
import { statePath } from '../../../../workflows/case-workflow.js';
import { deps } from './scenario.js';

/** The frozen machine versions, each with stored snapshots (fixtures/v<N>) and a golden record (fixtures/v<N>-golden). */
export const FROZEN_MACHINES: Record<string, () => AnyStateMachine> = {
  '1': () => createCaseMachineV1(deps),
  '2': () => createCaseMachineV2(deps),
  '3': () => createCaseMachineV3(deps),
};

export type ReplayOutcome =
  { refused: true } | { refused: false; state: string; status: string; contextDigest: string; effects: string[] } | { failed: string };

/** Key order must not change the digest: objects are written with sorted keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function digest(value: unknown): string {
  return createHash('sha256')
    .update(canonical(JSON.parse(JSON.stringify(value))))
    .digest('hex')
    .slice(0, 16);
}

export function replayOne(machine: AnyStateMachine, persisted: PersistedWorkflow, event: { type: string }): ReplayOutcome {
  const stored = persisted.snapshot as { value: StateValue; context: object; status?: string; historyValue?: object };
  try {
    const snapshot = machine.resolveState({
      value: stored.value,
      context: stored.context,
      status: stored.status === 'done' ? 'done' : 'active',
      historyValue: (stored.historyValue ?? {}) as never,
    });
    if (!snapshot.can(event)) return { refused: true };
    const [next, actions] = transition(machine, snapshot, event);
    if (next.status === 'error') return { failed: String((next as { error?: unknown }).error) };
    const effects = (actions as readonly { type: string; params?: unknown }[])
      .filter((a) => a.type === 'xstate.emit')
      .flatMap((a) => ((a.params as { event?: { effects?: { kind: string }[] } }).event?.effects ?? []).map((e) => digest(e)));
    return { refused: false, state: statePath(next.value), status: next.status, contextDigest: digest(next.context), effects };
  } catch (error) {
    return { failed: (error as Error).message };
  }
}
