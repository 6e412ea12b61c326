import { loadConfig } from '../../src/config/config.js';
import { findFerretDb, goIsAvailable, installFerretDb } from '../../src/database/ferretdb-binary.js';
import { logger } from '../../src/logging/logger.js';

/** The FerretDB binary `npm start` would use (our patched build), built once if it is missing, as `npm run db:install` does. */
export async function ferretDbBinary(): Promise<string> {
  const config = loadConfig({});
  const found = findFerretDb(config.TOOLS_DIR, config.FERRETDB_BIN);
  if (found) return found;
  if (!goIsAvailable()) throw new Error('these tests need our FerretDB build: run `npm run db:install` (needs Go) or set FERRETDB_BIN');
  return installFerretDb(config.TOOLS_DIR, logger);
}
