/**
 * Machine version 2 → 3: every stored version-2 snapshot (fixtures/v2, generated once by
 * fixtures/generate-fixtures.ts (version 2) and committed) restores on version 2, migrates to version 3
 * keeping its state and records, lapses exactly the clocks whose stage it had left (on the day the
 * records say), and goes on running on version 3. Dates are the scenario's (support/scenario.ts):
 * rapid review sent 2025-03-21; agency returns due 2025-03-17; partners told due 2025-03-10.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  acceptedEvents,
  applyCaseEvent,
  migrateWorkflow,
  migrateWorkflowView,
  openCase,
  viewOf,
  type PersistedWorkflow,
} from '../../../workflows/case-workflow.js';
import { createCaseMachineV2 } from '../../../workflows/case-lifecycle.v2.machine.js';
import { derivedFields } from '../../../src/cases/case-derived.js';
import type { CaseContext } from '../../../workflows/case-context.js';
import { E, OPENED_AT, actors, deps, openingFor, restingStates } from './support/scenario.js';

interface Fixture {
  description: string;
  route: string;
  state: string;
  persisted: PersistedWorkflow;
}

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'v2');
const fixtures: [string, Fixture][] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture]);
const byName = (name: string) => fixtures.find(([n]) => n === name)![1].persisted;
const NOW = new Date('2025-12-01T12:00:00Z');

describe('stored version 2 snapshots', () => {
  it('cover every resting state of version 2 and are real version-2 snapshots', () => {
    const covered = new Set(fixtures.map(([, f]) => f.state));
    const states = restingStates(createCaseMachineV2(deps));
    expect(states).toHaveLength(23);
    expect(states.filter((s) => !covered.has(s))).toEqual([]);
    for (const [, f] of fixtures) expect(f.persisted).toMatchObject({ machineId: 'case-lifecycle', machineVersion: 2 });
  });
});

describe.each(fixtures)('v2 %s', (_name, fixture) => {
  const v2 = fixture.persisted;

  it('restores on version 2, migrates to version 3 keeping the state and records, and lapses only clocks of stages left', () => {
    expect(viewOf(deps, v2).state).toBe(fixture.state);
    const migrated = migrateWorkflow(deps, v2, 3);
    expect(migrated.machineVersion).toBe(3);
    const view = viewOf(deps, migrated);
    expect(view.state).toBe(fixture.state);
    expect(view.final).toBe(fixture.state === 'closed');
    const before = (v2.snapshot as { context: CaseContext }).context;
    const { clocks, machineMigrations, ...rest } = view.context;
    const { clocks: oldClocks, machineMigrations: oldNotes, ...oldRest } = before;
    expect(rest).toEqual(oldRest);
    expect(machineMigrations.slice(0, oldNotes.length)).toEqual(oldNotes);
    expect(machineMigrations.at(-1)).toMatchObject({ fromVersion: 2, toVersion: 3 });
    // every clock keeps its dates; a lapse adds only lapsedOn and its reason
    expect(clocks.map(({ lapsedOn: _l, lapseReason: _r, ...c }) => c)).toEqual(oldClocks);
    // a closed case keeps no unmet clock open (other than the report kept published)
    if (view.final)
      expect(clocks.filter((c) => c.metOn === undefined && c.lapsedOn === undefined && c.clockId !== 'report-kept-published')).toEqual([]);
  });

  it('accepts on version 3 what it accepted on version 2 (less the sweeper on lapsed clocks)', () => {
    const migrated = migrateWorkflow(deps, v2, 3);
    const people = (events: string[]) => events.filter((e) => e !== 'deadline.passed');
    expect(people(acceptedEvents(deps, migrated))).toEqual(people(acceptedEvents(deps, v2)));
  });
});

describe('the version 2 → 3 migration', () => {
  it('a case waiting for the Panel: agency returns lapse on the day the review was sent (21 March), and the note says so', () => {
    const view = migrateWorkflowView(deps, byName('panelResponse'), 3);
    expect(view.clocks.find((c) => c.clockId === 'agency-returns')).toMatchObject({ dueOn: '2025-03-17', lapsedOn: '2025-03-21' });
    // partners can still be told while the Panel has not answered; the Panel's reply is soft
    expect(view.clocks.find((c) => c.clockId === 'partners-informed')!.lapsedOn).toBeUndefined();
    expect(view.effects).toEqual([
      {
        kind: 'machine-migrated',
        detail: {
          fromVersion: 2,
          toVersion: 3,
          notes: [
            'clocks lapse when their stage ends (machine version 3)',
            'agency-returns (due 2025-03-17) lapsed on 2025-03-21: its stage had ended before the migration',
          ],
        },
      },
    ]);
    expect(derivedFields(view, null, NOW).openDeadlines).toEqual([{ clockId: 'partners-informed', dueOn: '2025-03-10' }]);
  });

  it('a closed case (withdrawn 12 March): every open clock lapses on the closure day', () => {
    const view = migrateWorkflowView(deps, byName('closed'), 3);
    expect(view.clocks.filter((c) => c.lapsedOn).map((c) => [c.clockId, c.lapsedOn])).toEqual([
      ['partners-informed', '2025-03-12'],
      ['rapid-review', '2025-03-12'],
      ['agency-returns', '2025-03-12'],
      ['rapid-review-meeting', '2025-03-12'],
      ['partner-sign-off', '2025-03-12'],
    ]);
    expect(derivedFields(view, null, NOW)).toMatchObject({ openDeadlines: [], nextDueOn: null, sweepDueOn: null });
  });

  it('revising after a challenge: the rapid review milestones lapse on the first sending, even though the stage is the rapid review again', () => {
    const view = migrateWorkflowView(deps, byName('rapidReview.revising'), 3);
    expect(view.clocks.find((c) => c.clockId === 'agency-returns')).toMatchObject({ lapsedOn: '2025-03-21' });
    expect(view.clocks.find((c) => c.clockId === 'partners-informed')!.lapsedOn).toBeUndefined();
  });

  it('an action plan after the Panel agreed: "partners told" lapses on the day of the Panel answer', () => {
    const before = (byName('actionPlan').snapshot as { context: CaseContext }).context;
    const answeredOn = before.panelResponses[0]!.receivedOn;
    const view = migrateWorkflowView(deps, byName('actionPlan'), 3);
    expect(view.clocks.find((c) => c.clockId === 'partners-informed')).toMatchObject({ dueOn: '2025-03-10', lapsedOn: answeredOn });
  });

  it('a version-2 case never migrated is not chased for clocks of stages it left, nor once closed', () => {
    expect(derivedFields(viewOf(deps, byName('closed')), null, NOW)).toMatchObject({
      openDeadlines: [],
      nextDueOn: null,
      sweepDueOn: null,
    });
    expect(derivedFields(viewOf(deps, byName('localReview.inProgress')), null, NOW).openDeadlines).toEqual([
      { clockId: 'lcspr-publication', dueOn: '2025-10-14' },
    ]);
  });

  it('a local review stored on version 2 waiting to send its notice: the notice clock lapses, the review publishes without one', () => {
    // Version 2 held a local review (no notification) to the notice: decided 1 October for
    // 13 October, so the notice was due 2 October (7 working days before).
    let v2 = openCase(deps, openingFor('referral'), { actor: actors.bu, at: OPENED_AT }, 2);
    for (const event of [
      E.screenedLocal,
      E.meetingHeld,
      E.decidedLocalReview,
      E.signedOffLa,
      E.signedOffPolice,
      E.signedOffHealth,
      E.submitted,
      E.commissioned,
      E.reviewerAppointed,
      E.termsAgreed,
      E.draftReceived,
      E.qualityAssured,
      E.lrSignedOffLa,
      E.lrSignedOffPolice,
      E.lrSignedOffHealth,
      E.publicationDecided,
    ]) {
      v2 = applyCaseEvent(deps, v2.persisted, event);
    }
    expect(v2.state).toBe('publication.noticePending');
    expect(derivedFields(v2, null, NOW).openDeadlines.map((d) => d.clockId)).toContain('publication-notice');
    const view = migrateWorkflowView(deps, v2.persisted, 3);
    expect(view.clocks.find((c) => c.clockId === 'publication-notice')).toMatchObject({ dueOn: '2025-10-02', lapsedOn: '2025-10-01' });
    expect(derivedFields(view, null, NOW).openDeadlines.map((d) => d.clockId)).not.toContain('publication-notice');
    expect(applyCaseEvent(deps, view.persisted, E.published).state).toBe('actionPlan');
  });

  it('is pure and moves version 1 cases through version 2 to 3', () => {
    const copy = JSON.parse(JSON.stringify(byName('closed')));
    migrateWorkflow(deps, byName('closed'), 3);
    expect(byName('closed')).toEqual(copy);
    const v1 = JSON.parse(readFileSync(join(dirname(dir), 'v1', 'panelResponse.json'), 'utf8')).persisted as PersistedWorkflow;
    const view = migrateWorkflowView(deps, v1, 3);
    expect(view.persisted.machineVersion).toBe(3);
    expect(view.effects.map((e) => e.detail)).toMatchObject([
      { fromVersion: 1, toVersion: 2 },
      { fromVersion: 2, toVersion: 3 },
    ]);
    expect(view.context.machineMigrations.map((m) => m.toVersion)).toEqual([2, 3]);
  });
});
