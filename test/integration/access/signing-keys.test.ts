import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthConfigurationError, devKeyPath, loadOrCreateDevSigningKey } from '../../../src/access/signing-keys.js';
import { createTokenVerifier, issueDevToken } from '../../../src/access/token-verifier.js';
import { loadConfig } from '../../../src/config/config.js';
import { UnauthenticatedError, UnavailableError } from '../../../src/errors/app-errors.js';
import { logger } from '../../../src/logging/logger.js';
import { signRaw, temporaryDataDir } from './access-test-support.js';

// Key sources: the development key file shared by the service, `npm run token` and the seed;
// AUTH_PUBLIC_KEY; and a JWKS served over HTTP, as a real identity provider would.

logger.level = 'error';
const dirs: Array<{ remove: () => void }> = [];
const dataDir = (label: string) => {
  const made = temporaryDataDir(label);
  dirs.push(made);
  return made.dir;
};
afterAll(() => dirs.forEach((dir) => dir.remove()));

const now = () => Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'u1',
  role: 'business-unit',
  partnership: 'demo',
  iss: 'safeguarding-review-engine-dev',
  aud: 'safeguarding-review-engine',
  // Every bearer token must say when it was issued (issue 14, finding 12).
  iat: now(),
  exp: now() + 600,
  ...extra,
});

describe('the development key file', () => {
  it('is created once with mode 0600 and reused', async () => {
    const dir = dataDir('keys-create');
    const first = await loadOrCreateDevSigningKey(dir);
    expect(fs.statSync(devKeyPath(dir)).mode & 0o777).toBe(0o600);
    const second = await loadOrCreateDevSigningKey(dir);
    expect(second.kid).toBe(first.kid);
    const file = JSON.parse(fs.readFileSync(devKeyPath(dir), 'utf8'));
    expect(file).toMatchObject({
      format: 1,
      alg: 'ES256',
      kid: first.kid,
      privateJwk: { kty: 'EC', crv: 'P-256' },
      publicJwk: { kty: 'EC', use: 'sig' },
    });
    expect(file.publicJwk.d).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual(['dev-signing-key.json']);
  });

  it('ten processes-worth of concurrent first loads agree on one key', async () => {
    const dir = dataDir('keys-race');
    const keys = await Promise.all(Array.from({ length: 10 }, () => loadOrCreateDevSigningKey(dir)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['dev-signing-key.json']);
  });

  it('a token issued by one process verifies in another on the same DATA_DIR', async () => {
    const dir = dataDir('keys-shared');
    const config = loadConfig({ DATA_DIR: dir, NODE_ENV: 'development' });
    const token = await issueDevToken(config, { sub: 'demo-bu', role: 'business-unit', partnership: 'demo' }, 60);
    const service = await createTokenVerifier(config);
    expect(service.keySource).toBe('development');
    await expect(service.verify(token)).resolves.toEqual({ userId: 'demo-bu', role: 'business-unit', partnershipId: 'demo' });
    const elsewhere = await createTokenVerifier(loadConfig({ DATA_DIR: dataDir('keys-other') }));
    await expect(elsewhere.verify(token)).rejects.toThrow(UnauthenticatedError);
  });

  it('tightens a key file others can read back to 0600', async () => {
    const dir = dataDir('keys-mode');
    await loadOrCreateDevSigningKey(dir);
    fs.chmodSync(devKeyPath(dir), 0o644);
    await loadOrCreateDevSigningKey(dir);
    expect(fs.statSync(devKeyPath(dir)).mode & 0o777).toBe(0o600);
  });

  it('a damaged key file stops start-up with a message that says what to do', async () => {
    const dir = dataDir('keys-damaged');
    fs.writeFileSync(devKeyPath(dir), '{"format":1}', { mode: 0o600 });
    await expect(createTokenVerifier(loadConfig({ DATA_DIR: dir }))).rejects.toThrow(AuthConfigurationError);
    await expect(createTokenVerifier(loadConfig({ DATA_DIR: dir }))).rejects.toThrow(/Delete it/);
  });

  it('a development key needs ES256 in AUTH_ALGORITHMS', async () => {
    await expect(createTokenVerifier(loadConfig({ DATA_DIR: dataDir('keys-alg'), AUTH_ALGORITHMS: 'RS256' }))).rejects.toThrow(/ES256/);
  });

  it('issueDevToken refuses silly lifetimes and invalid claims', async () => {
    const config = loadConfig({ DATA_DIR: dataDir('keys-ttl') });
    await expect(issueDevToken(config, { sub: 'a', role: 'chair', partnership: 'demo' }, 0)).rejects.toThrow(RangeError);
    await expect(issueDevToken(config, { sub: 'a', role: 'agency', partnership: 'demo' })).rejects.toThrow();
  });

  it('honours a fake clock for exp and nbf (30 s tolerance)', async () => {
    const config = loadConfig({ DATA_DIR: dataDir('keys-clock') });
    const token = await issueDevToken(config, { sub: 'a', role: 'chair', partnership: 'demo' }, 3600);
    const at = (offsetSeconds: number) => createTokenVerifier(config, { now: () => new Date(Date.now() + offsetSeconds * 1000) });
    await expect((await at(3600 + 20)).verify(token)).resolves.toMatchObject({ role: 'chair' });
    await expect((await at(3600 + 40)).verify(token)).rejects.toThrow('The access token has expired.');
  });
});

describe('AUTH_PUBLIC_KEY', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();
  const base = () => ({ DATA_DIR: dataDir('keys-pem'), NODE_ENV: 'production' });

  it('verifies RS256 tokens from that key, and never creates a development key', async () => {
    const env = base();
    const verifier = await createTokenVerifier(loadConfig({ ...env, AUTH_PUBLIC_KEY: pem(rsa.publicKey) }));
    expect(verifier.keyDescription).toMatch(/RSA/);
    await expect(
      verifier.verify(signRaw({ alg: 'RS256', typ: 'JWT', kid: 'idp-1' }, claims(), rsa.privateKey, 'RS256')),
    ).resolves.toMatchObject({
      userId: 'u1',
    });
    expect(fs.existsSync(devKeyPath(env.DATA_DIR))).toBe(false);
  });

  it('with AUTH_PUBLIC_KEY_ID, a token naming another kid is refused', async () => {
    const verifier = await createTokenVerifier(loadConfig({ ...base(), AUTH_PUBLIC_KEY: pem(rsa.publicKey), AUTH_PUBLIC_KEY_ID: 'idp-1' }));
    await expect(verifier.verify(signRaw({ alg: 'RS256', kid: 'idp-1' }, claims(), rsa.privateKey, 'RS256'))).resolves.toBeDefined();
    await expect(verifier.verify(signRaw({ alg: 'RS256' }, claims(), rsa.privateKey, 'RS256'))).resolves.toBeDefined();
    await expect(verifier.verify(signRaw({ alg: 'RS256', kid: 'idp-2' }, claims(), rsa.privateKey, 'RS256'))).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('refuses HS256 keyed with the PEM (HS/RS confusion) and algorithms outside the allow-list', async () => {
    const verifier = await createTokenVerifier(loadConfig({ ...base(), AUTH_PUBLIC_KEY: pem(rsa.publicKey), AUTH_ALGORITHMS: 'RS256' }));
    await expect(verifier.verify(signRaw({ alg: 'HS256' }, claims(), pem(rsa.publicKey), 'HS256'))).rejects.toThrow(UnauthenticatedError);
    // PS256 would verify with this key, but is not allowed.
    const { SignJWT, importPKCS8 } = await import('jose');
    const ps = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'PS256' })
      .sign(await importPKCS8(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'PS256'));
    await expect(verifier.verify(ps)).rejects.toThrow(UnauthenticatedError);
  });

  it('a key no allowed algorithm can use stops start-up', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(createTokenVerifier(loadConfig({ ...base(), AUTH_PUBLIC_KEY: pem(p384.publicKey) }))).rejects.toThrow(
      /EC P-384 key, but AUTH_ALGORITHMS \(ES256,RS256\) has no algorithm/,
    );
  });
});

