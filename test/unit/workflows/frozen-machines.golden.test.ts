/**
 * Frozen machine versions (1, 2 and 3) replay the cases opened on them for ever, so nothing may change
 * what they do. They still call the shared rule and update functions, so an edit made for a later
 * version could change them silently; this test makes that loud. The golden record
 * (fixtures/v<N>-golden, written once by fixtures/generate-golden.ts) holds the version's Stately JSON
 * and, for every stored state of that version and every scenario event, whether the event is refused
 * and otherwise the state, context and effects that follow. If this test fails, keep the frozen
 * version's old behaviour (give it its own copy of the function that changed); never regenerate the
 * record to make it pass.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { toStatelyJson } from '../../../workflows/diagram.js';
import { FROZEN_MACHINES, replayOne, type ReplayOutcome } from './support/frozen-replay.js';

const here = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (path: string) => JSON.parse(readFileSync(join(here, path), 'utf8'));

describe.each(Object.keys(FROZEN_MACHINES))('frozen machine version %s', (version) => {
  const machine = FROZEN_MACHINES[version]!();
  const events = read(`v${version}-golden/events.json`) as { type: string }[];
  const golden = read(`v${version}-golden/outcomes.json`) as Record<string, Record<string, ReplayOutcome>>;
  const fixtures = readdirSync(join(here, `v${version}`))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f.replace(/\.json$/, ''), read(`v${version}/${f}`).persisted] as const);

  it('has the same structure as when it was frozen (Stately JSON)', () => {
    expect(toStatelyJson(machine)).toEqual(read(`v${version}-golden/machine.stately.json`));
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
