import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  applyFerretDbPatches,
  FERRETDB_VERSION,
  ferretDbBuildTag,
  ferretDbPatchDir,
  listFerretDbPatches,
} from '../../../src/database/ferretdb-binary.js';
import { PROJECT_ROOT } from '../../support/test-env.js';

// Our FerretDB patch files (src/database/ferretdb-patches/) and how the build applies them. No
// database and no network; applying them to the released source is in
// test/integration/foundation/ferretdb-patches-apply.test.ts.

const patchDir = ferretDbPatchDir();
const patches = listFerretDbPatches(patchDir);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-patches-'));
afterAll(() => {
  for (const entry of fs.readdirSync(scratch, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(entry.parentPath, entry.name), 0o755);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('the patch files', () => {
  it('are numbered in order, without gaps', () => {
    expect(patches.length).toBeGreaterThan(0);
    expect(patches.map((name) => name.slice(0, 4))).toEqual(patches.map((_, i) => String(i + 1).padStart(4, '0')));
  });

  it.each(patches)('%s opens with what it changes, why, and the test that fails without it', (name) => {
    const text = fs.readFileSync(path.join(patchDir, name), 'utf8');
    const header = text.slice(0, text.indexOf('\ndiff --git '));
    expect(header).toContain(`FerretDB ${FERRETDB_VERSION}`);
    expect(header).toMatch(/^What: /m);
    expect(header).toMatch(/^Why: /m);
    const tests = [...header.matchAll(/test\/integration\/\S+?\.test\.ts/g)].map((match) => match[0]);
    expect(tests.length).toBeGreaterThan(0);
    for (const test of tests) expect(fs.existsSync(path.join(PROJECT_ROOT, test)), test).toBe(true);
  });

  it('name the build: a change to any patch changes the build directory', () => {
    expect(ferretDbBuildTag()).toMatch(new RegExp(`^${FERRETDB_VERSION.replace(/\./g, '\\.')}-sre\\d+-[0-9a-f]{8}$`));
  });
});

describe('applying them', () => {
  it('a patch that no longer applies stops the build, naming the patch', () => {
    const dir = fs.mkdtempSync(path.join(scratch, 'changed-src-'));
    fs.mkdirSync(path.join(dir, 'internal/backends/sqlite/metadata'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'internal/backends/sqlite/metadata/metadata.go'), 'package metadata\n\n// not the released source\n');
    const onePatch = fs.mkdtempSync(path.join(scratch, 'patches-'));
    const name = patches.find((patch) => patch.includes('id-expression'))!;
    fs.copyFileSync(path.join(patchDir, name), path.join(onePatch, name));
    expect(() => applyFerretDbPatches(dir, onePatch)).toThrow(
      new RegExp(`FerretDB patch ${name} no longer applies to FerretDB ${FERRETDB_VERSION}: .*metadata\\.go`),
    );
  });
});
