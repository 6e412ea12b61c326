import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/** The binary we use if it runs and reports the pinned version. */
function isUsableFerretDb(binary: string): boolean {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && result.stdout.includes(`version: ${FERRETDB_VERSION}`);
}

function onPath(command: string): string | undefined {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const found = result.stdout.trim();
  return result.status === 0 && found ? found : undefined;
}

export function installedFerretDbPath(toolsDir: string): string {
  return path.join(toolsDir, `ferretdb-${FERRETDB_VERSION}`, 'ferretdb');
}

/**
 * Finds a FerretDB binary of the pinned version: FERRETDB_BIN, then `ferretdb` on the PATH, then
 * our own earlier install. Undefined when none works.
 */
export function findFerretDb(toolsDir: string, configured?: string): string | undefined {
  const candidates = [configured, onPath('ferretdb'), installedFerretDbPath(toolsDir)];
  return candidates.find((candidate): candidate is string => !!candidate && fs.existsSync(candidate) && isUsableFerretDb(candidate));
}

export function goIsAvailable(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
}

/**
 * Builds FerretDB from its released module source with the Go toolchain.
 *
 * Why not plain `go install …@v1.24.2`: the released module lacks the generated
 * build/version/version.txt, so an installed binary panics at start-up, and some module proxies
 * refuse the version-list lookup `go install` makes for deprecation notices. Downloading the
 * module, writing version.txt and building it gives the same binary the project publishes.
 */
export async function installFerretDb(toolsDir: string, log: Logger): Promise<string> {
  const target = installedFerretDbPath(toolsDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  log.info(`Installing FerretDB ${FERRETDB_VERSION} with Go (first start only; this can take a few minutes)…`);

  const download = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], toolsDir, false);
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new Error('go mod download did not report the module directory');

  const buildDir = fs.mkdtempSync(path.join(toolsDir, 'ferretdb-src-'));
  try {
    fs.cpSync(moduleDir, buildDir, { recursive: true });
    const versionDir = path.join(buildDir, 'build', 'version');
    fs.chmodSync(versionDir, 0o755);
    fs.writeFileSync(path.join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`);
    log.info('Compiling FerretDB…');
    await run('go', ['build', '-trimpath', '-o', target, './cmd/ferretdb'], buildDir, true);
  } finally {
    makeWritable(buildDir);
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
  if (!isUsableFerretDb(target)) throw new Error(`the FerretDB built at ${target} does not report ${FERRETDB_VERSION}`);
  log.info(`FerretDB ${FERRETDB_VERSION} installed at ${target}`);
  return target;
}

/** Module-cache copies are read-only; make the scratch copy removable. */
function makeWritable(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o755);
  }
  fs.chmodSync(dir, 0o755);
}

/** Runs a command; its stderr (Go's progress) is shown live so a long first install is visible. */
function run(command: string, args: string[], cwd: string, showStdout: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, GOFLAGS: '-buildvcs=false -mod=mod', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (showStdout) process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}
