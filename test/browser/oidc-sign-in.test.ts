import http from 'node:http';
import type { Browser } from 'playwright-core';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/database/free-port.js';
import { expectAccessible, go, launchBrowser, newUserContext, screenshot, text } from './support/browser.js';
import { startWebApp } from './support/web-app.js';

// Sign-in through a real OpenID Connect provider (oidc-provider, started here on a loopback port):
// authorization code with PKCE, the provider's own login and consent pages, the code exchanged
// by openid-client, and the identity matched to a seeded user by e-mail address.
const CLIENT_ID = 'safeguarding-reviews-test';
const CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough';
const UNVERIFIED_LOGIN = 'viewer@north.example.org';
let provider: http.Server;
let issuer: string;
let app: Awaited<ReturnType<typeof startWebApp>>;
let browser: Browser;

beforeAll(async () => {
  const providerPort = await findFreePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  app = await startWebApp(import.meta.filename, (port) => {
    const redirect = `http://127.0.0.1:${port}/sign-in/oidc/callback`;
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [redirect],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      pkce: { required: () => true },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      // Any login is accepted by the provider's development pages; its e-mail is the login typed.
      findAccount: async (_ctx: unknown, id: string) => ({
        accountId: id,
        // The viewer's address is one the provider has not verified (issue 14, finding 3).
        claims: async () => ({
          sub: `idp-${Buffer.from(id).toString('hex')}`,
          email: id,
          email_verified: id !== UNVERIFIED_LOGIN,
          name: 'Synthetic Person',
        }),
      }),
      cookies: { keys: ['a-test-cookie-key-for-the-provider-only'] },
    });
    provider = oidc.listen(providerPort);
    // A real identity provider: the development sign-in is refused beside it.
    return {
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_REDIRECT_URL: redirect,
      OIDC_PARTNERSHIPS: 'north',
      DEV_SIGN_IN: 'false',
    };
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

async function signInAtProvider(login: string) {
  const { context, page } = await newUserContext(browser);
  await page.goto(`${app.baseUrl}/sign-in`);
  await expectAccessible(page, 'Sign in');
  await go(page, page.getByRole('button', { name: 'Sign in with your organisation account' }));
  expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true);
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'any password');
  await go(page, page.getByRole('button', { name: 'Sign-in' }));
  if (page.url().startsWith(issuer)) await go(page, page.getByRole('button', { name: 'Continue' }));
  return { context, page };
}

describe('OpenID Connect sign-in against a real provider', () => {
  it('signs a seeded user in by e-mail address, in a secure session cookie', async () => {
    const { context, page } = await signInAtProvider('business-unit@north.example.org');
    expect(new URL(page.url()).pathname).toBe('/my-work');
    expect(await text(page.locator('.app-user'))).toContain('Signed in as Sam Officer (Business unit)');
    await expectAccessible(page, 'My work (after OIDC sign-in)');
    await screenshot(page, 'oidc-signed-in');

    // The provider's (iss, sub) is now bound to the user, and matched on from now on.
    const user = await app.database.connection.collection('users').findOne({ _id: 'north-business-unit' as never });
    // (oidc-provider names the subject by the account id, here the login typed.)
    expect(user).toMatchObject({ oidcIssuer: issuer, oidcSubject: 'business-unit@north.example.org' });

    const cookies = await context.cookies(app.baseUrl);
    const session = cookies.find((cookie) => cookie.name === 'sre.sid');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const stored = await app.database.connection.collection('web_sessions').find({ userId: 'north-business-unit' }).toArray();
    expect(stored).toHaveLength(1);
    // The PKCE verifier, state and nonce were used once and are gone from the session.
    expect(String(stored[0]!['data'])).not.toContain('codeVerifier');

    await go(page, page.getByRole('button', { name: 'Sign out' }));
    expect(await text(page.locator('main'))).toContain('You have signed out.');
    expect(await app.database.connection.collection('web_sessions').countDocuments({ userId: 'north-business-unit' })).toBe(0);
    const after = await page.goto(`${app.baseUrl}/my-work`);
    expect(new URL(after!.url()).pathname).toBe('/sign-in');
    await context.close();
  });

  it('refuses an address the provider has not verified', async () => {
    const { context, page } = await signInAtProvider(UNVERIFIED_LOGIN);
    expect(await text(page.locator('h1'))).toBe('You could not be signed in');
    expect(await text(page.locator('main'))).toContain('has not confirmed your email address is verified');
    expect(await app.database.connection.collection('users').findOne({ _id: 'north-viewer' as never })).not.toHaveProperty('oidcSubject');
    await context.close();
  });

  it('refuses an identity that matches no user, and a callback it did not ask for', async () => {
    const { context, page } = await signInAtProvider('stranger@elsewhere.example.org');
    expect(await text(page.locator('h1'))).toBe('You could not be signed in');
    expect(await text(page.locator('main'))).toContain('There is no account in this service for the email address you signed in with');
    await expectAccessible(page, 'Sign-in refused');
    await screenshot(page, 'oidc-no-account');

    const forged = await page.goto(`${app.baseUrl}/sign-in/oidc/callback?code=made-up&state=made-up`);
    expect(forged?.status()).toBe(400);
    expect(await text(page.locator('main'))).toContain('Start again');
    const mine = await page.goto(`${app.baseUrl}/my-work`);
    expect(new URL(mine!.url()).pathname).toBe('/sign-in');
    await context.close();
  });
});
