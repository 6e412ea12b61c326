/**
 * Diagnostic (not part of `npm run bench`): what our FerretDB patches 0002 (the `_id` index) and
 * 0003 (filter pushdown) change, measured on one data set with one FerretDB build after another.
 *
 *   npx tsx scripts/bench/ferretdb-pushdown-probe.ts [--docs 20000] [--partnerships 10] [--repeat 15] [--pprof] [label=binary ...]
 *
 * With no `label=binary`, the build `npm start` would use (FERRETDB_BIN, else ours under
 * TOOLS_DIR). To compare with an older build, name both, e.g.
 *   npx tsx scripts/bench/ferretdb-pushdown-probe.ts \
 *     old=$HOME/.cache/safeguarding-review-engine/ferretdb-v1.24.2-sre2/ferretdb \
 *     new=$HOME/.cache/safeguarding-review-engine/ferretdb-v1.24.2-sre3-<digest>/ferretdb
 *
 * The documents (~5 KB, cases as the engine stores them, with the case model's indexes plus
 * `{ partnershipId: 1, final: 1 }`) are loaded once by the first build into a SQLite directory
 * under .bench/; each build then serves that same directory in turn, and these are timed:
 *   - find({ partnershipId: 'p3', final: false })              one partnership's open cases;
 *   - countDocuments({ partnershipId: 'p3', final: false })    the same as the dashboard counts it;
 *   - findOne({ _id })                                          the engine's read;
 *   - findOneAndUpdate({ _id, version }, $inc/$set/$push)       a transition's compare-and-set.
 * Each is repeated up to --repeat times within a time budget (an unpatched build can take
 * seconds per partnership read); the median and the 90th percentile are printed.
 *
 * --pprof also records a 10-second CPU profile of FerretDB (its debug listener serves Go's
 * pprof) while the partnership read repeats, and prints the top of it (needs `go`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config/config.js';
import { findFerretDb } from '../../src/database/ferretdb-binary.js';
import { findFreePort, waitForPort } from '../../src/database/free-port.js';

interface Options {
  docs: number;
  partnerships: number;
  repeat: number;
  pprof: boolean;
  builds: { label: string; binary: string }[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { docs: 20_000, partnerships: 10, repeat: 15, pprof: false, builds: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--docs') options.docs = Number(argv[++i]);
    else if (arg === '--partnerships') options.partnerships = Number(argv[++i]);
    else if (arg === '--repeat') options.repeat = Number(argv[++i]);
    else if (arg === '--pprof') options.pprof = true;
    else if (arg.includes('=')) {
      const [label, binary] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
      if (!fs.existsSync(binary)) throw new Error(`no FerretDB binary at ${binary}`);
      options.builds.push({ label, binary: path.resolve(binary) });
    } else throw new Error(`unknown argument ${arg}`);
  }
  if (options.builds.length === 0) {
    const config = loadConfig();
    const binary = findFerretDb(config.TOOLS_DIR, config.FERRETDB_BIN);
    if (!binary) throw new Error('no FerretDB build found: run `npm run db:install`, or name one as label=binary');
    options.builds.push({ label: 'current', binary });
  }
  return options;
}

/** A case as the engine stores it, about 5 KB. */
function caseDocument(n: number, partnerships: number): Record<string, unknown> {
  const partnershipId = `p${n % partnerships}`;
  const history = Array.from({ length: 8 }, (_, seq) => ({
    seq: seq + 1,
    type: 'agency-information.requested',
    actor: { userId: `user-${n % 40}`, role: 'business-unit' },
    at: '2025-03-04T10:00:00.000Z',
    stateBefore: 'notification',
    stateAfter: 'notification',
    version: seq + 1,
    fields: { agencies: [`agency-${seq}`], note: 'n'.repeat(150) },
  }));
  return {
    _id: `case-${String(n).padStart(6, '0')}`,
    partnershipId,
    reference: `${partnershipId.toUpperCase()}-2025-${String(n).padStart(6, '0')}`,
    state: n % 3 === 0 ? 'rapid-review' : 'notification',
    final: n % 5 === 0,
    version: 1,
    organisationIds: [`org-${n % 7}`, `org-${(n + 3) % 7}`],
    nextDueOn: `2025-04-${String((n % 28) + 1).padStart(2, '0')}`,
    sweepDueOn: `2025-04-${String((n % 28) + 1).padStart(2, '0')}`,
    openDeadlines: [{ clockId: 'sin-notification', dueOn: '2025-03-11' }],
    idempotencyKeys: [],
    workflow: { machine: 'case-lifecycle', version: 2, snapshot: { value: 'notification', context: { blob: 'c'.repeat(1500) } } },
    history,
  };
}

