/** The Mermaid and Stately pictures are computed from the machine definitions. */
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { machineFor, MACHINE_VERSIONS } from '../../../workflows/case-workflow.js';
import { toMermaid, toStatelyJson } from '../../../workflows/diagram.js';
import { deps, restingStates } from './support/scenario.js';

describe.each(MACHINE_VERSIONS)('machine version %i', (version) => {
  const machine = machineFor(deps, version);

  it('Mermaid: a stateDiagram-v2 naming every state and transition', () => {
    const mmd = toMermaid(machine);
    expect(mmd.startsWith('stateDiagram-v2\n')).toBe(true);
    for (const s of restingStates(machine)) expect(mmd).toContain(`"${s.split('.').at(-1)}" as ${s.replace(/\./g, '_')}`);
    expect(mmd).toContain('rapidReview --> panelResponse : rapid-review.submitted [rapidReviewSubmissionAllowed && goesToPanel]');
    expect(mmd).toContain('panelResponse --> rapidReview_revising : panel.responded [panelSaid(response=challenged)]');
    expect(mmd).toContain('closed --> [*]');
    expect(mmd).toContain('%% accepted in every non-final state: deadline.passed, clock.extended, edition.migrated');
    expect(mmd.includes('partners.informed')).toBe(version >= 2);
    for (const line of mmd.split('\n').filter((l) => l.includes('-->')))
      expect(line).toMatch(/^\s*(\[\*\]|\w+) --> (\[\*\]|\w+)( : [^:;{}#]+)?$/);
  });

  it('Stately JSON: a machine config that XState itself accepts, with the same states', () => {
    const json = toStatelyJson(machine);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json).toMatchObject({ id: 'case-lifecycle', initial: 'opening' });
    const rebuilt = createMachine(JSON.parse(JSON.stringify(json)));
    expect(restingStates(rebuilt)).toEqual(restingStates(machine));
    const rr = (json.states as Record<string, { on: Record<string, { target?: string[] }[]> }>).rapidReview!;
    expect(rr.on['rapid-review.submitted']!.map((t) => t.target)).toEqual([
      ['#case-lifecycle.panelResponse'],
      ['#case-lifecycle.localReview'],
      ['#case-lifecycle.actionPlan'],
    ]);
  });
});
