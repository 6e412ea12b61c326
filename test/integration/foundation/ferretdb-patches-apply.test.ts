import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyFerretDbPatches, FERRETDB_VERSION, ferretDbPatchDir, listFerretDbPatches } from '../../../src/database/ferretdb-binary.js';

// Our FerretDB patch files applied to the released module source, as the build applies them. The
// source comes from Go's module cache, downloaded through the module proxy as the build does.

const patchDir = ferretDbPatchDir();
const patches = listFerretDbPatches(patchDir);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-patches-'));
afterAll(() => {
  for (const entry of fs.readdirSync(scratch, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o755);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** The released module source (in Go's module cache once downloaded). */
function moduleSource(): string {
  const download = spawnSync('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 10 * 60_000,
    env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
  });
  const dir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
  if (!dir)
    throw new Error(
      `go mod download of FerretDB ${FERRETDB_VERSION} gave no source within 10 minutes: ${download.error?.message ?? download.stderr}`,
    );
  return dir;
}

/** A writable copy of the module source, as the build makes it. */
function copyOfModule(source: string, parent: string): string {
  const dir = fs.mkdtempSync(path.join(parent, 'ferretdb-src-'));
  fs.cpSync(source, dir, { recursive: true });
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o755);
  }
  return dir;
}

describe('our FerretDB patches on the released source', () => {
  const source = moduleSource();

  it(`apply in order to the released ${FERRETDB_VERSION} source`, () => {
    const dir = copyOfModule(source, scratch);
    expect(applyFerretDbPatches(dir, patchDir)).toEqual(patches);
    expect(fs.readFileSync(path.join(dir, 'internal/backends/sqlite/metadata/metadata.go'), 'utf8')).toContain(
      'IDColumn = DefaultColumn + `->"_id"`',
    );
    expect(fs.readFileSync(path.join(dir, 'internal/backends/sqlite/query.go'), 'utf8')).toContain('func prepareWhereClause(');
  });

  it('apply inside a git checkout too (where a bare `git apply` silently skips every file)', () => {
    const repo = fs.mkdtempSync(path.join(scratch, 'repo-'));
    expect(spawnSync('git', ['init', '-q'], { cwd: repo, timeout: 30_000 }).status).toBe(0);
    const dir = copyOfModule(source, repo);
    applyFerretDbPatches(dir, patchDir);
    expect(fs.readFileSync(path.join(dir, 'internal/handler/msg_update.go'), 'utf8')).toContain('readModifyWrite.Lock()');
  });
});