async function startFerretDb(binary: string, storeDir: string): Promise<{ child: ChildProcess; uri: string; debugPort: number }> {
  const [port, debugPort] = [await findFreePort(), await findFreePort()];
  const child = spawn(
    binary,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${storeDir}/`,
      `--state-dir=${storeDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--debug-addr=127.0.0.1:${debugPort}`,
      '--telemetry=disable',
      '--log-level=error',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await waitForPort(port, 30_000);
  return { child, uri: `mongodb://127.0.0.1:${port}/`, debugPort };
}

function stopFerretDb(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Timing {
  median: number;
  p90: number;
  runs: number;
}

/** Runs `work` up to `repeat` times (at least 3) within `budgetMs`; times in ms. */
async function measure(work: () => Promise<unknown>, repeat: number, budgetMs = 60_000): Promise<Timing> {
  const times: number[] = [];
  const started = Date.now();
  while (times.length < repeat && (times.length < 3 || Date.now() - started < budgetMs)) {
    const t0 = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p90: times[Math.min(times.length - 1, Math.floor(times.length * 0.9))]!,
    runs: times.length,
  };
}

const format = (timing: Timing) =>
  `${timing.median.toFixed(1).padStart(9)} ${timing.p90.toFixed(1).padStart(9)} ${String(timing.runs).padStart(4)}`;

const options = parseOptions(process.argv.slice(2));
const workDir = path.resolve('.bench', `pushdown-probe-${process.pid}`);
const storeDir = path.join(workDir, 'ferretdb');
fs.mkdirSync(storeDir, { recursive: true });
const versions = new Map<string, number>();
const pick = () => `case-${String(Math.floor(Math.random() * options.docs)).padStart(6, '0')}`;
let running: ChildProcess | undefined;
process.on('SIGINT', () => {
  running?.kill('SIGTERM');
  process.exit(130);
});

try {
  console.log(
    `${options.docs} documents of ~${Buffer.byteLength(JSON.stringify(caseDocument(0, options.partnerships)))} bytes across ${options.partnerships} partnerships`,
  );
  for (const [index, build] of options.builds.entries()) {
    const server = await startFerretDb(build.binary, storeDir);
    running = server.child;
    const client = await MongoClient.connect(server.uri, { serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 900_000 });
    try {
      const cases = client.db('probe').collection<{ _id: string; version: number }>('cases');
      if (index === 0) {
        await cases.createIndex({ partnershipId: 1, reference: 1 }, { unique: true });
        await cases.createIndex({ partnershipId: 1, nextDueOn: 1 });
        await cases.createIndex({ partnershipId: 1, 'openDeadlines.dueOn': 1 });
        await cases.createIndex({ partnershipId: 1, state: 1 });
        await cases.createIndex({ partnershipId: 1, organisationIds: 1 });
        await cases.createIndex({ sweepDueOn: 1 });
        await cases.createIndex({ partnershipId: 1, final: 1 });
        const t0 = Date.now();
        for (let n = 0; n < options.docs; n += 1000) {
          await cases.insertMany(
            Array.from({ length: Math.min(1000, options.docs - n) }, (_, i) => caseDocument(n + i, options.partnerships)) as never[],
          );
        }
        console.log(`loaded with ${build.label} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
        console.log('build        operation                                   median ms  p90 ms  runs');
      }
      const version = (await client.db('admin').command({ buildInfo: 1 }))['gitVersion'];
      const open = { partnershipId: 'p3', final: false };
      const expectedOpen = Array.from({ length: options.docs }, (_, n) => n).filter(
        (n) => n % options.partnerships === 3 && n % 5 !== 0,
      ).length;

      let profile: Promise<void> | undefined;
      if (options.pprof) {
        const file = path.resolve('.bench', `ferretdb-${build.label}-${process.pid}.pprof`);
        profile = fetch(`http://127.0.0.1:${server.debugPort}/debug/pprof/profile?seconds=10`)
          .then(async (response) => fs.writeFileSync(file, Buffer.from(await response.arrayBuffer())))
          .then(() => {
            const top = spawnSync('go', ['tool', 'pprof', '-top', '-nodecount=25', build.binary, file], { encoding: 'utf8' });
            console.log(`\nCPU profile of ${build.label} (10 s during the partnership read), ${file}:\n${top.stdout || top.stderr}`);
          });
      }
      const rows: [string, Timing][] = [];
      rows.push([
        "find({ partnershipId: 'p3', final: false })",
        await measure(
          async () => {
            const found = await cases.find(open).toArray();
            if (found.length !== expectedOpen) throw new Error(`found ${found.length} open cases of p3, expected ${expectedOpen}`);
          },
          options.repeat,
          options.pprof ? 12_000 : 60_000,
        ),
      ]);
      await profile;
      rows.push(["countDocuments({ partnershipId: 'p3', final: false })", await measure(() => cases.countDocuments(open), options.repeat)]);
      rows.push([
        'findOne({ _id })',
        await measure(async () => {
          if (!(await cases.findOne({ _id: pick() }))) throw new Error('findOne found nothing');
        }, options.repeat * 4),
      ]);
      rows.push([
        'findOneAndUpdate({ _id, version }) compare-and-set',
        await measure(async () => {
          const id = pick();
          const current = versions.get(id) ?? 1;
          const written = await cases.findOneAndUpdate(
            { _id: id, version: current },
            { $inc: { version: 1 }, $set: { touchedAt: new Date() }, $push: { idempotencyKeys: `k-${current}` } as never },
            { returnDocument: 'after' },
          );
          if (!written) throw new Error(`compare-and-set on ${id} at version ${current} matched nothing`);
          versions.set(id, written.version);
        }, options.repeat * 4),
      ]);
      for (const [name, timing] of rows) console.log(`${build.label.padEnd(12)} ${name.padEnd(52)} ${format(timing)}`);
      console.log(`${''.padEnd(12)} (${String(version)}, ${build.binary})`);
    } finally {
      await client.close();
      await stopFerretDb(server.child);
      running = undefined;
    }
  }
} finally {
  fs.rmSync(workDir, { recursive: true, force: true });
}
