/**
 * The replay check (`npm run verify`) replays a case on the machine version it was opened on, so a
 * case stored on an older version (here version 2, before clocks lapsed) is still consistent, and
 * stays consistent after its explicit migration to version 3 and further events.
 */
import { describe, expect, it } from 'vitest';
import { verifyCase } from '../../../src/cases/case-verify.js';
import type { CaseHistoryEntry, CaseRecord } from '../../../src/cases/case.record.js';
import { applyCaseEvent, migrateWorkflowView, openCase, type WorkflowView } from '../../../workflows/case-workflow.js';
import type { CaseEvent } from '../../../workflows/case-events.schema.js';
import { E, OPENED_AT, actors, deps, openingFor } from '../workflows/support/scenario.js';

/** A stored case built the way the service builds it: each event applied on the stored workflow, and written to the history. */
function storedCase(openOnVersion: number, events: (CaseEvent | { migrateTo: number })[]): CaseRecord {
  const opening = openingFor('serious-incident');
  let view: WorkflowView = openCase(deps, opening, { actor: actors.bu, at: OPENED_AT }, openOnVersion);
  const history: CaseHistoryEntry[] = [
    {
      seq: 1,
      type: 'case.opened',
      actor: actors.bu,
      at: OPENED_AT,
      stateBefore: null,
      stateAfter: view.state,
      version: 1,
      fields: { ...opening },
      effects: [],
    },
  ];
  for (const step of events) {
    const before = view.state;
    let entry: Omit<CaseHistoryEntry, 'seq' | 'version' | 'stateBefore' | 'stateAfter' | 'effects'>;
    if ('migrateTo' in step) {
      const fromVersion = view.persisted.machineVersion;
      view = migrateWorkflowView(deps, view.persisted, step.migrateTo);
      entry = {
        type: 'machine.migrated',
        actor: actors.admin,
        at: '2025-03-25T09:00:00Z',
        fields: { fromVersion, toVersion: step.migrateTo },
      };
    } else {
      view = applyCaseEvent(deps, view.persisted, step);
      const { type, actor, at, ...fields } = step as CaseEvent & Record<string, unknown>;
      entry = { type, actor, at, fields };
    }
    history.push({
      ...entry,
      seq: history.length + 1,
      version: history.length + 1,
      stateBefore: before,
      stateAfter: view.state,
      effects: view.effects,
    });
  }
  return {
    _id: 'case-1',
    reference: 'NTH-2025-0001',
    version: history.length,
    workflow: view.persisted,
    state: view.state,
    clocks: view.clocks,
    history,
  } as unknown as CaseRecord;
}

const TO_PANEL = [E.sinSubmitted, E.meetingHeld, E.decidedLocalReview, E.signedOffLa, E.signedOffPolice, E.signedOffHealth, E.submitted];

describe('verifyCase', () => {
  it('finds a case opened and still stored on machine version 2 consistent with its replay', () => {
    const record = storedCase(2, TO_PANEL);
    expect(record.workflow.machineVersion).toBe(2);
    // version 2 left the agency returns clock open after the review was sent: the replay must too
    expect(record.clocks.find((c) => c.clockId === 'agency-returns')!.lapsedOn).toBeUndefined();
    expect(verifyCase(record, deps)).toMatchObject({ consistent: true, differences: [] });
  });

  it('finds it consistent after its migration to version 3 and the Panel’s answer on version 3', () => {
    const record = storedCase(2, [...TO_PANEL, { migrateTo: 3 }, E.panelAgreed]);
    expect(record.workflow.machineVersion).toBe(3);
    expect(record.clocks.find((c) => c.clockId === 'agency-returns')).toMatchObject({ lapsedOn: '2025-03-21' });
    expect(verifyCase(record, deps)).toMatchObject({ consistent: true, differences: [] });
  });

  it('still reports a stored case that differs from its replay', () => {
    const record = storedCase(3, TO_PANEL);
    const tampered = { ...record, clocks: record.clocks.map((c) => (c.clockId === 'agency-returns' ? { ...c, dueOn: '2025-04-30' } : c)) };
    expect(verifyCase(tampered, deps).differences).toContain('deadlines differ from the replay');
  });
});
