import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logging/logger.js';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/**
 * Bumped whenever the build changes other than through a patch file. The build directory is
 * named after the tag, and the tag also carries a digest of the patch files, so changing,
 * adding or removing a patch makes older builds unused (they are left on disk, never deleted).
 */
const BUILD_REVISION = 'sre3';

/**
 * Our changes to FerretDB, as unified diffs against the released module source, applied in
 * file-name order (`0001-…`, `0002-…`) by {@link installFerretDb}. Each file opens with what it
 * changes and why, and names the test that fails without it. FerretDB 1.x is end-of-life
 * upstream, so these are ours to keep (ARCHITECTURE decision 4).
 */
const PATCH_FILE_PATTERN = /^\d{4}-[a-z0-9-]+\.patch$/;

/**
 * The folder of patch files: next to this module when it runs from `src/` (tsx, vitest), or the
 * source folder when it runs compiled from `dist/src/database/` (`npm start`), since the
 * TypeScript build copies no patch files.
 */
export function ferretDbPatchDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, 'ferretdb-patches'), path.resolve(here, '..', '..', '..', 'src', 'database', 'ferretdb-patches')];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new Error(`the FerretDB patch folder was not found (looked in ${candidates.join(', ')})`);
  return found;
}

/** The patch files of `dir`, in the order they are applied. */
export function listFerretDbPatches(dir: string = ferretDbPatchDir()): string[] {
  const names = fs.readdirSync(dir).filter((name) => name.endsWith('.patch'));
  const misnamed = names.filter((name) => !PATCH_FILE_PATTERN.test(name));
  if (misnamed.length > 0) throw new Error(`FerretDB patch files must be named NNNN-what-it-does.patch: ${misnamed.join(', ')} in ${dir}`);
  return names.sort();
}

let buildTag: string | undefined;

/** `v1.24.2-sre3-<digest of the patch files>`: names the build directory and is built into the binary. */
export function ferretDbBuildTag(): string {
  if (!buildTag) {
    const dir = ferretDbPatchDir();
    const digest = createHash('sha256');
    for (const name of listFerretDbPatches(dir))
      digest
        .update(name)
        .update('\0')
        .update(fs.readFileSync(path.join(dir, name)))
        .update('\0');
    buildTag = `${FERRETDB_VERSION}-${BUILD_REVISION}-${digest.digest('hex').slice(0, 8)}`;
  }
  return buildTag;
}

/**
 * Applies the patch files in order to a scratch copy of the module source, with `git apply`
 * (Go needs git anyway; `patch` is not on every Debian machine). A patch that no longer applies
 * stops the build with an error naming it; git applies each patch whole or not at all.
 */
export function applyFerretDbPatches(sourceDir: string, patchDir: string = ferretDbPatchDir(), log?: Logger): string[] {
  const names = listFerretDbPatches(patchDir);
  for (const name of names) {
    const result = spawnSync('git', ['apply', '--whitespace=nowarn', path.join(patchDir, name)], {
      cwd: sourceDir,
      encoding: 'utf8',
      timeout: 60_000,
      // Run as outside any repository: inside one (a TOOLS_DIR within a git checkout), git apply
      // takes paths as relative to that repository and silently skips the ones outside it.
      env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(path.resolve(sourceDir)), GIT_DIR: undefined, GIT_WORK_TREE: undefined },
    });
    if (result.error)
      throw new Error(`cannot apply FerretDB patch ${name}: git did not run (${result.error.message}); git is needed to build FerretDB`);
    if (result.status !== 0) {
      const detail = `${result.stderr}${result.stdout}`.trim().replace(/\s+/g, ' ');
      throw new Error(`FerretDB patch ${name} no longer applies to FerretDB ${FERRETDB_VERSION}: ${detail}`);
    }
    log?.info(`applied FerretDB patch ${name}`);
  }
  return names;
}

