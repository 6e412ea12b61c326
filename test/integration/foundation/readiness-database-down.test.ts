import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { findFerretDb } from '../../../src/database/ferretdb-binary.js';
import { startFerretDb } from '../../../src/database/ferretdb-server.js';
import { findFreePort } from '../../../src/database/free-port.js';
import { stopProcessGroup } from '../../../src/database/process-control.js';
import { logger } from '../../../src/logging/logger.js';
import { type RunningService, startService } from '../../../src/start-service.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';

// The service is pointed (MONGODB_URI) at a FerretDB this test controls, so the test can stop
// the database under it and bring it back on the same port.
const dataDir = path.join(TEST_DATA_ROOT, `readiness-${process.pid}-${Date.now()}`);
let binary: string;
let port: number;
let serverPid: number;
let service: RunningService;

const startDatabase = async () => {
  serverPid = (await startFerretDb({ binary, dataDir, port, ownerPid: process.pid })).pid;
};

beforeAll(async () => {
  logger.level = 'error';
  const found = findFerretDb(loadConfig({}).TOOLS_DIR, process.env['FERRETDB_BIN']);
  if (!found) throw new Error('FerretDB is provisioned by the global setup; it should be installed by now');
  binary = found;
  port = await findFreePort();
  await startDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', MONGODB_URI: `mongodb://127.0.0.1:${port}/`, DB_TIMEOUT_MS: '500' });
  service = await startService(config);
});

afterAll(async () => {
  await service?.stop();
  await stopProcessGroup(serverPid);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('/ready follows the database without a restart of the service', () => {
  it('is 200 while the database answers', async () => {
    expect((await fetch(`${service.url}/ready`)).status).toBe(200);
  });

  it('is 503 with Retry-After while the database is stopped', async () => {
    await stopProcessGroup(serverPid);
    const response = await fetch(`${service.url}/ready`);
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await response.json()).toMatchObject({ status: 'unavailable' });
    expect((await fetch(`${service.url}/health`)).status).toBe(200);
  });

  it('is 200 again within 10 s of the database coming back', async () => {
    await startDatabase();
    const back = Date.now();
    let status = 0;
    while (Date.now() - back < 10_000) {
      status = (await fetch(`${service.url}/ready`)).status;
      if (status === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  });
});
