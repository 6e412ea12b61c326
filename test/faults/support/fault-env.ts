/**
 * One fault test's world: a FerretDB the test controls (stop it, start it again on the same port
 * and data directory), real service processes pointed at it with MONGODB_URI (src/main.ts run
 * with tsx, as `npm start` runs it), a seeded synthetic partnership and tokens for its users.
 * `cleanup()` stops every process it started and removes its data directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { issueDevToken } from '../../../src/access/token-verifier.js';
import { loadConfig } from '../../../src/config/config.js';
import { connectDatabase, type DatabaseConnection } from '../../../src/database/connection.js';
import { startFerretDb } from '../../../src/database/ferretdb-server.js';
import { findFreePort } from '../../../src/database/free-port.js';
import { isAlive, stopProcessGroup } from '../../../src/database/process-control.js';
import { logger } from '../../../src/logging/logger.js';
import { withDeadline } from '../../../src/shared/deadline.js';
import { ensurePartnershipIndexes } from '../../../src/partnerships/partnership.model.js';
import { tenantFixture, upsertTenant } from '../../../scripts/seed/tenant.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import { ferretDbBinary } from '../../support/ferretdb-build.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';

export const PARTNERSHIP = 'fault';
export const BUSINESS_UNIT = 'fault-business-unit';

export interface FaultEnv {
  dataDir: string;
  uri: string;
  databaseName: string;
  /** A connection of the test's own, to check what was stored. */
  database: DatabaseConnection;
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  startService(env?: Record<string, string>): Promise<ServiceProcess>;
  token(userId?: string): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createFaultEnv(label: string): Promise<FaultEnv> {
  logger.level = 'error';
  const dataDir = path.join(TEST_DATA_ROOT, `faults-${label}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const binary = await ferretDbBinary();
  const port = await findFreePort();
  let serverPid: number | undefined;
  const startDatabase = async () => {
    serverPid = (await startFerretDb({ binary, dataDir, port, ownerPid: process.pid })).pid;
  };
  const stopDatabase = async () => {
    if (serverPid) await stopProcessGroup(serverPid, 10_000);
    serverPid = undefined;
  };
  await startDatabase();
  const uri = `mongodb://127.0.0.1:${port}/`;
  const databaseName = `faults_${label.replace(/[^A-Za-z0-9]/g, '_')}`;
  const database = await connectDatabase(uri, databaseName, 10_000);
  await ensurePartnershipIndexes(database.connection);
  await upsertTenant(database.connection, tenantFixture(PARTNERSHIP, 'FLT'));

  const tokenConfig = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
  const users = new Map(tenantFixture(PARTNERSHIP, 'FLT').users.map((user) => [user.id, user]));
  const tokens = new Map<string, string>();
  const services: ServiceProcess[] = [];

  return {
    dataDir,
    uri,
    databaseName,
    database,
    stopDatabase,
    startDatabase,
    async startService(env = {}) {
      const service = await startServiceProcess({
        MONGODB_URI: uri,
        DATABASE_NAME: databaseName,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        SWEEP_INTERVAL_MS: '0',
        REMINDER_INTERVAL_MS: '0',
        ...env,
      });
      services.push(service);
      return service;
    },
    async token(userId = BUSINESS_UNIT) {
      const cached = tokens.get(userId);
      if (cached) return cached;
      const user = users.get(userId);
      if (!user) throw new Error(`no seeded user ${userId}`);
      const issued = await issueDevToken(tokenConfig, {
        sub: user.id,
        role: user.role,
        partnership: user.partnershipId,
        ...(user.organisationId ? { org: user.organisationId } : {}),
        ...(user.partner ? { partner: user.partner } : {}),
      });
      tokens.set(userId, issued);
      return issued;
    },
    async cleanup() {
      for (const service of services) {
        if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
      }
      await withDeadline(Promise.all(services.map((service) => service.exited)), 10_000, 'exit of the killed service processes');
      // Each service's own log stays behind for diagnosis (synthetic data only; never request bodies).
      const logDir = path.join(TEST_DATA_ROOT, 'fault-logs');
      fs.mkdirSync(logDir, { recursive: true });
      services.forEach((service, i) =>
        fs.writeFileSync(path.join(logDir, `${label}-${process.pid}-service-${i + 1}.log`), service.output()),
      );
      await withDeadline(database.connection.dropDatabase(), 15_000, "the fault test database's drop").catch(() => undefined);
      await withDeadline(database.close(), 10_000, "the test's own database connection to close").catch(() => undefined);
      await stopDatabase();
      if (serverPid && isAlive(serverPid)) await stopProcessGroup(serverPid);
      const ferretLog = path.join(dataDir, 'ferretdb.log');
      if (fs.existsSync(ferretLog))
        fs.copyFileSync(ferretLog, path.join(TEST_DATA_ROOT, 'fault-logs', `${label}-${process.pid}-ferretdb.log`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