/** The binary we use if it runs and reports the pinned version. */
function isUsableFerretDb(binary: string): boolean {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && result.stdout.includes(`version: ${FERRETDB_VERSION}`);
}

export function installedFerretDbPath(toolsDir: string): string {
  return path.join(toolsDir, `ferretdb-${ferretDbBuildTag()}`, 'ferretdb');
}

/**
 * Finds a FerretDB binary of the pinned version: FERRETDB_BIN, then our own build with the
 * current patches. A `ferretdb` on the PATH is not used: without our patches it can lose
 * concurrent updates.
 */
export function findFerretDb(toolsDir: string, configured?: string): string | undefined {
  if (configured && fs.existsSync(configured) && isUsableFerretDb(configured)) return configured;
  const installed = installedFerretDbPath(toolsDir);
  return fs.existsSync(installed) && isUsableFerretDb(installed) ? installed : undefined;
}

export function goIsAvailable(): boolean {
  return spawnSync('go', ['version'], { encoding: 'utf8', timeout: 10_000 }).status === 0;
}

/**
 * Builds FerretDB from its released module source with the Go toolchain.
 *
 * Why not plain `go install …@v1.24.2`: the released module lacks the generated
 * build/version/version.txt, so an installed binary panics at start-up, and some module proxies
 * refuse the version-list lookup `go install` makes for deprecation notices. We download the
 * module, copy it, write version.txt (and commit.txt: our build tag, which the server reports as
 * its gitVersion), apply our patch files in order and build it. The binary is built under a
 * temporary name and renamed into place, so another process never starts a half-written one.
 */
export async function installFerretDb(toolsDir: string, log: Logger): Promise<string> {
  const target = installedFerretDbPath(toolsDir);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  log.info(`Installing FerretDB ${FERRETDB_VERSION} with Go (first start only; this can take a few minutes)…`);

  const download = await run(
    'go',
    ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
    toolsDir,
    false,
    GO_DOWNLOAD_DEADLINE_MS,
  );
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir) throw new Error('go mod download did not report the module directory');

  const buildDir = fs.mkdtempSync(path.join(toolsDir, 'ferretdb-src-'));
  const partial = `${target}.partial-${process.pid}`;
  try {
    fs.cpSync(moduleDir, buildDir, { recursive: true });
    makeWritable(buildDir);
    const versionDir = path.join(buildDir, 'build', 'version');
    fs.writeFileSync(path.join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`);
    fs.writeFileSync(path.join(versionDir, 'commit.txt'), `${ferretDbBuildTag()}\n`);
    const applied = applyFerretDbPatches(buildDir, ferretDbPatchDir());
    log.info(`Compiling FerretDB with ${applied.length} patches (${applied.join(', ')})…`);
    await run('go', ['build', '-trimpath', '-o', partial, './cmd/ferretdb'], buildDir, true, GO_BUILD_DEADLINE_MS);
    if (!isUsableFerretDb(partial)) throw new Error(`the FerretDB built at ${partial} does not report ${FERRETDB_VERSION}`);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
    makeWritable(buildDir);
    fs.rmSync(buildDir, { recursive: true, force: true });
  }
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

/** Downloading the module and its dependencies through a module proxy: about a minute here. */
const GO_DOWNLOAD_DEADLINE_MS = 15 * 60_000;
/** A cold build of FerretDB on two cores takes a few minutes. */
const GO_BUILD_DEADLINE_MS = 20 * 60_000;

/**
 * Runs a command; its stderr (Go's progress) is shown live so a long first install is visible.
 * A command still running at its deadline is killed and the install fails saying which one it was.
 */
function run(command: string, args: string[], cwd: string, showStdout: boolean, deadlineMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, GOFLAGS: '-buildvcs=false -mod=mod', GOTOOLCHAIN: 'local' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, deadlineMs);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (showStdout) process.stderr.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${command} ${args.join(' ')} did not finish within ${deadlineMs / 60_000} minutes; it was stopped`));
      else if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
    });
  });
}
