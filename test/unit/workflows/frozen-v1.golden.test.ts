/**
 * Machine version 1 is frozen: cases opened on it replay on it for ever, so nothing may change what
 * it does. It still calls the shared rule and update functions, so an edit made for a later version
 * could change version 1 silently; this test makes that loud. The golden record (fixtures/v1-golden,
 * written once by fixtures/generate-golden.ts) holds version 1's Stately JSON and, for every stored
 * version-1 state and every scenario event, whether the event is refused and otherwise the state,
 * context and effects that follow. If this test fails, keep version 1's old behaviour (give it its
 * own copy of the function that changed); never regenerate the record to make it pass.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createCaseMachineV1 } from '../../../workflows/case-lifecycle.v1.machine.js';
import { toStatelyJson } from '../../../workflows/diagram.js';
import { deps } from './support/scenario.js';
import { replayOne, type ReplayOutcome } from './support/frozen-replay.js';

const here = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (path: string) => JSON.parse(readFileSync(join(here, path), 'utf8'));
const machine = createCaseMachineV1(deps);
const events = read('v1-golden/events.json') as { type: string }[];
const golden = read('v1-golden/outcomes.json') as Record<string, Record<string, ReplayOutcome>>;
const fixtures = readdirSync(join(here, 'v1'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), read(`v1/${f}`).persisted] as const);

describe('frozen machine version 1', () => {
  it('has the same structure as when it was frozen (Stately JSON)', () => {
    expect(toStatelyJson(machine)).toEqual(read('v1-golden/machine.stately.json'));
  });

  it('the golden record covers every stored state and accepts real transitions', () => {
    expect(Object.keys(golden).sort()).toEqual(fixtures.map(([name]) => name).sort());
    const accepted = Object.values(golden).flatMap((byEvent) => Object.values(byEvent).filter((o) => 'refused' in o && !o.refused));
    expect(accepted.length).toBeGreaterThan(50);
  });

  it.each(fixtures)('does the same with every event in state %s', (name, persisted) => {
    const now = Object.fromEntries(events.map((event, i) => [`${i}:${event.type}`, replayOne(machine, persisted, event)]));
    expect(now).toEqual(golden[name]);
  });
});
