import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Records which embedded database server serves a DATA_DIR and which process owns it, so a
 * second process (seed, token) reuses it and a server left behind by a killed service is found.
 */
export const DatabaseLockSchema = z.object({
  provider: z.enum(['ferretdb', 'memory-server']),
  serverPid: z.number().int().positive(),
  ownerPid: z.number().int().positive(),
  port: z.number().int().positive(),
  startedAt: z.string(),
});
export type DatabaseLock = z.infer<typeof DatabaseLockSchema>;

const LOCK_FILE = 'database.pid.json';

export function readDatabaseLock(dataDir: string): DatabaseLock | undefined {
  try {
    const parsed = DatabaseLockSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeDatabaseLock(dataDir: string, lock: DatabaseLock): void {
  const file = path.join(dataDir, LOCK_FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(lock));
  fs.renameSync(`${file}.tmp`, file);
}

/** Removes the lock only if it still names this owner (another process may have taken over). */
export function removeDatabaseLock(dataDir: string, ownerPid: number): void {
  if (readDatabaseLock(dataDir)?.ownerPid === ownerPid) fs.rmSync(path.join(dataDir, LOCK_FILE), { force: true });
}

const PROVIDER_FILE = 'provider.json';
export type EmbeddedProvider = DatabaseLock['provider'];

/**
 * The embedded provider that first wrote this DATA_DIR. The two store data in different formats,
 * so switching silently would make every record vanish; we stick with the first one.
 */
export function readRecordedProvider(dataDir: string): EmbeddedProvider | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(path.join(dataDir, PROVIDER_FILE), 'utf8')) as { provider?: unknown };
    return value.provider === 'ferretdb' || value.provider === 'memory-server' ? value.provider : undefined;
  } catch {
    return undefined;
  }
}

export function recordProvider(dataDir: string, provider: EmbeddedProvider): void {
  fs.writeFileSync(path.join(dataDir, PROVIDER_FILE), JSON.stringify({ provider }));
}
