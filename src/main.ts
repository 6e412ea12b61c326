import { ConfigError, loadConfig } from './config/config.js';
import { ProvisioningError } from './database/provision.js';
import { applyLogLevel, logger } from './logging/logger.js';
import { startService } from './start-service.js';
import { createApi } from './api.js';

/** `npm start`: configure, start, print the URL, and shut down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  applyLogLevel(config.LOG_LEVEL);

  let service;
  try {
    service = await startService(config, createApi);
  } catch (error) {
    const message = error instanceof ProvisioningError ? error.message : `Start-up failed: ${(error as Error).message}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  logger.info(`service listening on ${service.url} (database: ${service.provisioned.provider}, ${service.provisioned.origin})`);
  process.stdout.write(`Safeguarding review engine ready at ${service.url}\n`);

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn(`second ${signal}: exiting now`);
      process.exit(130);
    }
    logger.info(`${signal} received: draining requests and stopping`);
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error: (error as Error).message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

await main();
