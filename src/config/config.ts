import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { devSignInProblem } from './dev-sign-in.js';
import { idTokenAudienceProblem } from './id-token-audience.js';
import { TrustProxySchema } from './trusted-proxies.js';

/** An https:// address, or http:// on a loopback host (for local identity providers and tests). */
function secureUrl() {
  return z.string().refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https:// URL (http:// only on a loopback host)');
}

/**
 * Every setting the service reads, parsed once at start-up. A bad value stops the process with a
 * message naming the variable (see loadConfig), so a typo never becomes a silent default.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The proxies in front of the service whose forwarded headers are believed (src/config/trusted-proxies.ts). */
  TRUST_PROXY: TrustProxySchema,
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
  TOOLS_DIR: z
    .string()
    .min(1)
    .default(path.join(os.homedir(), '.cache', 'safeguarding-review-engine')),
  FERRETDB_BIN: z.string().min(1).optional(),
  DB_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** On SIGTERM, keep answering (with /ready 503 and `Connection: close`) this long before closing connections. */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
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
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.enum(['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA', 'Ed25519'], {
            message: 'only asymmetric JWS algorithms (ES*, RS*, PS*, EdDSA/Ed25519); never none or HS*',
          }),
        )
        .min(1, 'name at least one algorithm'),
    ),
  /**
   * The oldest a bearer token may be, counted from its `iat` (required), whatever its `exp` says.
   * Identity providers issue access tokens for about an hour; `npm run token` for 8 hours.
   */
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  /** JWKS address of a real identity provider; https, or http on a loopback host. Wins over AUTH_PUBLIC_KEY. */
  AUTH_JWKS_URL: secureUrl().optional(),
  /** SPKI PEM public key that signs tokens; `\n` escapes are accepted for one-line variables. */
  AUTH_PUBLIC_KEY: z
    .string()
    .transform((value) => value.replace(/\\n/g, '\n').replace(/\r\n/g, '\n').trim())
    .refine(
      (value) => /^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/.test(value),
      'must be a PEM SPKI public key (-----BEGIN PUBLIC KEY-----)',
    )
    .optional(),
  /** When set, a token verified with AUTH_PUBLIC_KEY that names a `kid` must name this one. */
  AUTH_PUBLIC_KEY_ID: z.string().min(1).max(200).optional(),
  // Reminders and calendar feeds (src/reminders, src/feeds). Cross-checks (SMTP_HOST needs MAIL_FROM,
  // a webhook needs its secret) are made by src/reminders/reminder.settings.ts at start-up.
  /** How often the reminder worker plans and delivers; 0 turns it off (use `npm run remind`). */
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** The mail server reminders go through; unset means no e-mail reminders. */
  SMTP_HOST: z.string().min(1).max(253).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  SMTP_SECURE: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /**
   * true (the default): with SMTP_SECURE=false, STARTTLS is required, so a stripped STARTTLS offer
   * never sends the login or a message in clear. false only for a relay on the same host.
   */
  SMTP_REQUIRE_TLS: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('true')
    .transform((value) => value === 'true'),
  SMTP_USER: z.string().min(1).max(500).optional(),
  SMTP_PASSWORD: z.string().min(1).max(500).optional(),
  /** The From of reminder e-mails: `reminders@scp.example.org` or `SCP reminders <reminders@scp.example.org>`. */
  MAIL_FROM: z
    .string()
    .max(300)
    .regex(
      /^(?:[^<>\r\n]{0,200}<[^<>\s@]{1,64}@[^<>\s@]{1,253}>|[^<>\s@]{1,64}@[^<>\s@]{1,253})$/,
      'must be an address, optionally with a name: Name <user@host>',
    )
    .optional(),
  /** Optional signed webhook for reminders; https, or http on a loopback host. */
  REMINDER_WEBHOOK_URL: secureUrl().optional(),
  /** HMAC-SHA256 key for the webhook's X-Signature header; at least 32 characters. */
  REMINDER_WEBHOOK_SECRET: z.string().min(32, 'must be at least 32 characters').max(500).optional(),
  /** Where links in reminders point (the service's public address); default http://HOST:PORT. */
  REMINDER_LINK_BASE_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
  /** A reminder whose channels keep failing is given up (status failed) after this many attempts. */
  REMINDER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(20),
  /** Retry back-off: base doubles per failed attempt, capped at the maximum. */
  REMINDER_RETRY_BASE_MS: z.coerce.number().int().min(100).max(86_400_000).default(30_000),
  REMINDER_RETRY_MAX_MS: z.coerce.number().int().min(100).max(86_400_000).default(3_600_000),
  /** How long a worker holds a claimed reminder before another instance may take it over. */
  REMINDER_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
  // web: the GOV.UK pages (src/web). Sessions, sign-in through OpenID Connect, cookies.
  /** Signs the session cookie; at least 32 characters. Required when NODE_ENV=production (checked at start-up). */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').max(500).optional(),
  /** A session unused this long ends (the cookie is renewed on every request). */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** A session ends this long after sign-in however busy it is. */
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  /**
   * true: the password-less development sign-in page (/sign-in/dev). Off unless asked for; refused
   * with an identity provider, in production, or on a HOST other than loopback (src/config/dev-sign-in.ts).
   */
  DEV_SIGN_IN: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** true when a TLS-terminating proxy sets X-Forwarded-Proto (so secure cookies work behind it). */
  WEB_TRUST_PROXY: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((value) => value === 'true'),
  /** The partnership's OpenID Connect issuer (discovery at ISSUER/.well-known/openid-configuration); https, or http on a loopback host. */
  OIDC_ISSUER_URL: secureUrl().optional(),
  OIDC_CLIENT_ID: z.string().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  /** This service's callback, registered with the provider: https://HOST/sign-in/oidc/callback. */
  OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL ending /sign-in/oidc/callback' }).optional(),
  /** The partnerships whose users OIDC_ISSUER_URL signs in (comma-separated ids); required with it. */
  OIDC_PARTNERSHIPS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9-]{2,40}$/, 'partnership ids: 2 to 40 of a-z, 0-9 and -')).max(200)),
  /** Space-separated scopes asked for; `openid` and `email` are needed to match a user. */
  OIDC_SCOPES: z.string().min(6).max(500).default('openid email profile'),
  // Rate limits (src/http/rate-limit): counted in the database, shared by every instance; 0 turns one off.
  /** The window every limit counts in. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Requests per window from one client address (API and pages). */
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** Requests per window from one signed-in user, from any address. */
  RATE_LIMIT_PER_USER: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** Sign-in attempts, OpenID Connect starts and callbacks per window from one client address. */
  RATE_LIMIT_SIGN_IN_PER_IP: z.coerce.number().int().min(0).max(1_000_000).default(10),
  /** Calendar feed requests per address, and reports and CSV exports per user, per window. */
  RATE_LIMIT_STRICT: z.coerce.number().int().min(0).max(1_000_000).default(30),
  // Learning actions (src/actions): recommendations and actions.
  /** The most rows one CSV export of recommendations or actions may hold; more is a 422 asking for filters. */
  /** How long a calendar feed token works after it is made (issue 14, finding 11); then make a new one. */
  FEED_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /**
   * The most progress notes, and the most pieces of evidence of impact, one action holds (each
   * entry up to 4,000 characters, also kept in the action's history); one more is a 422. Keeps an
   * action's document far below MongoDB's 16 MB.
   */
  ACTION_MAX_NOTES: z.coerce.number().int().min(1).max(1000).default(200),
  ACTIONS_EXPORT_MAX_ROWS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  /** The largest case document (src/documents) accepted, in bytes; a larger upload is a 413 and nothing is stored. */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(20_000_000),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= npm start`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (parsed.success) {
    // Settings that are valid alone but dangerous together.
    const problems = [
      ['DEV_SIGN_IN', devSignInProblem(parsed.data)],
      ['AUTH_AUDIENCE', idTokenAudienceProblem(parsed.data)],
    ].filter((problem): problem is [string, string] => problem[1] !== undefined);
    if (problems.length > 0)
      throw new ConfigError(`Invalid configuration:\n${problems.map(([name, message]) => `  ${name}: ${message}`).join('\n')}`);
    return parsed.data;
  }
  // Named by the variable alone (a list's entry index would only confuse).
  const lines = parsed.error.issues.map((issue) => `  ${String(issue.path[0] ?? '(environment)')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
