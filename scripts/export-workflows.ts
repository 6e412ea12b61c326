/**
 * `npm run workflows`: writes every version of the case lifecycle machine as a Stately-importable
 * JSON machine config and as a Mermaid `stateDiagram-v2` into `dist/diagrams/` (git-ignored).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CLOCK_RULES, defaultHolidayCalendar } from '../src/calendar/index.js';
import { CASE_MACHINE_ID, MACHINE_VERSIONS, machineFor } from '../workflows/case-workflow.js';
import { toMermaid, toStatelyJson } from '../workflows/diagram.js';

const outDir = resolve(process.argv[2] ?? 'dist/diagrams');
const deps = { calendar: defaultHolidayCalendar, clockRules: CLOCK_RULES };

await mkdir(outDir, { recursive: true });
for (const version of MACHINE_VERSIONS) {
  const machine = machineFor(deps, version);
  const base = join(outDir, `${CASE_MACHINE_ID}.v${version}`);
  await writeFile(`${base}.json`, JSON.stringify(toStatelyJson(machine), null, 2) + '\n');
  await writeFile(`${base}.mmd`, toMermaid(machine));
  process.stdout.write(`wrote ${base}.json and ${base}.mmd\n`);
}
