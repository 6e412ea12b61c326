import { randomUUID } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import type { Config } from '../config/config.js';
import { UnauthenticatedError, UnavailableError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import { type Principal, type PrincipalClaims, PrincipalClaimsSchema, principalFromClaims } from './principal.js';
import {
  AuthConfigurationError,
  type AuthKeyConfig,
  DEV_KEY_ALGORITHM,
  KeySourceUnavailableError,
  type KeySourceKind,
  loadOrCreateDevSigningKey,
  resolveVerificationKeys,
} from './signing-keys.js';

/** Leeway for clock skew between the identity provider and this service (`exp`, `nbf`). */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** Longer bearer values are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 8192;
/** Accepted `typ` header values (RFC 7519 `JWT`, RFC 9068 `at+jwt`), compared as RFC 7515 says. */
export const ACCEPTED_TOKEN_TYPES: readonly string[] = ['jwt', 'at+jwt'];
export const DEFAULT_DEV_TOKEN_TTL_SECONDS = 8 * 3600;
export const MAX_DEV_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

export type AuthConfig = AuthKeyConfig &
  Pick<Config, 'AUTH_ISSUER' | 'AUTH_AUDIENCE'> &
  Partial<Pick<Config, 'AUTH_MAX_TOKEN_AGE_SECONDS' | 'OIDC_CLIENT_ID'>>;

/** Claims only an OpenID Connect ID token carries (OIDC Core 2, 3.1.3.6, 3.3.2.11): never an API token's. */
export const ID_TOKEN_ONLY_CLAIMS: readonly string[] = ['nonce', 'at_hash', 'c_hash', 's_hash'];
/** When the configuration does not say (AUTH_MAX_TOKEN_AGE_SECONDS). */
export const DEFAULT_MAX_TOKEN_AGE_SECONDS = 24 * 3600;

export interface TokenVerifier {
  /** Where the verification keys come from. */
  readonly keySource: KeySourceKind;
  readonly keyDescription: string;
  /**
   * The principal a bearer token proves. Throws UnauthenticatedError (401, short detail) for any
   * token that is not valid, or UnavailableError (503) when the identity provider's keys cannot be
   * fetched.
   */
  verify(token: string): Promise<Principal>;
}

export interface TokenVerifierOptions {
  /** The clock used for `exp`/`nbf` (tests). */
  now?: () => Date;
}

/**
 * JWS compact serialisation, strictly: three unpadded base64url segments. jose (like Node's base64url
 * decoder) would also accept `=` padding and `+`/`/`, so one token could be sent in many spellings;
 * refusing them keeps a token's text canonical (for logs, replay checks and caches).
 */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const INVALID = 'The access token is not valid.';
const EXPIRED = 'The access token has expired.';

/**
 * A verifier for bearer JWTs: signature with the configured keys and an allow-list of asymmetric
 * algorithms; `iss`, `aud`, `exp` (required) and `nbf` with {@link CLOCK_TOLERANCE_SECONDS} leeway;
 * `typ`, if present, `JWT` or `at+jwt`; `iat` required and no older than AUTH_MAX_TOKEN_AGE_SECONDS;
 * no OpenID Connect ID token ({@link idTokenReason}); claims as {@link PrincipalClaimsSchema}.
 * Rejects (AuthConfigurationError) a configuration that cannot work, such as the development key in
 * production, so start-up stops with a clear message.
 */
export async function createTokenVerifier(config: AuthConfig, options: TokenVerifierOptions = {}): Promise<TokenVerifier> {
  const keys = await resolveVerificationKeys(config);
  const algorithms = [...config.AUTH_ALGORITHMS];

  async function verify(token: string): Promise<Principal> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) throw refuse('malformed');
    if (!token.split('.').every(isCanonicalBase64Url)) throw refuse('non-canonical');
    let result;
    try {
      result = await jwtVerify(token, keys.getKey, {
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        algorithms,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['iss', 'aud', 'exp', 'sub', 'iat'],
        // However far its exp, a token is refused this long after it was issued (issue 14, finding 12).
        maxTokenAge: config.AUTH_MAX_TOKEN_AGE_SECONDS ?? DEFAULT_MAX_TOKEN_AGE_SECONDS,
        ...(options.now ? { currentDate: options.now() } : {}),
      });
    } catch (error) {
      if (error instanceof KeySourceUnavailableError) {
        logger.warn('bearer token not checked: identity provider keys unavailable', { keySource: keys.kind });
        throw new UnavailableError('The identity provider cannot be reached to check the access token. Retry shortly.');
      }
      if (error instanceof errors.JWTExpired) throw refuse(error.code, EXPIRED);
      throw refuse(error instanceof errors.JOSEError ? error.code : 'ERR_UNEXPECTED');
    }
    const typ: unknown = result.protectedHeader.typ;
    if (typ !== undefined && !(typeof typ === 'string' && ACCEPTED_TOKEN_TYPES.includes(normaliseMediaType(typ)))) {
      throw refuse('typ');
    }
    const idToken = idTokenReason(result.payload, config.OIDC_CLIENT_ID);
    if (idToken) throw refuse(idToken);
    const claims = PrincipalClaimsSchema.safeParse(result.payload);
    if (!claims.success) throw refuse(`claims:${claims.error.issues.map((issue) => issue.path.join('.')).join(',')}`);
    return principalFromClaims(claims.data);
  }

  return { keySource: keys.kind, keyDescription: keys.description, verify };
}

