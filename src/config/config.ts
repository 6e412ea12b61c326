import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the service reads, parsed once at start-up. A bad value stops the process with a
 * message naming the variable (see loadConfig), so a typo never becomes a silent default.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'debug', 'silent']).default('info'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATABASE_PROVIDER: z.enum(['auto', 'memory-server', 'ferretdb']).default('auto'),
  DATABASE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,48}$/, 'letters, digits, _ and - only (at most 48)')
    .default('safeguarding'),
  DATA_DIR: z.string().min(1).default('./data'),
  TOOLS_DIR: z.string().min(1).default(path.join(os.homedir(), '.cache', 'safeguarding-review-engine')),
  FERRETDB_BIN: z.string().min(1).optional(),
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  JSON_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10_000_000).default(100_000),
  BANK_HOLIDAYS_FILE: z.string().min(1).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
