import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';

export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
/** Bumped whenever the patch below changes, so older builds are replaced. */
const BUILD_TAG = `${FERRETDB_VERSION}-sre2`;

/**
 * FerretDB 1.24 runs findAndModify, update and delete as "read the matching documents, then
 * write them back by _id" with nothing held in between, so two concurrent compare-and-set
 * updates of one document can both succeed and one is lost (RELIABILITY row 12; measured: 106
 * successes for 20 real increments). MongoDB makes a single-document update atomic, and this
 * service relies on exactly that (ARCHITECTURE decision 2), so our build serialises those three
 * read-modify-write commands inside FerretDB. SQLite serialises writers anyway; the cost is small.
 */
const READ_MODIFY_WRITE_PATCH = {
  file: 'internal/handler/atomic_read_modify_write.go',
  source: `package handler

import "sync"

// readModifyWrite makes each read-modify-write command atomic with respect to the others,
// as a single-document update is in MongoDB. Added by safeguarding-review-engine's build.
var readModifyWrite sync.Mutex
`,
  lockAfter: [
    ['internal/handler/msg_findandmodify.go', 'func (h *Handler) findAndModifyDocument(ctx context.Context, params *common.FindAndModifyParams) (*findAndModifyResult, error) {'],
    ['internal/handler/msg_update.go', 'func (h *Handler) updateDocument(ctx context.Context, params *common.UpdateParams) (int32, int32, *types.Array, error) {'],
    ['internal/handler/msg_delete.go', 'func (h *Handler) execDelete(ctx context.Context, c backends.Collection, p *common.Delete) (int32, error) {'],
  ],
} as const;

/**
 * FerretDB pushes an `_id` lookup down to its SQLite backend only when the filter is exactly
 * `{ _id }`; with any other key (our compare-and-set adds the version) it reads and decodes the
 * whole collection. Every caller re-applies the full filter to what the backend returns, so
 * pushing the `_id` down whenever the filter has a plain `_id` is safe.
 *
 * Not applied: the backend's `_id` expression (`->'$._id'`) also differs from the one its unique
 * index was built on (`->"_id"`), so SQLite never uses that index. Writing the query side in the
 * index's form made lookups and updates 30 to 100 times faster in isolation, but with it the
 * fault test that stops and restarts the database under load never became ready again, and there
 * was no time to find out why. See the closing notes of this change.
 */
const ID_INDEX_PATCHES = [
  {
    file: 'internal/backends/sqlite/collection.go',
    find: '\tif params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")',
    replace: '\tif params.Filter.Len() >= 1 {\n\t\tv, _ := params.Filter.Get("_id")',
  },
] as const;

function applyIdIndexPatches(sourceDir: string): void {
  for (const patch of ID_INDEX_PATCHES) {
    const target = path.join(sourceDir, patch.file);
    const text = fs.readFileSync(target, 'utf8');
    if (!text.includes(patch.find)) throw new Error(`cannot patch ${patch.file}: the _id lookup was not found`);
    fs.chmodSync(target, 0o644);
    fs.writeFileSync(target, text.replace(patch.find, patch.replace));
  }
}

function applyReadModifyWritePatch(sourceDir: string): void {
  fs.writeFileSync(path.join(sourceDir, READ_MODIFY_WRITE_PATCH.file), READ_MODIFY_WRITE_PATCH.source);
  for (const [file, signature] of READ_MODIFY_WRITE_PATCH.lockAfter) {
    const target = path.join(sourceDir, file);
    const text = fs.readFileSync(target, 'utf8');
    if (!text.includes(signature)) throw new Error(`cannot patch ${file}: the function to make atomic was not found`);
    fs.chmodSync(target, 0o644);
    fs.writeFileSync(target, text.replace(signature, `${signature}\n\treadModifyWrite.Lock()\n\tdefer readModifyWrite.Unlock()\n`));
  }
}

/** The binary we use if it runs and reports the pinned version. */
function isUsableFerretDb(binary: string): boolean {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return result.status === 0 && result.stdout.includes(`version: ${FERRETDB_VERSION}`);
}

export function installedFerretDbPath(toolsDir: string): string {
  return path.join(toolsDir, `ferretdb-${BUILD_TAG}`, 'ferretdb');
}

/**
 * Finds a FerretDB binary of the pinned version: FERRETDB_BIN, then our own earlier build. A
 * `ferretdb` on the PATH is not used: without the patch above it can lose concurrent updates.
 */
export function findFerretDb(toolsDir: string, configured?: string): string | undefined {
  const candidates = [configured, installedFerretDbPath(toolsDir)];
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
 * refuse the version-list lookup `go install` makes for deprecation notices. We download the
 * module, write version.txt, apply the read-modify-write patch above and build it.
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
    for (const dir of ['internal/handler', 'internal/backends/sqlite']) fs.chmodSync(path.join(buildDir, dir), 0o755);
    applyReadModifyWritePatch(buildDir);
    applyIdIndexPatches(buildDir);
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
