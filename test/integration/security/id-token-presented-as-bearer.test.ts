import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_KEY_ALGORITHM, loadOrCreateDevSigningKey } from '../../../src/access/signing-keys.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 12 (issue 14): an OpenID Connect ID token must never work as an API bearer token, and a
// bearer token must say when it was issued and be young enough. The attacks: tokens signed by the
// key the service trusts (as the identity provider's would be) that are ID tokens (a `nonce`,
// `at_hash`, or issued to this service's own sign-in client), that carry no `iat`, or that were
// issued long ago with a far expiry.
const WEB_CLIENT = 'safeguarding-web-sign-in';
let api: ApiTestContext;

beforeAll(async () => {
  // Web sign-in configured (the provider is only contacted when someone signs in, which nobody does here).
  api = await startApiTestApp(import.meta.filename, {
    env: {
      OIDC_ISSUER_URL: 'http://127.0.0.1:9/',
      OIDC_CLIENT_ID: WEB_CLIENT,
      OIDC_CLIENT_SECRET: 'a-test-client-secret',
      OIDC_REDIRECT_URL: 'http://127.0.0.1:9/sign-in/oidc/callback',
      OIDC_PARTNERSHIPS: 'north',
    },
  });
});
afterAll(() => api?.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A token signed with the key the service trusts, with exactly these claims. */
async function signed(claims: Record<string, unknown>, header: Record<string, unknown> = { typ: 'JWT' }): Promise<string> {
  const key = await loadOrCreateDevSigningKey(api.config.DATA_DIR);
  return new SignJWT(claims).setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: key.kid, ...header }).sign(key.privateKey);
}

function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: api.config.AUTH_ISSUER,
    aud: api.config.AUTH_AUDIENCE,
    sub: 'north-chair',
    role: 'chair',
    partnership: 'north',
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  };
}

async function status(token: string): Promise<number> {
  const response = await fetch(`${api.baseUrl}/api/cases`, { headers: { Authorization: `Bearer ${token}` } });
  return response.status;
}

describe('bearer tokens that are ID tokens, undated or old', () => {
  it('an honest access token is accepted (the control)', async () => {
    expect(await status(await signed(accessClaims()))).toBe(200);
    expect(await status(await signed(accessClaims(), { typ: 'at+jwt' }))).toBe(200);
  });

  it.each([
    ['with a nonce', { nonce: 'n-0S6_WzA2Mj' }],
    ['with an at_hash', { at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }],
    ['with a c_hash', { c_hash: 'LDktKdoQak3Pk0cnXxCltA' }],
    ['issued to this service’s own sign-in client (azp)', { azp: WEB_CLIENT }],
    ['whose audience includes the sign-in client', { aud: [api?.config.AUTH_AUDIENCE ?? 'safeguarding-review-engine', WEB_CLIENT] }],
  ])('an ID token %s is refused', async (_label, extra) => {
    expect(await status(await signed(accessClaims(extra)))).toBe(401);
  });

  it('a token with no iat is refused', async () => {
    const { iat: _iat, ...undated } = accessClaims();
    expect(await status(await signed(undated))).toBe(401);
  });

  it('a token issued longer ago than AUTH_MAX_TOKEN_AGE_SECONDS is refused, however far its expiry', async () => {
    const issued = nowSeconds() - 25 * 3600;
    expect(await status(await signed(accessClaims({ iat: issued, exp: issued + 30 * 24 * 3600 })))).toBe(401);
    expect(await status(await signed(accessClaims({ iat: nowSeconds() - 3600, exp: nowSeconds() + 3600 })))).toBe(200);
  });

  it('start-up refuses an API audience equal to the sign-in client (its ID tokens would pass the audience check)', () => {
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'same-client', AUTH_AUDIENCE: 'same-client' })).toThrow(ConfigError);
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'same-client', AUTH_AUDIENCE: 'same-client' })).toThrow(/AUTH_AUDIENCE/);
  });
});
