import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WWW_AUTHENTICATE_CHALLENGE, WWW_AUTHENTICATE_INVALID_TOKEN } from '../../../src/access/authenticate.js';
import { listRoutePolicies } from '../../../src/access/policy.js';
import { ROLES, type Role } from '../../../src/access/roles.js';
import { AuthConfigurationError } from '../../../src/access/signing-keys.js';
import { createTokenVerifier, issueDevToken, type TokenVerifier } from '../../../src/access/token-verifier.js';
import { UnauthenticatedError } from '../../../src/errors/app-errors.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { accessTestRouter, b64url, devPrivateKey, signRaw, temporaryDataDir } from './access-test-support.js';

// RELIABILITY row 9: forged, expired, mis-audienced and mis-typed tokens against a real HTTP server.
// Every forgery differs from an accepted token (the positive controls below, signed by the same
// helper) in one property only, so each 401 is caused by the property under test.

const data = temporaryDataDir('access-tokens');
let app: TestApp;
let verifier: TokenVerifier;
let router: ReturnType<typeof accessTestRouter>;
let dev: { key: KeyObject; kid: string };
const ISS = 'safeguarding-review-engine-dev';
const AUD = 'safeguarding-review-engine';

beforeAll(async () => {
  app = await startTestApp(
    import.meta.filename,
    async (_database, config) => {
      verifier = await createTokenVerifier(config);
      router = accessTestRouter(verifier);
      return [router];
    },
    { DATA_DIR: data.dir },
  );
  dev = devPrivateKey(data.dir);
});
afterAll(async () => {
  await app?.close();
  data.remove();
});

const now = () => Math.floor(Date.now() / 1000);
const header = (extra: Record<string, unknown> = {}) => ({ alg: 'ES256', typ: 'JWT', kid: dev.kid, ...extra });
const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  sub: 'demo-chair',
  role: 'chair',
  partnership: 'demo',
  iss: ISS,
  aud: AUD,
  iat: now(),
  exp: now() + 600,
  ...extra,
});
const without = (key: string, extra: Record<string, unknown> = {}) => {
  const { [key]: _removed, ...rest } = claims(extra);
  return rest;
};
/** Signed with the real development key. */
const devSigned = (h: Record<string, unknown>, p: Record<string, unknown> | string | Buffer) => signRaw(h, p, dev.key);

const call = (authorization: string | undefined, path = '/api/access-test/whoami', method = 'GET') =>
  fetch(`${app.baseUrl}${path}`, { method, headers: authorization === undefined ? {} : { Authorization: authorization } });

