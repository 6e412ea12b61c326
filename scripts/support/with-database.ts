import { ConfigError, type Config, loadConfig } from '../../src/config/config.js';
import { connectDatabase, type DatabaseConnection } from '../../src/database/connection.js';
import { provisionDatabase, ProvisioningError } from '../../src/database/provision.js';
import { applyLogLevel, logger } from '../../src/logging/logger.js';

/**
 * Runs a one-shot program against the service's database: the running service's embedded
 * server is reused (or MONGODB_URI), otherwise one is started for the run and stopped after.
 * Exits 2 on bad configuration, 1 on failure.
 */
export async function withDatabase(work: (database: DatabaseConnection, config: Config) => Promise<number | void>): Promise<never> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(2);
  }
  applyLogLevel(config.LOG_LEVEL === 'silent' ? 'error' : config.LOG_LEVEL, 'warn');
  let code: number;
  try {
    const provisioned = await provisionDatabase(config, logger);
    try {
      const database = await connectDatabase(provisioned.uri, config.DATABASE_NAME, Math.max(config.DB_TIMEOUT_MS, 10_000));
      try {
        code = (await work(database, config)) ?? 0;
      } finally {
        await database.close();
      }
    } finally {
      await provisioned.stop();
    }
  } catch (error) {
    process.stderr.write(`${error instanceof ProvisioningError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    code = 1;
  }
  process.exit(code);
}
