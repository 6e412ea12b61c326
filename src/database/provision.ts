import fs from 'node:fs';
import type { Config } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { findFerretDb, goIsAvailable, installFerretDb } from './ferretdb-binary.js';
import { startFerretDb } from './ferretdb-server.js';
import { findFreePort } from './free-port.js';
import { startMemoryServer } from './memory-server.js';
import {
  type EmbeddedProvider,
  readDatabaseLock,
  readRecordedProvider,
  recordProvider,
  removeDatabaseLock,
  writeDatabaseLock,
} from './pid-file.js';
import { commandLineOf, isAlive, stopProcess, stopProcessGroup } from './process-control.js';

export interface ProvisionedDatabase {
  /** Connection string without a database name. */
  uri: string;
  provider: 'uri' | EmbeddedProvider;
  /** How the server was obtained, for the start-up log. */
  origin: 'configured' | 'started' | 'reused';
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

export class ProvisioningError extends Error {}

type ProvisionConfig = Pick<Config, 'MONGODB_URI' | 'DATABASE_PROVIDER' | 'DATA_DIR' | 'TOOLS_DIR' | 'FERRETDB_BIN'>;

/**
 * ARCHITECTURE decision 4: MONGODB_URI if set; else an embedded server in DATA_DIR, trying
 * mongodb-memory-server and then FerretDB. A server already serving DATA_DIR for a live process
 * is reused; one left behind by a killed process is stopped before a new one starts.
 */
export async function provisionDatabase(config: ProvisionConfig, log: Logger): Promise<ProvisionedDatabase> {
  if (config.MONGODB_URI) {
    return { uri: config.MONGODB_URI, provider: 'uri', origin: 'configured', stop: async () => {} };
  }
  fs.mkdirSync(config.DATA_DIR, { recursive: true });

  const reused = await reuseOrClearExisting(config.DATA_DIR, log);
  if (reused) return reused;

  const recorded = readRecordedProvider(config.DATA_DIR);
  const wanted = config.DATABASE_PROVIDER === 'auto' ? recorded : config.DATABASE_PROVIDER;
  if (recorded && wanted && recorded !== wanted) {
    throw new ProvisioningError(
      `DATA_DIR ${config.DATA_DIR} was created by ${recorded}, but DATABASE_PROVIDER=${wanted}. ` +
        'Use another DATA_DIR, or unset DATABASE_PROVIDER.',
    );
  }

  const failures: string[] = [];
  if (wanted !== 'ferretdb') {
    try {
      return await startEmbedded('memory-server', config, log);
    } catch (error) {
      failures.push(`mongodb-memory-server: ${describeError(error)}`);
      if (wanted === 'memory-server') throw new ProvisioningError(noDatabaseMessage(failures));
      log.warn('mongodb-memory-server could not start a mongod here; falling back to FerretDB', { reason: describeError(error) });
    }
  }
  try {
    return await startEmbedded('ferretdb', config, log);
  } catch (error) {
    failures.push(`FerretDB: ${describeError(error)}`);
    throw new ProvisioningError(noDatabaseMessage(failures));
  }
}

async function startEmbedded(provider: EmbeddedProvider, config: ProvisionConfig, log: Logger): Promise<ProvisionedDatabase> {
  const port = await findFreePort();
  let stopServer: () => Promise<void>;
  let serverPid: number;
  if (provider === 'memory-server') {
    const server = await startMemoryServer(config.DATA_DIR, port);
    serverPid = server.pid;
    stopServer = server.stop;
  } else {
    const binary = await ferretDbBinary(config, log);
    const server = await startFerretDb({ binary, dataDir: config.DATA_DIR, port, ownerPid: process.pid });
    serverPid = server.pid;
    stopServer = () => stopProcessGroup(server.pid, 10_000);
  }
  recordProvider(config.DATA_DIR, provider);
  writeDatabaseLock(config.DATA_DIR, { provider, serverPid, ownerPid: process.pid, port, startedAt: new Date().toISOString() });
  log.info(`started ${provider} for ${config.DATA_DIR} on 127.0.0.1:${port}`);
  let stopped: Promise<void> | undefined;
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    provider,
    origin: 'started',
    stop: () => {
      stopped ??= stopServer().finally(() => removeDatabaseLock(config.DATA_DIR, process.pid));
      return stopped;
    },
  };
}

async function ferretDbBinary(config: ProvisionConfig, log: Logger): Promise<string> {
  const found = findFerretDb(config.TOOLS_DIR, config.FERRETDB_BIN);
  if (found) return found;
  if (config.FERRETDB_BIN) throw new Error(`FERRETDB_BIN=${config.FERRETDB_BIN} is not a working FerretDB`);
  if (!goIsAvailable()) throw new Error('no FerretDB binary found and `go` is not on the PATH to build one');
  return installFerretDb(config.TOOLS_DIR, log);
}

/** A live owner's server is shared; an orphan (owner gone) is stopped so it is never duplicated. */
async function reuseOrClearExisting(dataDir: string, log: Logger): Promise<ProvisionedDatabase | undefined> {
  const lock = readDatabaseLock(dataDir);
  if (!lock) return undefined;
  const serverRunning = isAlive(lock.serverPid) && /ferretdb|mongod/.test(commandLineOf(lock.serverPid));
  if (serverRunning && lock.ownerPid !== process.pid && isAlive(lock.ownerPid)) {
    log.info(`reusing the ${lock.provider} server of process ${lock.ownerPid} on 127.0.0.1:${lock.port}`);
    return { uri: `mongodb://127.0.0.1:${lock.port}/`, provider: lock.provider, origin: 'reused', stop: async () => {} };
  }
  if (serverRunning) {
    log.warn(`stopping a ${lock.provider} server (pid ${lock.serverPid}) left behind by a process that is gone`);
    // FerretDB runs under its guard, which leads a process group of its own; mongod stands alone.
    await (lock.provider === 'ferretdb' ? stopProcessGroup(lock.serverPid, 10_000) : stopProcess(lock.serverPid, 10_000));
  }
  removeDatabaseLock(dataDir, lock.ownerPid);
  return undefined;
}

function noDatabaseMessage(failures: string[]): string {
  return [
    'No database is available. Choose one of:',
    '  1. set MONGODB_URI to a MongoDB server or replica set (mongodb://… or mongodb+srv://…);',
    '  2. allow mongodb-memory-server to download a mongod binary (needs internet on first start);',
    '  3. install Go (https://go.dev/dl/) so FerretDB 1.24.2 can be built, or set FERRETDB_BIN to a FerretDB 1.24.2 binary.',
    'What was tried:',
    ...failures.map((failure) => `  - ${failure}`),
  ].join('\n');
}

function describeError(error: unknown): string {
  return (
    String(error instanceof Error ? error.message : error)
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 300) || 'unknown error'
  );
}