describe('positive controls: tokens the service accepts', () => {
  it.each<[string, () => Promise<string> | string]>([
    ['a token from issueDevToken', () => issueDevToken(app.config, { sub: 'demo-chair', role: 'chair', partnership: 'demo' })],
    ['a hand-signed token (the forgeries helper)', () => devSigned(header(), claims())],
    ['no typ header', () => devSigned({ alg: 'ES256', kid: dev.kid }, claims())],
    ['no kid header (one key)', () => devSigned({ alg: 'ES256', typ: 'JWT' }, claims())],
    ['typ at+jwt', () => devSigned(header({ typ: 'at+jwt' }), claims())],
    ['typ application/jwt', () => devSigned(header({ typ: 'application/jwt' }), claims())],
    ['typ jwt in lower case', () => devSigned(header({ typ: 'jwt' }), claims())],
    ['aud as an array that includes ours', () => devSigned(header(), claims({ aud: ['other', AUD] }))],
    ['exp 10 s ago (inside the 30 s tolerance)', () => devSigned(header(), claims({ exp: now() - 10 }))],
    ['nbf 10 s ahead (inside the 30 s tolerance)', () => devSigned(header(), claims({ nbf: now() + 10 }))],
    ['nbf in the past', () => devSigned(header(), claims({ nbf: now() - 60 }))],
    ['an agency token with its organisation', () => devSigned(header(), claims({ role: 'agency', org: 'demo-school-1' }))],
  ])('%s → 200 with the principal', async (_label, make) => {
    const response = await call(`Bearer ${await make()}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ partnershipId: 'demo' });
  });
});

describe('token mutation suite (RELIABILITY row 9)', () => {
  const attackerEc = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attackerEc384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const attackerRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

  function forgeries(): Array<[string, string | undefined]> {
    const devPublic = createPublicKey(dev.key);
    const publicPem = devPublic.export({ type: 'spki', format: 'pem' }).toString();
    const publicDer = devPublic.export({ type: 'spki', format: 'der' });
    const publicJwkText = JSON.stringify(devPublic.export({ format: 'jwk' }));
    const valid = devSigned(header(), claims());
    const [validHeader, , validSignature] = valid.split('.');
    const attackerJwk = attackerEc.publicKey.export({ format: 'jwk' });
    return [
      // Signature
      ['wrong signature (attacker key, our kid)', signRaw(header(), claims(), attackerEc.privateKey)],
      [
        'payload changed after signing (role → admin)',
        `${validHeader}.${b64url(JSON.stringify(claims({ role: 'admin' })))}.${validSignature}`,
      ],
      ['partnership changed after signing', `${validHeader}.${b64url(JSON.stringify(claims({ partnership: 'other' })))}.${validSignature}`],
      ['signature removed', `${valid.split('.').slice(0, 2).join('.')}.`],
      [
        'signature of another valid token',
        `${valid.split('.').slice(0, 2).join('.')}.${devSigned(header(), claims({ sub: 'x' })).split('.')[2]}`,
      ],
      // Algorithm
      ['alg none', `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}.`],
      ['alg None', `${b64url(JSON.stringify({ alg: 'None', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}.`],
      [
        'alg NONE with a signature',
        `${b64url(JSON.stringify({ alg: 'NONE', typ: 'JWT' }))}.${b64url(JSON.stringify(claims()))}.${validSignature}`,
      ],
      ['HS256 keyed with the public key PEM (HS/RS confusion)', signRaw(header({ alg: 'HS256' }), claims(), publicPem, 'HS256')],
      ['HS256 keyed with the public key DER', signRaw(header({ alg: 'HS256' }), claims(), publicDer, 'HS256')],
      ['HS256 keyed with the public JWK text', signRaw(header({ alg: 'HS256' }), claims(), publicJwkText, 'HS256')],
      ['HS256 without kid', signRaw({ alg: 'HS256', typ: 'JWT' }, claims(), publicPem, 'HS256')],
      ['RS256 with an attacker RSA key', signRaw(header({ alg: 'RS256' }), claims(), attackerRsa.privateKey, 'RS256')],
      ['ES384 with an attacker P-384 key', signRaw(header({ alg: 'ES384' }), claims(), attackerEc384.privateKey, 'ES384')],
      ['alg missing', devSigned({ typ: 'JWT', kid: dev.kid }, claims())],
      // Key selection
      ['unknown kid (signed with the real key)', devSigned(header({ kid: 'unknown-kid' }), claims())],
      ['kid path traversal', devSigned(header({ kid: '../../dev-signing-key.json' }), claims())],
      ['kid as a number', devSigned(header({ kid: 7 }), claims())],
      ['attacker key embedded as jwk header', signRaw(header({ jwk: attackerJwk, kid: undefined }), claims(), attackerEc.privateKey)],
      [
        'foreign jku (attacker JWKS URL)',
        signRaw(header({ jku: 'https://attacker.example/jwks.json', kid: 'a1' }), claims(), attackerEc.privateKey),
      ],
      ['foreign x5u', signRaw(header({ x5u: 'https://attacker.example/cert.pem' }), claims(), attackerEc.privateKey)],
      ['unknown critical header', devSigned(header({ crit: ['urn:example:x'], 'urn:example:x': true }), claims())],
      // Issuer, audience
      ['wrong iss', devSigned(header(), claims({ iss: 'https://attacker.example' }))],
      ['iss missing', devSigned(header(), without('iss'))],
      ['iss differs in case', devSigned(header(), claims({ iss: ISS.toUpperCase() }))],
      ['wrong aud', devSigned(header(), claims({ aud: 'another-service' }))],
      ['aud array without ours', devSigned(header(), claims({ aud: ['a', 'b'] }))],
      ['aud missing', devSigned(header(), without('aud'))],
      // typ
      ['typ JWS', devSigned(header({ typ: 'JWS' }), claims())],
      ['typ dpop+jwt', devSigned(header({ typ: 'dpop+jwt' }), claims())],
      ['typ logout+jwt', devSigned(header({ typ: 'logout+jwt' }), claims())],
      ['typ secevent+jwt', devSigned(header({ typ: 'secevent+jwt' }), claims())],
      ['typ application/json', devSigned(header({ typ: 'application/json' }), claims())],
      ['typ empty string', devSigned(header({ typ: '' }), claims())],
      ['typ a number', devSigned(header({ typ: 1 }), claims())],
      ['typ JWT with trailing space', devSigned(header({ typ: 'JWT ' }), claims())],
      // Time
      ['exp in the past (2 min)', devSigned(header(), claims({ exp: now() - 120 }))],
      ['exp just past the tolerance (35 s)', devSigned(header(), claims({ exp: now() - 35 }))],
      ['exp missing', devSigned(header(), without('exp'))],
      ['exp a string', devSigned(header(), claims({ exp: String(now() + 600) }))],
      ['nbf in the future (5 min)', devSigned(header(), claims({ nbf: now() + 300 }))],
      ['nbf just past the tolerance (35 s ahead)', devSigned(header(), claims({ nbf: now() + 35 }))],
      // Claims
      ['sub missing', devSigned(header(), without('sub'))],
      ['role missing', devSigned(header(), without('role'))],
      ['partnership missing', devSigned(header(), without('partnership'))],
      ['role unknown (superuser)', devSigned(header(), claims({ role: 'superuser' }))],
      ['role system (the sweeper)', devSigned(header(), claims({ role: 'system' }))],
      ['role an array', devSigned(header(), claims({ role: ['chair', 'admin'] }))],
      ['partnership an operator object', devSigned(header(), claims({ partnership: { $ne: null } }))],
      ['agency without org', devSigned(header(), claims({ role: 'agency' }))],
      ['partner-lead without partner', devSigned(header(), claims({ role: 'partner-lead', org: 'demo-police' }))],
      // Shape
      ['payload not JSON', devSigned(header(), 'hello')],
      ['payload a JSON array', devSigned(header(), '["chair"]')],
      ['garbage', 'not-a-jwt'],
      ['three random segments', 'aaaa.bbbb.cccc'],
      ['five segments (JWE-shaped)', `${valid}.e30.e30`],
      ['two segments', valid.split('.').slice(0, 2).join('.')],
      ['signature with = padding', `${valid}==`],
      ['payload with = padding', `${validHeader}.${valid.split('.')[1]}=.${validSignature}`],
      ['signature in standard base64 (+ and /)', standardBase64Signature()],
      ['oversized token', `${validHeader}.${b64url('x'.repeat(9000))}.${validSignature}`],
      ['empty bearer', ''],
    ].map(([label, token]) => [label as string, token as string | undefined]);
  }

  /** A valid token whose signature contains - or _, re-spelt in standard base64 (+ and /). */
  function standardBase64Signature(): string {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const [h, p, s] = devSigned(header(), claims({ jti: String(attempt) })).split('.') as [string, string, string];
      if (/[-_]/.test(s)) return `${h}.${p}.${Buffer.from(s, 'base64url').toString('base64').replace(/=+$/, '')}`;
    }
    throw new Error('no signature with - or _ in 200 attempts');
  }

  it('every forged token gets 401 problem+json with a challenge, never 2xx', async () => {
    const cases = forgeries();
    const statuses: number[] = [];
    const wrong: string[] = [];
    for (const [label, token] of cases) {
      const response = await call(`Bearer ${token}`);
      statuses.push(response.status);
      const text = await response.text();
      const problems = [
        response.status !== 401 && `status ${response.status}`,
        !response.headers.get('content-type')?.includes('application/problem+json') && 'not problem+json',
        response.headers.get('www-authenticate') !== WWW_AUTHENTICATE_INVALID_TOKEN && 'no invalid_token challenge',
        !text.includes(`"requestId":"${response.headers.get('x-request-id')}"`) && 'no request id',
        /ERR_|jose|signature verification|stack/i.test(text) && 'internals in the body',
      ].filter(Boolean);
      if (problems.length > 0) wrong.push(`${label}: ${problems.join(', ')}`);
    }
    const unauthorised = statuses.filter((status) => status === 401).length;
    const succeeded = statuses.filter((status) => status >= 200 && status < 300).length;
    console.log(`${cases.length} forged tokens: ${Math.floor((unauthorised / cases.length) * 100)} % 401, ${succeeded} 2xx`);
    expect(wrong).toEqual([]);
    expect(succeeded).toBe(0);
  });

  it('a forged token is refused on a write route too, and nothing is done', async () => {
    const forged = signRaw(header({ alg: 'HS256' }), claims(), createPublicKey(dev.key).export({ type: 'spki', format: 'pem' }), 'HS256');
    const response = await call(`Bearer ${forged}`, '/api/access-test/chair-only', 'POST');
    expect(response.status).toBe(401);
  });

  it('an expired token says so, and nothing more', async () => {
    const response = await call(`Bearer ${devSigned(header(), claims({ exp: now() - 120 }))}`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { detail: string }).detail).toBe('The access token has expired.');
  });

  it('no Authorization header → 401 with the plain challenge (RFC 6750 3.1)', async () => {
    const response = await call(undefined);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(WWW_AUTHENTICATE_CHALLENGE);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it.each([
    ['Basic credentials', 'Basic ZGVtbzpkZW1v'],
    ['the scheme alone', 'Bearer'],
    ['another scheme', 'Token abc'],
    ['a bearer value over the length limit (9,000 characters)', `Bearer ${'a'.repeat(9000)}`],
  ])('Authorization with %s → 401', async (_label, value) => {
    const response = await call(value);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(WWW_AUTHENTICATE_INVALID_TOKEN);
  });
});

describe('roles', () => {
  const tokenFor = (role: Role) =>
    issueDevToken(app.config, {
      sub: `demo-${role}`,
      role,
      partnership: 'demo',
      ...(role === 'agency' || role === 'partner-lead' ? { org: 'demo-police' } : {}),
      ...(role === 'partner-lead' ? { partner: 'police' as const } : {}),
    });

  it('a valid development token gets 200 and the principal it names', async () => {
    const token = await issueDevToken(app.config, {
      sub: 'demo-agency-1',
      role: 'agency',
      partnership: 'demo',
      org: 'demo-police',
      name: 'Sam Synthetic',
    });
    const response = await call(`Bearer ${token}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      userId: 'demo-agency-1',
      role: 'agency',
      partnershipId: 'demo',
      organisationId: 'demo-police',
      name: 'Sam Synthetic',
    });
  });

  it('a lower role gets 403 problem+json on a chair-only write', async () => {
    const response = await call(`Bearer ${await tokenFor('viewer')}`, '/api/access-test/chair-only', 'POST');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(((await response.json()) as { title: string }).title).toBe('Forbidden');
    expect((await call(`Bearer ${await tokenFor('chair')}`, '/api/access-test/chair-only', 'POST')).status).toBe(200);
  });

  it('public routes need no token', async () => {
    expect((await call(undefined, '/api/access-test/public')).status).toBe(200);
  });

  it('every test route is policy-tagged, and each role reaches exactly the routes its tag allows', async () => {
    const routes = listRoutePolicies(router);
    expect(routes.filter((route) => route.policy === undefined)).toEqual([]);
    let attempts = 0;
    let wrong = 0;
    for (const route of routes) {
      for (const role of ROLES) {
        const response = await call(`Bearer ${await tokenFor(role)}`, `/api${route.path}`, route.method);
        const allowed = route.policy!.kind === 'public' || route.policy!.roles.includes(role);
        attempts += 1;
        if (allowed ? response.status !== 200 : response.status !== 403) wrong += 1;
      }
    }
    console.log(`${routes.length} test routes policy-tagged (100 %); ${attempts} role × route calls, ${wrong} not as tagged`);
    expect(wrong).toBe(0);
  });
});

describe('production mode', () => {
  it('refuses to start with the development key', async () => {
    const production = { ...app.config, NODE_ENV: 'production' as const };
    await expect(createTokenVerifier(production)).rejects.toThrow(AuthConfigurationError);
    await expect(createTokenVerifier(production)).rejects.toThrow(/AUTH_JWKS_URL.*AUTH_PUBLIC_KEY/s);
  });

  it('refuses to issue development tokens', async () => {
    await expect(
      issueDevToken({ ...app.config, NODE_ENV: 'production' }, { sub: 'x', role: 'chair', partnership: 'demo' }),
    ).rejects.toThrow(AuthConfigurationError);
  });

  it('with AUTH_PUBLIC_KEY, a token signed with the development key is refused', async () => {
    const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const production = await createTokenVerifier({
      ...app.config,
      NODE_ENV: 'production',
      AUTH_PUBLIC_KEY: idp.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim(),
    });
    expect(production.keySource).toBe('public-key');
    const devToken = await issueDevToken(app.config, { sub: 'demo-chair', role: 'chair', partnership: 'demo' });
    await expect(production.verify(devToken)).rejects.toThrow(UnauthenticatedError);
    const idpToken = signRaw({ alg: 'ES256', typ: 'JWT' }, claims(), idp.privateKey);
    await expect(production.verify(idpToken)).resolves.toMatchObject({ userId: 'demo-chair', role: 'chair' });
  });
});
