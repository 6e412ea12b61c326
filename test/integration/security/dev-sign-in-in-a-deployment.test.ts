import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { runScript } from '../../support/run-script.js';

// Finding 2 (issue 14): the password-less development sign-in was on in every deployment that did
// not set NODE_ENV=production. The attack: a deployment that left NODE_ENV at its default
// (`development`) is asked for /sign-in/dev, which listed every partnership's users and signed
// anyone in as any of them. Now it is an explicit opt-in, DEV_SIGN_IN=true, refused beside a real
// identity provider or on an address other than loopback.
let deployment: ApiTestContext;
let local: ApiTestContext;

beforeAll(async () => {
  deployment = await startApiTestApp(`${import.meta.filename}-deployment`, { env: { NODE_ENV: 'development' } });
  local = await startApiTestApp(`${import.meta.filename}-local`, { env: { NODE_ENV: 'development', DEV_SIGN_IN: 'true' } });
});
afterAll(async () => {
  await deployment?.close();
  await local?.close();
});

/** Runs `npm start`'s entry point with `env` and waits (at most `deadlineMs`) for it to exit. */
async function startExpectingRefusal(env: Record<string, string>, deadlineMs = 30_000): Promise<{ code: number | null; output: string }> {
  // The test run's database server, so that a service that wrongly starts needs nothing of its own.
  const { code, stdout, stderr } = await runScript(
    'src/main.ts',
    [],
    {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: '0',
      DATA_DIR: deployment.config.DATA_DIR,
      MONGODB_URI: deployment.database.uri,
      DATABASE_NAME: `${deployment.database.name}-refusal`,
      ...env,
    },
    deadlineMs,
  );
  return { code, output: stdout + stderr };
}

describe('password-less development sign-in', () => {
  it('is not offered by a deployment that left NODE_ENV at its default', async () => {
    const page = await fetch(`${deployment.baseUrl}/sign-in/dev`, { redirect: 'manual' });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Alex Chair');
    const signIn = await fetch(`${deployment.baseUrl}/sign-in`, { redirect: 'manual' });
    expect(await signIn.text()).not.toContain('/sign-in/dev');
  });

  it('is offered only when DEV_SIGN_IN=true (on loopback, with no identity provider)', async () => {
    const page = await fetch(`${local.baseUrl}/sign-in/dev`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alex Chair');
  });

  it.each([
    ['an OpenID Connect provider', { OIDC_ISSUER_URL: 'https://login.example.org/tenant/v2.0' }],
    ['a JWKS address', { AUTH_JWKS_URL: 'https://login.example.org/keys' }],
    ['a public key', { AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----' }],
    ['HOST=0.0.0.0', { HOST: '0.0.0.0' }],
    ['HOST=10.1.2.3', { HOST: '10.1.2.3' }],
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
  ])('is refused at start-up beside %s', (_label, settings) => {
    expect(() => loadConfig({ DEV_SIGN_IN: 'true', ...settings })).toThrow(ConfigError);
    expect(() => loadConfig({ DEV_SIGN_IN: 'true', ...settings })).toThrow(/DEV_SIGN_IN/);
    // The same settings without the opt-in are accepted.
    expect(() => loadConfig({ ...settings })).not.toThrow();
  });

  it('is accepted on each loopback address', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect(loadConfig({ DEV_SIGN_IN: 'true', HOST: host }).DEV_SIGN_IN).toBe(true);
  });

  it('stops the real service before it listens when asked for on a public address', async () => {
    const { code, output } = await startExpectingRefusal({ DEV_SIGN_IN: 'true', HOST: '0.0.0.0' });
    expect(code).toBe(2);
    expect(output).toMatch(/DEV_SIGN_IN/);
    expect(output).toMatch(/HOST/);
  });
});
