/**
 * Where a service process's CPU time went, from V8 CPU profiles (`npm run bench -- --profile`):
 * self time summed by where the code lives (idle, garbage collection, Node internals, each
 * package in node_modules, our src/ and workflows/), then the busiest functions.
 *
 *   npx tsx scripts/bench/profile-summary.ts .bench/profile/*.cpuprofile
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function placeOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native or V8)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|workflows)\/([^/]+)/.exec(url);
  return own ? `${own[1]}/${own[2]}` : url;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx scripts/bench/profile-summary.ts FILE.cpuprofile...\n');
  process.exit(2);
}
const byPlace = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    const place = placeOf(frame);
    total += micros;
    byPlace.set(place, (byPlace.get(place) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} ${place}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
}
const busy = total - (byPlace.get('(idle)') ?? 0);
const line = (label: string, micros: number) =>
  `${(micros / 1e6).toFixed(2).padStart(9)} s  ${((micros / total) * 100).toFixed(1).padStart(5)} % of all  ${label === '(idle)' || busy <= 0 ? ' '.repeat(14) : `${((micros / busy) * 100).toFixed(1).padStart(5)} % of busy`}  ${label}`;
process.stdout.write(
  `${files.length} profile(s), ${(total / 1e6).toFixed(1)} s in all, ${(busy / 1e6).toFixed(1)} s not idle\n\nby place:\n`,
);
for (const [place, micros] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 20)) process.stdout.write(`${line(place, micros)}\n`);
process.stdout.write('\nbusiest functions (self time):\n');
for (const [name, micros] of [...byFunction]
  .filter(([name]) => !name.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, 20))
  process.stdout.write(`${line(name, micros)}\n`);
