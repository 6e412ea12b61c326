import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config/config.js';
import { provisionDatabase, type ProvisionedDatabase } from '../../src/database/provision.js';
import { logger } from '../../src/logging/logger.js';
import { TEST_DATA_ROOT } from './test-env.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let provisioned: ProvisionedDatabase | undefined;

/** One database server for the whole run, provisioned exactly as `npm start` does it. */
export async function setup(project: TestProject): Promise<void> {
  const config = loadConfig({ ...process.env, DATA_DIR: process.env['TEST_DATA_DIR'] ?? path.join(TEST_DATA_ROOT, 'shared-db') });
  logger.level = 'warn';
  provisioned = await provisionDatabase(config, logger);
  project.provide('mongoUri', provisioned.uri);
}

export async function teardown(): Promise<void> {
  await provisioned?.stop();
}