describe('AUTH_JWKS_URL (an identity provider)', () => {
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  let server: http.Server;
  let url: string;
  let mode: 'ok' | 'error' = 'ok';
  let fetches = 0;

  beforeAll(async () => {
    const jwk = { ...idp.publicKey.export({ format: 'jwk' }), kid: 'idp-2025', use: 'sig', alg: 'ES256' };
    server = http.createServer((_request, response) => {
      fetches += 1;
      if (mode === 'error') {
        response.writeHead(500).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const config = (extra: Record<string, string> = {}) =>
    loadConfig({ DATA_DIR: dataDir('keys-jwks'), NODE_ENV: 'production', AUTH_JWKS_URL: url, ...extra });

  it('verifies a token whose kid is in the set, and refuses an unknown kid', async () => {
    const verifier = await createTokenVerifier(config());
    expect(verifier.keySource).toBe('jwks');
    await expect(
      verifier.verify(signRaw({ alg: 'ES256', typ: 'at+jwt', kid: 'idp-2025' }, claims(), idp.privateKey)),
    ).resolves.toMatchObject({
      role: 'business-unit',
    });
    await expect(verifier.verify(signRaw({ alg: 'ES256', kid: 'idp-1999' }, claims(), idp.privateKey))).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('refuses a development-key token even outside production', async () => {
    const development = config({ NODE_ENV: 'development' });
    const verifier = await createTokenVerifier(development);
    const devToken = await issueDevToken(development, { sub: 'x', role: 'admin', partnership: 'demo' });
    await expect(verifier.verify(devToken)).rejects.toThrow(UnauthenticatedError);
  });

  it('an identity provider that fails is a 503 (retry), not a 401', async () => {
    mode = 'error';
    try {
      const verifier = await createTokenVerifier(config());
      const before = fetches;
      await expect(verifier.verify(signRaw({ alg: 'ES256', kid: 'idp-2025' }, claims(), idp.privateKey))).rejects.toThrow(UnavailableError);
      expect(fetches).toBeGreaterThan(before);
    } finally {
      mode = 'ok';
    }
  });

  it('an identity provider that is not there is a 503 too', async () => {
    const verifier = await createTokenVerifier(config({ AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' }));
    await expect(verifier.verify(signRaw({ alg: 'ES256', kid: 'idp-2025' }, claims(), idp.privateKey))).rejects.toThrow(UnavailableError);
  });

  it('a garbage token is refused before the identity provider is asked', async () => {
    const verifier = await createTokenVerifier(config());
    const before = fetches;
    await expect(verifier.verify('garbage')).rejects.toThrow(UnauthenticatedError);
    await expect(verifier.verify(signRaw({ alg: 'HS256', kid: 'idp-2025' }, claims(), 'secret', 'HS256'))).rejects.toThrow(
      UnauthenticatedError,
    );
    expect(fetches).toBe(before);
  });
});
