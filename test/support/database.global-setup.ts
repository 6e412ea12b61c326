import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config/config.js';
import { readRecordedProvider } from '../../src/database/pid-file.js';
import { provisionDatabase, type ProvisionedDatabase } from '../../src/database/provision.js';
import { logger } from '../../src/logging/logger.js';
import { TEST_DATA_ROOT } from './test-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let provisioned: ProvisionedDatabase | undefined;
let runDir: string | undefined;

/**
 * One database server for the whole run, provisioned exactly as `npm start` does it, in a data
 * directory of this run's own (so two runs at once never share a server that one of them stops).
 * The provider an earlier run settled on is reused, so the memory-server download is not tried
 * again on every run where it cannot succeed.
 */
export async function setup(project: TestProject): Promise<void> {
  runDir = process.env['TEST_DATA_DIR'] ?? path.join(TEST_DATA_ROOT, `run-${process.pid}`);
  const earlier = readRecordedProvider(TEST_DATA_ROOT);
  const config = loadConfig({
    ...process.env,
    DATA_DIR: runDir,
    ...(earlier && !process.env['DATABASE_PROVIDER'] ? { DATABASE_PROVIDER: earlier } : {}),
  });
  logger.level = 'warn';
  provisioned = await provisionDatabase(config, logger);
  if (provisioned.provider !== 'uri') fs.copyFileSync(path.join(runDir, 'provider.json'), path.join(TEST_DATA_ROOT, 'provider.json'));
  project.provide('mongoUri', provisioned.uri);
}

export async function teardown(): Promise<void> {
  await provisioned?.stop();
  if (runDir && !process.env['TEST_DATA_DIR']) fs.rmSync(runDir, { recursive: true, force: true });
}
