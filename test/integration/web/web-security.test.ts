import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRoutePolicies } from '../../../src/access/policy.js';
import { createApi } from '../../../src/api.js';
import { loadHolidayCalendar } from '../../../src/calendar/bank-holidays.loader.js';
import { createCaseModule } from '../../../src/cases/case.module.js';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { Readiness } from '../../../src/health/readiness.js';
import { createApp } from '../../../src/http/app.js';
import { listen } from '../../../src/http/http-server.js';
import { createPartnershipDirectory } from '../../../src/partnerships/partnership-directory.js';
import { setUserDisabled } from '../../../src/partnerships/user.repository.js';
import { realClock } from '../../../src/shared/system-clock.js';
import { MongoSessionStore } from '../../../src/web/session/session.store.js';
import { sessionMiddleware } from '../../../src/web/session/web-session.js';
import { createWebRouter } from '../../../src/web/web.module.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { browserLike, csrfFrom, signIn } from '../../support/web-client.js';

let api: ApiTestContext;

beforeAll(async () => {
  // The pages are signed into with the password-less development sign-in, an explicit opt-in.
  api = await startApiTestApp(import.meta.filename, { env: { DEV_SIGN_IN: 'true' } });
});
afterAll(() => api?.close());

describe('the web pages: sign-in, sessions, CSRF, headers', () => {
  it('every route of the whole app, page routes included, carries a policy tag', async () => {
    const built = await createApi(api.database, api.config);
    const app = createApp({
      config: api.config,
      database: api.database,
      readiness: new Readiness(),
      apiRouters: built.routers,
      pageRouters: built.pages ?? [],
    });
    const routes = listRoutePolicies(app);
    const pages = routes.filter((route) => !route.path.startsWith('/api'));
    expect(pages.length).toBeGreaterThan(20);
    expect(routes.filter((route) => route.policy === undefined)).toEqual([]);
    expect(pages.find((route) => route.path === '/cases/:id' && route.method === 'GET')?.policy).toMatchObject({ kind: 'roles' });
    expect(pages.find((route) => route.path === '/deadline-calculator')?.policy).toEqual({ kind: 'public' });
  });

  it('signs in with a session cookie that is http-only and SameSite=Lax, and stores the session in the database', async () => {
    const client = browserLike(api.baseUrl);
    const response = await signIn(client, 'north/north-chair');
    const set = response.headers.getSetCookie().find((value) => value.startsWith('sre.sid='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).toMatch(/Path=\//);
    expect(set).not.toMatch(/Secure/); // not production: plain http on loopback
    const page = await client.request('/my-work');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alex Chair');
    expect(await api.database.connection.collection('web_sessions').countDocuments({ userId: 'north-chair' })).toBeGreaterThan(0);
  });

  it('sends page security headers: a CSP with a nonce, no caching, no framing', async () => {
    const client = browserLike(api.baseUrl);
    await signIn(client, 'north/north-viewer');
    const response = await client.request('/cases');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("form-action 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    expect(await response.text()).toContain(`<script nonce="${nonce}">`);
  });

  it('refuses a form without the session’s CSRF token', async () => {
    const client = browserLike(api.baseUrl);
    await signIn(client, 'north/north-business-unit');
    const missing = await client.form('/cases/new', { action: 'draft', laArea: 'x' });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('Your form could not be sent');
    const wrong = await client.form('/cases/new', { _csrf: 'x'.repeat(43), action: 'draft' });
    expect(wrong.status).toBe(403);
    expect(await api.database.connection.collection('referral_drafts').countDocuments()).toBe(0);
  });

  it('a disabled user loses their session on their next request', async () => {
    const client = browserLike(api.baseUrl);
    await signIn(client, 'north/north-lead-la');
    expect((await client.request('/my-work')).status).toBe(200);
    await setUserDisabled(api.database.connection, 'north', 'north-lead-la', true);
    const refused = await client.request('/my-work');
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/sign-in?ended=1');
    expect(await api.database.connection.collection('web_sessions').countDocuments({ userId: 'north-lead-la' })).toBe(0);
    await setUserDisabled(api.database.connection, 'north', 'north-lead-la', false);
  });

  it('ends a session after its absolute lifetime however busy it is', async () => {
    const client = browserLike(api.baseUrl);
    await signIn(client, 'north/north-lead-police');
    const sessions = api.database.connection.collection('web_sessions');
    const stored = await sessions.findOne({ userId: 'north-lead-police' });
    const data = JSON.parse(String(stored!['data'])) as { signedInAt: number };
    data.signedInAt -= (api.config.SESSION_ABSOLUTE_HOURS * 3600 + 60) * 1000;
    await sessions.updateOne({ _id: stored!['_id'] }, { $set: { data: JSON.stringify(data) } });
    const refused = await client.request('/my-work');
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/sign-in?ended=1');
  });

  it('signs out: the session is gone and the cookie no longer works', async () => {
    const client = browserLike(api.baseUrl);
    await signIn(client, 'north/north-admin');
    const oldCookie = client.cookie;
    const token = await csrfFrom(await client.request('/my-work'));
    const out = await client.form('/sign-out', { _csrf: token });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/sign-in?signedOut=1');
    const replay = await fetch(`${api.baseUrl}/my-work`, { redirect: 'manual', headers: { Cookie: oldCookie } });
    expect(replay.status).toBe(303);
  });

  it('serves GOV.UK Frontend from the installed package, and nothing outside it', async () => {
    const css = await fetch(`${api.baseUrl}/govuk-frontend.min.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${api.baseUrl}/govuk-frontend.min.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${api.baseUrl}/assets/fonts/bold-b542beb274-v2.woff2`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/assets/app/app.css`)).status).toBe(200);
    for (const path of [
      '/assets/..%2f..%2f..%2fpackage.json',
      '/assets/app/..%2f..%2fweb.module.ts',
      '/assets/%2e%2e/%2e%2e/package.json',
    ]) {
      expect((await fetch(`${api.baseUrl}${path}`)).status, path).toBe(404);
    }
    const page = await (await fetch(`${api.baseUrl}/sign-in`)).text();
    expect(page).not.toMatch(/https?:\/\/(?!www\.nationalarchives)[^"']*\.(css|js)/);
  });

  it('keeps the API answering problem+json, not pages', async () => {
    const response = await fetch(`${api.baseUrl}/api/nothing-here`);
    expect(response.status).toBe(401); // the API asks for its bearer token before it looks for the path
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const clocks = await fetch(`${api.baseUrl}/api/clocks?awareOn=not-a-date`);
    expect(clocks.status).toBe(400);
    expect(clocks.headers.get('content-type')).toContain('application/problem+json');
    const page = await fetch(`${api.baseUrl}/nothing-here`);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

describe('production settings', () => {
  async function productionRouter(env: Record<string, string>) {
    const config = loadConfig({ NODE_ENV: 'production', ...env });
    const calendar = await loadHolidayCalendar(undefined);
    const partnerships = createPartnershipDirectory(api.database.connection, calendar);
    const cases = await createCaseModule({
      connection: api.database.connection,
      calendar,
      clock: realClock,
      partnerships,
      warnWorkingDays: 3,
      openActionCount: async () => 0,
    });
    return createWebRouter({
      config,
      connection: api.database.connection,
      calendar,
      clock: realClock,
      partnerships,
      cases: cases.service,
      deadlines: cases.deadlines,
    });
  }

  it('refuses to start without SESSION_SECRET, or with half the OpenID Connect settings', async () => {
    await expect(productionRouter({})).rejects.toThrow(ConfigError);
    await expect(productionRouter({})).rejects.toThrow(/SESSION_SECRET/);
    await expect(productionRouter({ SESSION_SECRET: 's'.repeat(40), OIDC_ISSUER_URL: 'https://login.example.org' })).rejects.toThrow(
      /OIDC_CLIENT_ID/,
    );
  });

  it('has no development sign-in (404) and sets Secure, __Host- cookies', async () => {
    const router = await productionRouter({ SESSION_SECRET: 's'.repeat(40), WEB_TRUST_PROXY: 'true' });
    const app = express();
    app.use(router);
    const server = await listen(app, '127.0.0.1', 0);
    try {
      expect((await fetch(`${server.url}/sign-in/dev`)).status).toBe(404);
      // A post is refused too (by the CSRF check before anything else), and signs nobody in.
      const post = await fetch(`${server.url}/sign-in/dev`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ user: 'north/north-chair' }),
      });
      expect([403, 404]).toContain(post.status);
      const signIn = await fetch(`${server.url}/sign-in?returnTo=/cases`, { headers: { 'X-Forwarded-Proto': 'https' } });
      expect(signIn.status).toBe(200);
      expect(await signIn.text()).not.toContain('/sign-in/dev');
      // A view of the sign-in page stores no session (issue 14, finding 5), so no cookie either.
      expect(signIn.headers.getSetCookie()).toEqual([]);
      expect(signIn.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await server.drain(100);
    }
    // The production session middleware itself, on a route that writes to the session (as a sign-in
    // does): over plain http a secure cookie is never sent; behind a TLS proxy (X-Forwarded-Proto) it is.
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(40), WEB_TRUST_PROXY: 'true' });
    const store = new MongoSessionStore(api.database.connection, { idleMs: 60_000, sweepIntervalMs: 0 });
    const sessions = express();
    sessions.use(sessionMiddleware(config, store));
    sessions.get('/write', (request, response) => {
      request.session.returnTo = '/cases';
      response.send('ok');
    });
    const direct = await listen(sessions, '127.0.0.1', 0);
    try {
      expect((await fetch(`${direct.url}/write`)).headers.getSetCookie()).toEqual([]);
      const set = (await fetch(`${direct.url}/write`, { headers: { 'X-Forwarded-Proto': 'https' } })).headers.getSetCookie().join('\n');
      expect(set).toMatch(/^__Host-sre\.sid=.*; Secure/m);
      expect(set).toMatch(/HttpOnly/);
    } finally {
      await direct.drain(100);
      store.close();
    }
  });
});

describe('the session store', () => {
  it('treats an expired session as absent and deletes expired sessions', async () => {
    let now = Date.parse('2025-01-01T00:00:00Z');
    const store = new MongoSessionStore(api.database.connection, { idleMs: 60_000, sweepIntervalMs: 0, now: () => now });
    const data = { cookie: { originalMaxAge: 60_000, expires: new Date(now + 60_000) }, userId: 'u1' } as never;
    await new Promise<void>((resolve, reject) => store.set('sid-1', data, (error) => (error ? reject(error) : resolve())));
    const read = () =>
      new Promise<unknown>((resolve, reject) => store.get('sid-1', (error, value) => (error ? reject(error) : resolve(value))));
    expect(await read()).toMatchObject({ userId: 'u1' });
    now += 61_000;
    expect(await read()).toBeNull();
    await new Promise<void>((resolve, reject) =>
      store.set('sid-2', { cookie: { expires: new Date(now - 1) } } as never, (error) => (error ? reject(error) : resolve())),
    );
    expect(await store.removeExpired()).toBeGreaterThanOrEqual(1);
    store.close();
  });
});
