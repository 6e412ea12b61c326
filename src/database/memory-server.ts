import fs from 'node:fs';
import path from 'node:path';
import type { StartedServer } from './ferretdb-server.js';

export interface MemoryServerHandle extends StartedServer {
  stop(): Promise<void>;
}

/**
 * A real mongod through mongodb-memory-server, with a persistent data directory. Its binary is
 * downloaded on first use; where that is impossible (no internet) this rejects and provisioning
 * moves on to FerretDB.
 */
export async function startMemoryServer(dataDir: string, port: number): Promise<MemoryServerHandle> {
  const { MongoBinary, MongoMemoryServer } = await import('mongodb-memory-server');
  // Resolve (download) the binary first: a failure here is quiet, whereas create() prints a stack.
  const systemBinary = await MongoBinary.getPath();
  const dbPath = path.join(dataDir, 'mongod');
  fs.mkdirSync(dbPath, { recursive: true });
  const server = await MongoMemoryServer.create({
    binary: { systemBinary },
    instance: { dbPath, port, ip: '127.0.0.1', storageEngine: 'wiredTiger' },
  });
  const pid = server.instanceInfo?.instance.mongodProcess?.pid ?? 0;
  return {
    pid,
    port,
    stop: async () => {
      await server.stop({ doCleanup: false, force: false });
    },
  };
}
