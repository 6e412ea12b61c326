// `npm run db:install`: makes sure an embedded database can start on this machine (installs
// FerretDB with Go if there is no binary yet), so CI and first starts do not pay for it later.
import { loadConfig } from '../src/config/config.js';
import { findFerretDb, goIsAvailable, installFerretDb } from '../src/database/ferretdb-binary.js';
import { logger } from '../src/logging/logger.js';

const config = loadConfig();
if (config.MONGODB_URI) {
  process.stdout.write('MONGODB_URI is set: no embedded database needed.\n');
} else {
  const found = findFerretDb(config.TOOLS_DIR, config.FERRETDB_BIN);
  if (found) process.stdout.write(`FerretDB ready: ${found}\n`);
  else if (goIsAvailable()) process.stdout.write(`FerretDB installed: ${await installFerretDb(config.TOOLS_DIR, logger)}\n`);
  else process.stdout.write('No FerretDB and no Go: the service will need mongodb-memory-server (internet) or MONGODB_URI.\n');
}
