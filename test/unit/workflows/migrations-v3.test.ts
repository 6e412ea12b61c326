/**
 * Machine version 3 → 4: every stored version-3 snapshot (fixtures/v3, generated once by
 * fixtures/generate-fixtures.ts 3 and committed) restores on version 3, migrates to version 4
 * keeping its state, records and clocks, defaults every field version 4 adds (and says so in its
 * history), and goes on running on version 4. Dates are the scenario's (support/scenario.ts):
 * rapid review decided Tue 18 March 2025; LCSPR commissioned Mon 14 April 2025, whose 6-month
 * clock version 3 started that day (due Tue 14 October 2025) and the migration keeps.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acceptedEvents, migrateWorkflow, migrateWorkflowView, viewOf, type PersistedWorkflow } from '../../../workflows/case-workflow.js';
import { createCaseMachineV3 } from '../../../workflows/case-lifecycle.v3.machine.js';
import type { CaseContext } from '../../../workflows/case-context.js';
import { deps, restingStates } from './support/scenario.js';

interface Fixture {
  description: string;
  route: string;
  state: string;
  persisted: PersistedWorkflow;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'v3');
const fixtures: [string, Fixture][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture]);
const byName = (name: string) => fixtures.find(([n]) => n === name)![1].persisted;

/** The fields version 4 adds to the top of the context. */
const NEW_FIELDS = [
  'notificationCriteria',
  'partnersAgreement',
  'partnersInformedWaiver',
  'safetyActions',
  'panelInformationRequests',
  'dissemination',
  'repositorySubmission',
];

describe('stored version 3 snapshots', () => {
  it('cover every resting state of version 3 and are real version-3 snapshots', () => {
    const covered = new Set(fixtures.map(([, f]) => f.state));
    const states = restingStates(createCaseMachineV3(deps));
    expect(states).toHaveLength(23);
    expect(states.filter((s) => !covered.has(s))).toEqual([]);
    for (const [, f] of fixtures) expect(f.persisted).toMatchObject({ machineId: 'case-lifecycle', machineVersion: 3 });
  });
});

describe.each(fixtures)('v3 %s', (_name, fixture) => {
  const v3 = fixture.persisted;

  it('restores on version 3, migrates to version 4 keeping state, records and clocks, and defaults every new field', () => {
    expect(viewOf(deps, v3).state).toBe(fixture.state);
    const migrated = migrateWorkflow(deps, v3, 4);
    expect(migrated.machineVersion).toBe(4);
    const view = viewOf(deps, migrated);
    expect(view.state).toBe(fixture.state);
    const before = (v3.snapshot as { context: CaseContext }).context;
    const after = view.context as unknown as Record<string, unknown>;
    expect(view.clocks).toEqual(before.clocks);
    expect(after).toMatchObject({
      notificationCriteria: null,
      partnersAgreement: null,
      partnersInformedWaiver: null,
      safetyActions: [],
      panelInformationRequests: [],
      dissemination: [],
      repositorySubmission: null,
    });
    // every version-3 field is kept as it was (the records version 4 extends gain only their new keys)
    const { machineMigrations, localReview, screening, rapidReview, ...rest } = view.context;
    const { machineMigrations: oldNotes, localReview: oldLr, screening: oldScreening, rapidReview: oldRr, ...oldRest } = before;
    expect(Object.fromEntries(Object.entries(rest).filter(([k]) => !NEW_FIELDS.includes(k)))).toEqual(oldRest);
    expect(localReview).toMatchObject(oldLr);
    expect(screening === null ? null : { ...screening, abuseOrNeglect: undefined }).toEqual(
      oldScreening === null ? null : { ...oldScreening, abuseOrNeglect: undefined },
    );
    expect({ ...rapidReview, decision: rapidReview.decision && { ...rapidReview.decision, otherReview: undefined } }).toEqual({
      ...oldRr,
      decision: oldRr.decision && { ...oldRr.decision, otherReview: undefined },
    });
    expect(machineMigrations.slice(0, oldNotes.length)).toEqual(oldNotes);
    expect(machineMigrations.at(-1)).toMatchObject({ fromVersion: 3, toVersion: 4 });
  });

  it('accepts on version 4 what it accepted on version 3, plus only the events version 4 adds', () => {
    const migrated = migrateWorkflow(deps, v3, 4);
    const added = new Set([
      'partners-informed.waived',
      'safety-action.recorded',
      'panel.information-requested',
      'learning.disseminated',
      'repository.submitted',
      'sin.withdrawn',
    ]);
    const before = acceptedEvents(deps, v3);
    const after = acceptedEvents(deps, migrated);
    expect(after.filter((e) => !before.includes(e)).filter((e) => !added.has(e))).toEqual([]);
    expect(before.filter((e) => !after.includes(e))).toEqual([]);
  });
});

describe('the version 3 → 4 migration', () => {
  it('records every default in the case history, and keeps a commissioned LCSPR’s clock from its commissioning day (14 April → 14 October)', () => {
    const view = migrateWorkflowView(deps, byName('localReview.inProgress'), 4);
    expect(view.effects).toEqual([
      {
        kind: 'machine-migrated',
        detail: {
          fromVersion: 3,
          toVersion: 4,
          notes: [
            "machine version 4: notification criteria and partners' agreement not recorded (null)",
            'partners-informed waiver: none (null)',
            'immediate safety actions, Panel requests for more information, dissemination: none recorded ([])',
            'NSPCC repository submission: not recorded (null)',
            "6-month clock kept from the commissioning date 2025-04-14 (version 3's start); decision to initiate the review: 2025-03-18",
          ],
        },
      },
    ]);
    expect(view.clocks.find((c) => c.clockId === 'lcspr-publication')).toMatchObject({ startedOn: '2025-04-14', dueOn: '2025-10-14' });
    expect(view.context.localReview).toMatchObject({ initiatedOn: '2025-03-18', clockStartsOn: '2025-04-14' });
  });

  it('moves version 1 cases through 2 and 3 to 4, each step in the history', () => {
    const v1 = JSON.parse(readFileSync(join(dirname(dir), 'v1', 'panelResponse.json'), 'utf8')).persisted as PersistedWorkflow;
    const view = migrateWorkflowView(deps, v1, 4);
    expect(view.persisted.machineVersion).toBe(4);
    expect(view.context.machineMigrations.map((m) => m.toVersion)).toEqual([2, 3, 4]);
    expect(view.effects.map((e) => (e.detail as { toVersion: number }).toVersion)).toEqual([2, 3, 4]);
  });
});
