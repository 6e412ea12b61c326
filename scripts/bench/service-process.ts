/**
 * The service under test, run as a child process the way `npm start` runs it: compiled once with
 * `tsc -p scripts/tsconfig.build.json` (as scripts/start.mjs does), then `node dist/src/main.js`
 * with MONGODB_URI pointing at the benchmark's database. Its memory is its own: the harness, the
 * seeding and the load generator are other processes. Every wait (build, start, stop) has a deadline.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findFreePort } from '../../src/database/free-port.js';
import { DeadlineError } from '../../src/shared/deadline.js';
import { formatSeconds, sleep, within } from './deadline.js';
import { peakRssMb } from './memory.js';

export interface ServiceCommand {
  args: string[];
  /** How the service runs, for the report. */
  how: string;
  note?: string;
}

/** Compiles the service as `npm start` does; if that fails (a tree mid-edit), runs the sources under tsx instead, and says so. */
export function buildService(root: string, timeoutMs: number, nodeFlags: string[] = []): ServiceCommand {
  const command = buildCommand(root, timeoutMs);
  return nodeFlags.length
    ? { ...command, args: [...nodeFlags, ...command.args], how: `node ${nodeFlags.join(' ')} ${command.how.replace(/^node /, '')}` }
    : command;
}

function buildCommand(root: string, timeoutMs: number): ServiceCommand {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'scripts', 'tsconfig.build.json')], {
    cwd: root,
    timeout: timeoutMs,
    encoding: 'utf8',
  });
  if (result.status === 0) return { args: ['dist/src/main.js'], how: 'node dist/src/main.js (compiled as npm start does)' };
  const why = result.error
    ? `${result.error.message}${result.signal ? ` (${result.signal} after ${formatSeconds(timeoutMs)})` : ''}`
    : ((result.stdout || result.stderr).split('\n').find(Boolean) ?? `exit ${result.status}`);
  return {
    args: ['--import', 'tsx', 'src/main.ts'],
    how: 'node --import tsx src/main.ts',
    note: `the build failed (${why.trim().slice(0, 200)}), so the service ran from its sources under tsx: its RSS includes tsx's loader`,
  };
}

export interface ServiceChild {
  url: string;
  pid: number;
  /** From spawning to the first 200 from GET /ready. */
  startMs: number;
  /** VmHWM of the service process so far, in MB. */
  peakRssMb(): number | undefined;
  /** SIGTERM, then SIGKILL if it has not exited within the deadline. */
  stop(): Promise<void>;
}

export interface StartOptions {
  root: string;
  command: ServiceCommand;
  env: Record<string, string>;
  logFile: string;
  readyTimeoutMs: number;
}

/** Starts the service and waits (with a deadline) until GET /ready answers 200. */
export async function startServiceChild(options: StartOptions): Promise<ServiceChild> {
  const port = await within('a free port for the service', 10_000, findFreePort());
  const log = fs.openSync(options.logFile, 'a');
  const logStart = fs.fstatSync(log).size;
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PORT: String(port) };
  // The harness may itself run under tsx (NODE_OPTIONS): the compiled service must not load it.
  delete env['NODE_OPTIONS'];
  const child = spawn(process.execPath, options.command.args, { cwd: options.root, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = Date.now();
  const deadline = spawnedAt + options.readyTimeoutMs;
  for (;;) {
    const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) }).then(
      async (response) => (await response.arrayBuffer(), response.status === 200),
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the service exited (${await exited}) before it was ready; it wrote to ${options.logFile}:\n${tail(options.logFile, logStart)}`,
      );
    }
    if (Date.now() > deadline) {
      await stopChild(child, exited);
      throw new DeadlineError(
        `answer to GET /ready from the service (it wrote to ${options.logFile}:\n${tail(options.logFile, logStart)})`,
        options.readyTimeoutMs,
      );
    }
    await sleep(250);
  }
  return {
    url,
    pid: child.pid!,
    startMs: Date.now() - spawnedAt,
    peakRssMb: () => peakRssMb(child.pid!),
    stop: () => stopChild(child, exited),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  try {
    await within('the service to exit after SIGTERM', 30_000, exited);
  } catch {
    child.kill('SIGKILL');
    await within('the service to exit after SIGKILL', 5_000, exited);
  }
}

/** The last lines this service wrote (from `from`, where its log began), or `(nothing)`. */
function tail(file: string, from: number, lines = 5): string {
  try {
    const text = fs.readFileSync(file).subarray(from).toString('utf8').trimEnd();
    return text ? text.split('\n').slice(-lines).join('\n') : '(nothing)';
  } catch {
    return '(no log)';
  }
}
