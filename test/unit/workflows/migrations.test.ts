/**
 * Machine version 1 → 2: every stored version-1 snapshot (fixtures/v1, generated once by
 * fixtures/generate-fixtures.ts (version 1) and committed, never regenerated here) restores, migrates to
 * version 2 keeping its state and records, and goes on running on version 2.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InvalidTransitionError, RuleViolationError, ValidationError } from '../../../src/errors/app-errors.js';
import {
  CURRENT_MACHINE_VERSION,
  acceptedEvents,
  applyCaseEvent,
  migrateWorkflow,
  migrateWorkflowView,
  viewOf,
  type PersistedWorkflow,
} from '../../../workflows/case-workflow.js';
import { createCaseMachineV1 } from '../../../workflows/case-lifecycle.v1.machine.js';
import { migrateV1toV2 } from '../../../workflows/migrations.js';
import type { CaseContextV1 } from '../../../workflows/case-context.js';
import { E, actors, deps, restingStates } from './support/scenario.js';

interface Fixture {
  description: string;
  route: string;
  state: string;
  persisted: PersistedWorkflow;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'v1');
const fixtures: [string, Fixture][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture]);

describe('stored version 1 snapshots', () => {
  it('cover every resting state of version 1', () => {
    const covered = new Set(fixtures.map(([, f]) => f.state));
    const states = restingStates(createCaseMachineV1(deps));
    expect(states).toHaveLength(23);
    expect(states.filter((s) => !covered.has(s))).toEqual([]);
  });

  it('are real persisted snapshots of machine version 1', () => {
    for (const [, f] of fixtures) {
      expect(f.persisted).toMatchObject({ machineId: 'case-lifecycle', machineVersion: 1 });
      expect(Object.keys(f.persisted.snapshot as object).sort()).toEqual(['children', 'context', 'historyValue', 'status', 'value']);
      expect((f.persisted.snapshot as { context: object }).context).not.toHaveProperty('partnersInformed');
    }
  });
});

describe.each(fixtures)('v1 %s', (_name, fixture) => {
  const v1 = fixture.persisted;

  it('restores on version 1 in its state', () => {
    const view = viewOf(deps, v1);
    expect(view.state).toBe(fixture.state);
    expect(view.persisted).toEqual(v1);
    expect(view.final).toBe(fixture.state === 'closed');
  });

  it('migrates to version 2 keeping the state, the records and the clocks', () => {
    const migrated = migrateWorkflow(deps, v1, 2);
    expect(migrated.machineVersion).toBe(2);
    expect(JSON.parse(JSON.stringify(migrated))).toEqual(migrated);
    const view = viewOf(deps, migrated);
    expect(view.state).toBe(fixture.state);
    expect(view.final).toBe(fixture.state === 'closed');
    const before = (v1.snapshot as { context: CaseContextV1 }).context;
    const { clocks, partnersInformed, machineMigrations, ...rest } = view.context;
    const { clocks: oldClocks, ...oldRest } = before;
    expect(rest).toEqual(oldRest);
    expect(clocks.slice(0, oldClocks.length)).toEqual(oldClocks);
    expect(partnersInformed).toBeNull();
    expect(machineMigrations).toHaveLength(1);
    expect(machineMigrations[0]).toMatchObject({ fromVersion: 1, toVersion: 2 });
  });

  it('runs on version 2 after the migration', () => {
    const migrated = migrateWorkflow(deps, v1, 2);
    if (fixture.state === 'closed') {
      expect(acceptedEvents(deps, migrated)).toEqual([]);
      return;
    }
    expect(acceptedEvents(deps, migrated)).toEqual(expect.arrayContaining(acceptedEvents(deps, v1)));
    const running = viewOf(deps, migrated).clocks.find((c) => c.metOn === undefined);
    if (running) {
      const next = applyCaseEvent(deps, migrated, {
        type: 'deadline.passed',
        actor: actors.system,
        at: '2027-12-01T06:00:00Z',
        clockId: running.clockId,
      });
      expect(next.state).toBe(fixture.state);
      expect(next.persisted.machineVersion).toBe(2);
      expect(next.context.deadlineNotices.at(-1)).toMatchObject({ clockId: running.clockId });
    }
  });
});

describe('the version 1 → 2 migration', () => {
  const si = fixtures.find(([n]) => n === 'notification')![1];
  const lad = fixtures.find(([n]) => n === 'notification--looked-after-death')![1];
  const past = fixtures.find(([n]) => n === 'panelResponse')![1];

  it('a serious incident still in notification gets the partners-informed clock, and partners.informed works', () => {
    refused409(() => applyCaseEvent(deps, si.persisted, E.partnersInformed));
    const view = migrateWorkflowView(deps, si.persisted, 2);
    const clock = view.clocks.find((c) => c.clockId === 'partners-informed');
    expect(clock).toMatchObject({ startedOn: '2025-03-03', dueOn: '2025-03-10' });
    expect(view.effects).toEqual([
      {
        kind: 'machine-migrated',
        detail: {
          fromVersion: 1,
          toVersion: 2,
          notes: [
            'partners.informed tracking added (machine version 2)',
            'partners-informed clock started from 2025-03-03, due 2025-03-10',
          ],
        },
      },
    ]);
    const informed = applyCaseEvent(deps, view.persisted, E.partnersInformed);
    expect(informed.context.partnersInformed?.informedOn).toBe('2025-03-05');
    expect(informed.clocks.find((c) => c.clockId === 'partners-informed')?.metOn).toBe('2025-03-05');
  });

  it('a case past notification gets no partners-informed clock (version 1 never asked), and says so', () => {
    const view = migrateWorkflowView(deps, past.persisted, 2);
    expect(view.clocks.map((c) => c.clockId)).not.toContain('partners-informed');
    expect(view.context.machineMigrations[0]?.notes).toContain('no partners-informed clock: the case was past notification when migrated');
  });

  it('other routes get no partners-informed clock', () => {
    const view = migrateWorkflowView(deps, lad.persisted, 2);
    expect(view.clocks.map((c) => c.clockId)).toEqual(['child-death-notification']);
  });

  it('is pure: the stored snapshot is not changed', () => {
    const copy = JSON.parse(JSON.stringify(si.persisted));
    migrateV1toV2(si.persisted.snapshot as never, deps);
    migrateWorkflow(deps, si.persisted, 2);
    expect(si.persisted).toEqual(copy);
  });

  it('versions move forward only; the same version comes back unchanged; unknown versions are refused', () => {
    const v2 = migrateWorkflow(deps, si.persisted, 2);
    expect(migrateWorkflow(deps, v2, 2)).toEqual(v2);
    expect(() => migrateWorkflow(deps, v2, 1)).toThrow(RuleViolationError);
    const latest = migrateWorkflow(deps, si.persisted, CURRENT_MACHINE_VERSION);
    expect(latest.machineVersion).toBe(4);
    expect(() => migrateWorkflow(deps, latest, 2)).toThrow(RuleViolationError);
    expect(() => migrateWorkflow(deps, si.persisted, 5)).toThrow(ValidationError);
  });
});

function refused409(fn: () => unknown): void {
  expect(fn).toThrow(InvalidTransitionError);
}
