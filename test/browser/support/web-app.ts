import fs from 'node:fs';
import path from 'node:path';
import { createApi } from '../../../src/api.js';
import { loadConfig } from '../../../src/config/config.js';
import { findFreePort } from '../../../src/database/free-port.js';
import { Readiness } from '../../../src/health/readiness.js';
import { createApp } from '../../../src/http/app.js';
import { listen } from '../../../src/http/http-server.js';
import { logger } from '../../../src/logging/logger.js';
import type { SystemClock } from '../../../src/shared/system-clock.js';
import { tenantFixture, upsertTenant } from '../../../scripts/seed/tenant.js';
import { openTestDatabase } from '../../support/test-database.js';
import { RATE_LIMITS_OFF, TEST_DATA_ROOT } from '../../support/test-env.js';

/**
 * The whole service (API and pages) on a loopback port chosen before it starts, so settings that
 * name the service's own address (OIDC_REDIRECT_URL) can be given; `north` and `south` seeded.
 * DEV_SIGN_IN is on unless `env` turns it off.
 */
export async function startWebApp(label: string, env: (port: number) => Record<string, string>, options: { clock?: SystemClock } = {}) {
  logger.level = 'warn';
  const port = await findFreePort();
  const dataDir = path.join(TEST_DATA_ROOT, `keys-${path.basename(label)}-${process.pid}`);
  fs.mkdirSync(dataDir, { recursive: true });
  // The pages are signed into through the password-less development sign-in (an explicit opt-in,
  // refused beside an identity provider: a test that configures OIDC passes DEV_SIGN_IN=false).
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DEV_SIGN_IN: 'true',
    ...RATE_LIMITS_OFF,
    ...env(port),
  });
  const database = await openTestDatabase(label);
  for (const tenant of [tenantFixture('north', 'NTH'), tenantFixture('south', 'STH')]) await upsertTenant(database.connection, tenant);
  const api = await createApi(database, config, options);
  const readiness = new Readiness();
  const http = await listen(
    createApp({ config, database, readiness, apiRouters: api.routers, pageRouters: api.pages ?? [] }),
    '127.0.0.1',
    port,
  );
  readiness.start();
  return {
    baseUrl: http.url,
    port,
    config,
    database,
    close: async () => {
      await http.drain(1000);
      await database.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
