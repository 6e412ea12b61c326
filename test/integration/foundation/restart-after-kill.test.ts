import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, it } from 'vitest';
import { readDatabaseLock } from '../../../src/database/pid-file.js';
import { commandLineOf, isAlive } from '../../../src/database/process-control.js';
import { startServiceProcess, type ServiceProcess } from '../../support/service-process.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';

const dataDir = path.join(TEST_DATA_ROOT, `restart-${process.pid}-${Date.now()}`);
const env = { DATA_DIR: dataDir, DATABASE_NAME: 'restart' };
const running: ServiceProcess[] = [];

afterAll(async () => {
  for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGTERM');
  await Promise.all(running.map((service) => service.exited));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every embedded database server process serving this DATA_DIR (there must never be two). */
function serversFor(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const command = commandLineOf(pid);
      return command.includes(`${path.resolve(dir)}/ferretdb/`) && !command.startsWith('sh ');
    });
}

async function withClient<T>(work: (client: MongoClient) => Promise<T>): Promise<T> {
  const lock = readDatabaseLock(dataDir);
  if (!lock) throw new Error('no database lock file');
  const client = await MongoClient.connect(`mongodb://127.0.0.1:${lock.port}/`, { serverSelectionTimeoutMS: 5000 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

describe('the service keeps its data through a SIGKILL', () => {
  it('writes, is killed with SIGKILL, restarts on the same DATA_DIR and finds the document', async () => {
    const first = await startServiceProcess(env);
    running.push(first);
    const firstLock = readDatabaseLock(dataDir);
    expect(firstLock?.ownerPid).toBe(first.child.pid);

    await withClient((client) => client.db('restart').collection('probe').insertOne({ marker: 'survives-kill-9' }));

    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const second = await startServiceProcess(env);
    running.push(second);
    const secondLock = readDatabaseLock(dataDir);
    expect(secondLock?.ownerPid).toBe(second.child.pid);
    expect(serversFor(dataDir)).toHaveLength(1);

    const found = await withClient((client) => client.db('restart').collection('probe').findOne({ marker: 'survives-kill-9' }));
    expect(found?.['marker']).toBe('survives-kill-9');
  });

  it('stops its database server on SIGTERM and leaves no process behind', async () => {
    const service = running.at(-1)!;
    const serverPid = readDatabaseLock(dataDir)!.serverPid;
    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    expect(isAlive(serverPid)).toBe(false);
    expect(serversFor(dataDir)).toHaveLength(0);
    expect(readDatabaseLock(dataDir)).toBeUndefined();
  });
});