/**
 * Why a verified token is an OpenID Connect ID token rather than an access token for this API, or
 * undefined (issue 14, finding 12): it carries a claim only ID tokens carry, or it was issued to,
 * or addressed to, this service's own web sign-in client, whose tokens never call the API.
 */
function idTokenReason(payload: Record<string, unknown>, webClientId: string | undefined): string | undefined {
  const idOnly = ID_TOKEN_ONLY_CLAIMS.find((claim) => claim in payload);
  if (idOnly) return `id-token:${idOnly}`;
  if (webClientId === undefined) return undefined;
  if (payload['azp'] === webClientId || payload['client_id'] === webClientId) return 'id-token:azp';
  const audience = payload['aud'];
  if (audience === webClientId || (Array.isArray(audience) && audience.includes(webClientId))) return 'id-token:aud';
  return undefined;
}

/**
 * A base64url segment is canonical when it re-encodes to itself: its last character's unused low
 * bits are zero. Otherwise one token has several spellings that all verify (the decoder ignores
 * those bits), which the fault suite's hostile run found accepted as "forged" tokens.
 */
function isCanonicalBase64Url(segment: string): boolean {
  return Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/** RFC 7515 4.1.9: case-insensitive, and `application/` may be omitted. */
function normaliseMediaType(value: string): string {
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Logs why (a code, never the token) and returns the short error the client sees. */
function refuse(reason: string, detail = INVALID): UnauthenticatedError {
  logger.info('bearer token refused', { reason: reason.slice(0, 200) });
  return new UnauthenticatedError(detail);
}

/**
 * A token signed with the local development key of `config.DATA_DIR` (for `npm run token`, the seed
 * and tests). Refuses when `NODE_ENV=production`.
 * @example await issueDevToken(config, { sub: 'demo-chair', role: 'chair', partnership: 'demo' })
 */
export async function issueDevToken(
  config: Pick<Config, 'NODE_ENV' | 'DATA_DIR' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>,
  claims: PrincipalClaims,
  ttlSeconds: number = DEFAULT_DEV_TOKEN_TTL_SECONDS,
): Promise<string> {
  if (config.NODE_ENV === 'production') {
    throw new AuthConfigurationError('NODE_ENV=production: development tokens are refused. Get a token from your identity provider.');
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_DEV_TOKEN_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number from 1 to ${MAX_DEV_TOKEN_TTL_SECONDS}`);
  }
  const { sub, ...rest } = PrincipalClaimsSchema.parse(claims);
  const key = await loadOrCreateDevSigningKey(config.DATA_DIR);
  const issuedAt = Math.floor(Date.now() / 1000);
  return new SignJWT(rest)
    .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, typ: 'JWT', kid: key.kid })
    .setSubject(sub)
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
