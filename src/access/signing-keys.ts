import { createPublicKey, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
} from 'jose';
import { z } from 'zod';
import { type Config, ConfigError } from '../config/config.js';
import { logger } from '../logging/logger.js';

/**
 * Where the keys that verify bearer tokens come from, in this order (issue 5, "Authentication"):
 *   1. `AUTH_JWKS_URL`: a real identity provider's JSON Web Key Set, fetched and cached by jose;
 *   2. `AUTH_PUBLIC_KEY`: one PEM (SPKI) public key;
 *   3. otherwise the local development key, an ES256 key pair kept in `DATA_DIR/dev-signing-key.json`
 *      (mode 0600) and shared by the service, `npm run token` and `npm run seed`. Refused when
 *      `NODE_ENV=production`.
 */

export const DEV_KEY_FILE = 'dev-signing-key.json';
export const DEV_KEY_ALGORITHM = 'ES256' as const;

export type KeySourceKind = 'jwks' | 'public-key' | 'development';

export type AuthKeyConfig = Pick<
  Config,
  'NODE_ENV' | 'DATA_DIR' | 'AUTH_ALGORITHMS' | 'AUTH_JWKS_URL' | 'AUTH_PUBLIC_KEY' | 'AUTH_PUBLIC_KEY_ID'
>;

/** A key configuration that cannot work; start-up stops with this message. */
export class AuthConfigurationError extends ConfigError {}

/** The identity provider's key set could not be fetched: a 503 for the caller, not a 401. */
export class KeySourceUnavailableError extends Error {}

export interface VerificationKeys {
  kind: KeySourceKind;
  /** For jose's jwtVerify: picks the key for a token's protected header (alg, kid). */
  getKey: JWTVerifyGetKey;
  /** For the start-up log: where the keys come from (never the key itself). */
  description: string;
}

export interface DevelopmentSigningKey {
  alg: typeof DEV_KEY_ALGORITHM;
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  file: string;
}

const DevKeyFileSchema = z.object({
  format: z.literal(1),
  alg: z.literal(DEV_KEY_ALGORITHM),
  kid: z.string().min(1),
  createdAt: z.string(),
  privateJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), d: z.string() }),
  publicJwk: z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string() }),
});
type DevKeyFile = z.infer<typeof DevKeyFileSchema>;

/** The path of the development key for a data directory. */
export function devKeyPath(dataDir: string): string {
  return path.resolve(dataDir, DEV_KEY_FILE);
}

/**
 * Reads the development key of `dataDir`, creating it (once, atomically, mode 0600) if there is none.
 * Two processes starting together end up with the same key: the file is published with a hard link,
 * which fails if another process published first.
 */
export async function loadOrCreateDevSigningKey(dataDir: string): Promise<DevelopmentSigningKey> {
  const file = devKeyPath(dataDir);
  if (!fs.existsSync(file)) await createDevKeyFile(file);
  return readDevKeyFile(file);
}

async function createDevKeyFile(file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { publicKey, privateKey } = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const content: DevKeyFile = {
    format: 1,
    alg: DEV_KEY_ALGORITHM,
    kid,
    createdAt: new Date().toISOString(),
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: DEV_KEY_ALGORITHM } as DevKeyFile['privateJwk'],
    publicJwk: { ...publicJwk, kid, alg: DEV_KEY_ALGORITHM, use: 'sig' } as DevKeyFile['publicJwk'],
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
    logger.info('created the development signing key', { file });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      // A file system without hard links: publish by exclusive create instead.
      try {
        fs.writeFileSync(file, fs.readFileSync(temporary), { mode: 0o600, flag: 'wx' });
      } catch (fallback) {
        if ((fallback as NodeJS.ErrnoException).code !== 'EEXIST') throw fallback;
      }
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

async function readDevKeyFile(file: string): Promise<DevelopmentSigningKey> {
  const stat = fs.statSync(file);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    fs.chmodSync(file, 0o600);
    logger.warn('the development signing key was readable by others; its mode is now 0600', { file });
  }
  let parsed: DevKeyFile;
  try {
    parsed = DevKeyFileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    throw new AuthConfigurationError(
      `The development signing key ${file} is not a valid key file. Delete it to make a new one ` +
        '(tokens signed with the old key stop working).',
    );
  }
  const { d: _private, ...derivedPublic } = parsed.privateJwk;
  if (derivedPublic.x !== parsed.publicJwk.x || derivedPublic.y !== parsed.publicJwk.y) {
    throw new AuthConfigurationError(`The development signing key ${file} holds a public key that does not match its private key.`);
  }
  const privateKey = (await importJWK(parsed.privateJwk, DEV_KEY_ALGORITHM)) as CryptoKey;
  return { alg: DEV_KEY_ALGORITHM, kid: parsed.kid, privateKey, publicJwk: { ...parsed.publicJwk }, file };
}

