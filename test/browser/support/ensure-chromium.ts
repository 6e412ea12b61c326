import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { type ChromiumHost, SYSTEM_CHROMIUM, resolveChromium } from './find-chromium.js';

/** How long one apt-get may run before it is killed. */
const APT_DEADLINE_MS = 10 * 60_000;
/** After the deadline's SIGTERM, how long before SIGKILL. */
const KILL_GRACE_MS = 10_000;

export const realHost: ChromiumHost = {
  env: process.env,
  homeDir: os.homedir(),
  uid: process.getuid?.(),
  exists: (file) => fs.existsSync(file),
  listDir: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch {
      return [];
    }
  },
};

/**
 * The Chromium the browser tests launch (see resolveChromium for the order). Where there is none
 * and this is Debian as root, Debian's `chromium` package is installed, its output shown on
 * stderr. Throws one message saying what to do when no Chromium can be had.
 */
export async function ensureChromium(host: ChromiumHost = realHost): Promise<string> {
  const resolution = resolveChromium(host);
  if (resolution.kind === 'found') return resolution.path;
  if (resolution.kind === 'fail') throw new Error(resolution.message);

  const started = Date.now();
  process.stderr.write(
    `\n[browser tests] Installing Debian's chromium package with apt-get (${resolution.reason}; ` +
      `the browser tests drive it). First run only; this can take a few minutes.\n`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], env, "apt-get update (refreshing Debian's package lists)");
  await run(
    'apt-get',
    ['install', '-y', 'chromium'],
    env,
    "apt-get install -y chromium (downloading and installing Debian's chromium package)",
  );
  if (!host.exists(SYSTEM_CHROMIUM)) {
    throw new Error(
      `apt-get install -y chromium succeeded but there is no ${SYSTEM_CHROMIUM}; set CHROMIUM_PATH to a Chromium executable.`,
    );
  }
  process.stderr.write(`[browser tests] Chromium installed at ${SYSTEM_CHROMIUM} in ${Math.round((Date.now() - started) / 1000)} s.\n\n`);
  return SYSTEM_CHROMIUM;
}

/**
 * Runs a command with its output streamed to stderr, and kills it if it has not finished within
 * the deadline, failing with `waitingFor` (what it was doing) in the message.
 */
export function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  waitingFor: string,
  deadlineMs: number = APT_DEADLINE_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, deadlineMs);
    child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', (error) => {
      clearTimeout(deadline);
      reject(new Error(`could not run ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killer);
      if (timedOut) {
        reject(
          new Error(
            `Gave up after ${duration(deadlineMs)} waiting for ${waitingFor}; killed it. Install Chromium by hand (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
          ),
        );
      } else if (code === 0) {
        resolve();
      } else {
        reject(
          new Error(
            `${waitingFor} failed (${signal ?? `exit code ${code}`}); its output is above. Install Chromium by hand (sudo apt-get install chromium) or set CHROMIUM_PATH.`,
          ),
        );
      }
    });
  });
}

function duration(ms: number): string {
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
