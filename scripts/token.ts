// `npm run -s token -- --role chair --partnership demo [--agency <orgId>] [--partner police] [--user <id>] [--ttl 8h]`
//
// Prints (on stdout, alone) a bearer token signed with the local development key of DATA_DIR, for a
// user seeded by `npm run seed`. It reads the users through the database: a running service's
// server is reused; otherwise one is started for the look-up and stopped after. Messages go to
// stderr, so `TOKEN=$(npm run -s token -- --role chair)` works.
// Exit codes: 0 printed; 1 no such user (or nothing seeded yet); 2 bad arguments or configuration.
import { parseArgs } from 'node:util';
import { PrincipalIdSchema, claimsFromPrincipal } from '../src/access/principal.js';
import { PARTNERS, type Partner, ROLES, type Role, isRole } from '../src/access/roles.js';
import { DEFAULT_DEV_TOKEN_TTL_SECONDS, MAX_DEV_TOKEN_TTL_SECONDS, issueDevToken } from '../src/access/token-verifier.js';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { connectDatabase, type DatabaseConnection } from '../src/database/connection.js';
import { type ProvisionedDatabase, provisionDatabase } from '../src/database/provision.js';
import { applyLogLevel, logger } from '../src/logging/logger.js';
import { findPartnership } from '../src/partnerships/partnership.repository.js';
import { principalForUser, type User } from '../src/partnerships/user.model.js';
import { countUsers, findFirstUser, findUser } from '../src/partnerships/user.repository.js';

const USAGE = `Usage: npm run -s token -- --role <role> [--partnership demo] [--agency <organisation id>] [--partner <partner>] [--user <user id>] [--ttl 8h]
  --role         ${ROLES.join(' | ')}
  --partnership  partnership id (default: demo)
  --agency       sign as a user of this organisation (agency or partner-lead)
  --partner      ${PARTNERS.join(' | ')} (partner-lead)
  --user         sign as this user id (its role must match --role, if given)
  --ttl          lifetime: 3600, 90s, 30m, 8h or 1d (default 8h, at most 30d)`;

class UsageError extends Error {}
class NotFound extends Error {}

interface Options {
  role?: Role;
  partnershipId: string;
  organisationId?: string;
  partner?: Partner;
  userId?: string;
  ttlSeconds: number;
}

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        partnership: { type: 'string', default: 'demo' },
        agency: { type: 'string' },
        partner: { type: 'string' },
        user: { type: 'string' },
        ttl: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (values.role === undefined && values.user === undefined) throw new UsageError('name a --role (or a --user)');
  if (values.role !== undefined && !isRole(values.role)) throw new UsageError(`unknown role ${values.role}`);
  if (values.partner !== undefined && !(PARTNERS as readonly string[]).includes(values.partner)) {
    throw new UsageError(`unknown partner ${values.partner}`);
  }
  for (const [flag, value] of [
    ['--agency', values.agency],
    ['--user', values.user],
    ['--partnership', values.partnership],
  ] as const) {
    if (value !== undefined && !PrincipalIdSchema.safeParse(value).success) throw new UsageError(`${flag} is not a valid id`);
  }
  const options: Options = { partnershipId: values.partnership ?? 'demo', ttlSeconds: parseTtl(values.ttl) };
  if (values.role !== undefined) options.role = values.role as Role;
  if (values.agency !== undefined) options.organisationId = values.agency;
  if (values.partner !== undefined) options.partner = values.partner as Partner;
  if (values.user !== undefined) options.userId = values.user;
  return options;
}

/** @example parseTtl('8h') //=> 28800 */
function parseTtl(text: string | undefined): number {
  if (text === undefined) return DEFAULT_DEV_TOKEN_TTL_SECONDS;
  const match = /^(\d{1,7})([smhd]?)$/.exec(text.trim());
  if (!match) throw new UsageError(`--ttl ${text}: use a number of seconds or 90s, 30m, 8h, 1d`);
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  if (seconds < 1 || seconds > MAX_DEV_TOKEN_TTL_SECONDS) throw new UsageError('--ttl must be from 1 second to 30 days');
  return seconds;
}

async function findSigner(database: DatabaseConnection, options: Options): Promise<User> {
  const connection = database.connection;
  const seed = 'Run `npm run seed` first (it uses the same DATA_DIR).';
  if ((await countUsers(connection, options.partnershipId)) === 0) {
    const partnership = await findPartnership(connection, options.partnershipId);
    throw new NotFound(
      partnership
        ? `Partnership ${options.partnershipId} has no users yet. ${seed}`
        : `No partnership ${options.partnershipId} and no users are seeded in this database. ${seed}`,
    );
  }
  if (options.userId !== undefined) {
    const user = await findUser(connection, options.partnershipId, options.userId);
    if (!user) throw new NotFound(`Partnership ${options.partnershipId} has no user ${options.userId}.`);
    if (user.disabled) throw new NotFound(`User ${user.id} is disabled.`);
    if (options.role !== undefined && user.role !== options.role)
      throw new NotFound(`User ${user.id} is a ${user.role}, not a ${options.role}.`);
    return user;
  }
  const filter = {
    role: options.role!,
    ...(options.organisationId ? { organisationId: options.organisationId } : {}),
    ...(options.partner ? { partner: options.partner } : {}),
  };
  const user = await findFirstUser(connection, options.partnershipId, filter);
  if (!user) {
    const wanted = [
      `role ${options.role}`,
      options.organisationId && `organisation ${options.organisationId}`,
      options.partner && `partner ${options.partner}`,
    ]
      .filter(Boolean)
      .join(', ');
    throw new NotFound(`Partnership ${options.partnershipId} has no enabled user with ${wanted}.`);
  }
  return user;
}

async function main(): Promise<number> {
  let options: Options;
  let config;
  try {
    options = parseOptions(process.argv.slice(2));
    config = loadConfig();
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`token: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  // stdout carries the token alone: only warnings and errors are logged (to stderr).
  applyLogLevel(config.LOG_LEVEL, 'warn');
  if (config.NODE_ENV === 'production') {
    process.stderr.write('token: NODE_ENV=production refuses the development key. Get a token from your identity provider.\n');
    return 2;
  }
  if (config.AUTH_JWKS_URL || config.AUTH_PUBLIC_KEY) {
    process.stderr.write('token: warning: AUTH_JWKS_URL or AUTH_PUBLIC_KEY is set, so the service will refuse development tokens.\n');
  }

  let provisioned: ProvisionedDatabase | undefined;
  let database: DatabaseConnection | undefined;
  try {
    provisioned = await provisionDatabase(config, logger);
    database = await connectDatabase(provisioned.uri, config.DATABASE_NAME, config.DB_TIMEOUT_MS);
    const user = await findSigner(database, options);
    const token = await issueDevToken(config, claimsFromPrincipal(principalForUser(user)), options.ttlSeconds);
    const expiresAt = new Date(Date.now() + options.ttlSeconds * 1000).toISOString();
    process.stderr.write(
      `token: ${user.role} ${user.id}${user.organisationId ? ` (${user.organisationId})` : ''} of ${user.partnershipId}, expires ${expiresAt}\n`,
    );
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof NotFound) {
      process.stderr.write(`token: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`token: ${(error as Error).message}\n`);
    return error instanceof ConfigError ? 2 : 1;
  } finally {
    await database?.close().catch(() => undefined);
    await provisioned?.stop().catch(() => undefined);
  }
}

process.exit(await main());