/**
 * The keys that verify tokens, chosen from configuration. Throws AuthConfigurationError when the
 * configuration cannot work (development key in production, a key no allowed algorithm can use).
 */
export async function resolveVerificationKeys(config: AuthKeyConfig): Promise<VerificationKeys> {
  if (config.AUTH_JWKS_URL) {
    if (config.AUTH_PUBLIC_KEY) logger.warn('AUTH_JWKS_URL and AUTH_PUBLIC_KEY are both set; AUTH_PUBLIC_KEY is ignored');
    return remoteKeys(config.AUTH_JWKS_URL);
  }
  if (config.AUTH_PUBLIC_KEY) return publicKeyKeys(config.AUTH_PUBLIC_KEY, config.AUTH_PUBLIC_KEY_ID, config.AUTH_ALGORITHMS);
  if (config.NODE_ENV === 'production') {
    throw new AuthConfigurationError(
      'NODE_ENV=production refuses the development signing key. Set AUTH_JWKS_URL to your identity ' +
        "provider's JWKS address, or AUTH_PUBLIC_KEY to the PEM public key that signs your tokens.",
    );
  }
  if (!config.AUTH_ALGORITHMS.includes(DEV_KEY_ALGORITHM)) {
    throw new AuthConfigurationError(
      `The development signing key uses ${DEV_KEY_ALGORITHM}, which AUTH_ALGORITHMS (${config.AUTH_ALGORITHMS.join(',')}) does not allow.`,
    );
  }
  const key = await loadOrCreateDevSigningKey(config.DATA_DIR);
  return {
    kind: 'development',
    getKey: createLocalJWKSet({ keys: [key.publicJwk] }),
    description: `development key ${key.kid} (${key.file})`,
  };
}

/** jose's cached JWKS client; a failure to fetch the set becomes KeySourceUnavailableError. */
function remoteKeys(address: string): VerificationKeys {
  const url = new URL(address);
  const remote = createRemoteJWKSet(url, { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // These say "this token names no key we have": the token's fault, a 401.
      if (
        error instanceof errors.JWKSNoMatchingKey ||
        error instanceof errors.JWKSMultipleMatchingKeys ||
        error instanceof errors.JOSENotSupported
      ) {
        throw error;
      }
      throw new KeySourceUnavailableError(`the JWKS at ${url.origin}${url.pathname} could not be fetched`, { cause: error });
    }
  };
  return { kind: 'jwks', getKey, description: `JWKS ${url.origin}${url.pathname}` };
}

const ALGORITHMS_FOR_KEY: Record<string, (alg: string, curve?: string) => boolean> = {
  rsa: (alg) => /^(RS|PS)(256|384|512)$/.test(alg),
  ec: (alg, curve) => ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' })[curve ?? ''] === alg,
  ed25519: (alg) => alg === 'EdDSA' || alg === 'Ed25519',
};

const KEY_LABEL: Record<string, string> = { rsa: 'RSA', ec: 'EC', ed25519: 'Ed25519' };

function publicKeyKeys(pem: string, keyId: string | undefined, algorithms: readonly string[]): VerificationKeys {
  let jwk: JWK;
  let type: string;
  try {
    const key = createPublicKey({ key: pem, format: 'pem' });
    type = key.asymmetricKeyType ?? 'unknown';
    if (!ALGORITHMS_FOR_KEY[type]) throw new Error(`unsupported key type ${type}`);
    jwk = key.export({ format: 'jwk' }) as JWK;
  } catch (error) {
    throw new AuthConfigurationError(
      `AUTH_PUBLIC_KEY is not a usable RSA, EC or Ed25519 public key (${(error as Error).message.slice(0, 100)}).`,
    );
  }
  const usable = algorithms.filter((alg) => ALGORITHMS_FOR_KEY[type]!(alg, jwk.crv));
  if (usable.length === 0) {
    throw new AuthConfigurationError(
      `AUTH_PUBLIC_KEY is an ${KEY_LABEL[type] ?? type}${jwk.crv ? ` ${jwk.crv}` : ''} key, but AUTH_ALGORITHMS (${algorithms.join(',')}) has no algorithm for it.`,
    );
  }
  const set = createLocalJWKSet({ keys: [{ ...jwk, use: 'sig', ...(keyId ? { kid: keyId } : {}) }] });
  // With AUTH_PUBLIC_KEY_ID a token naming another kid finds no key; without it there is one key and
  // a token's kid is not compared.
  const getKey: JWTVerifyGetKey = keyId ? set : (header, token) => set({ ...header, kid: undefined }, token);
  return { kind: 'public-key', getKey, description: `AUTH_PUBLIC_KEY (${KEY_LABEL[type]} key, ${usable.join('/')})` };
}
