import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../../src/config/config.js';
import { provisionDatabase, type ProvisionedDatabase } from '../../../src/database/provision.js';
import { logger } from '../../../src/logging/logger.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';
import '../../support/database.global-setup.js';
import { ensureChromium } from './ensure-chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Chromium executable the browser tests launch (found or installed by ensureChromium). */
    chromiumPath: string;
  }
}

let provisioned: ProvisionedDatabase | undefined;

/**
 * Chromium (found, or installed from Debian's packages: see ensure-chromium.ts), handed to the
 * tests through `provide`. Then the browser project's database server, provisioned exactly as the
 * integration project's (test/support/database.global-setup.ts) but in a data directory of its
 * own: both global setups run in the same vitest process, and two setups on one directory would
 * stop each other's server.
 */
export async function setup(project: TestProject): Promise<void> {
  // First, so a machine without Chromium fails (or installs it) before the database is started.
  project.provide('chromiumPath', await ensureChromium());
  const config = loadConfig({ ...process.env, DATA_DIR: process.env['TEST_BROWSER_DATA_DIR'] ?? path.join(TEST_DATA_ROOT, 'browser-db') });
  logger.level = 'warn';
  provisioned = await provisionDatabase(config, logger);
  project.provide('mongoUri', provisioned.uri);
}

export async function teardown(): Promise<void> {
  await provisioned?.stop();
}
