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
  /** A clock is "due soon" this many working days before its due date. */
  DEADLINE_WARNING_WORKING_DAYS: z.coerce.number().int().min(0).max(20).default(3),
  /** How often the in-process deadline sweeper runs; 0 turns it off (use `npm run sweep`). */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  // Authentication (src/access): bearer JWTs verified with jose.
  AUTH_ISSUER: z.string().min(1).max(500).default('safeguarding-review-engine-dev'),
  AUTH_AUDIENCE: z.string().min(1).max(500).default('safeguarding-review-engine'),
  /** Comma-separated allow-list; asymmetric algorithms only (never `none`, never HS*). */
  AUTH_ALGORITHMS: z
    .string()
    .default('ES256,RS256')
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(
      z
        .array(
          z.enum(['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'], {
            message: 'only asymmetric JWS algorithms (ES*, RS*, PS*, EdDSA/Ed25519); never none or HS*',
          }),
        )
        .min(1, 'name at least one algorithm'),
    ),
  /** JWKS address of a real identity provider; https, or http on a loopback host. Wins over AUTH_PUBLIC_KEY. */
  AUTH_JWKS_URL: z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
      } catch {
        return false;
      }
    }, 'must be an https:// URL (http:// only on a loopback host)')
    .optional(),
  /** SPKI PEM public key that signs tokens; `\n` escapes are accepted for one-line variables. */
  AUTH_PUBLIC_KEY: z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n').replace(/\r\n/g, '\n').trim())
    .refine((value) => /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/.test(value), 'must be a PEM SPKI public key (-----BEGIN PUBLIC KEY-----)')
    .optional(),
  /** When set, a token verified with AUTH_PUBLIC_KEY that names a `kid` must name this one. */
  AUTH_PUBLIC_KEY_ID: z.string().min(1).max(200).optional(),
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
