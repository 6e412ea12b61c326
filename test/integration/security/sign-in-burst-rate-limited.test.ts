import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api.js';
import { Readiness } from '../../../src/health/readiness.js';
import { createApp } from '../../../src/http/app.js';
import { listen, type RunningHttpServer } from '../../../src/http/http-server.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 5 (issue 14), its rate limits: there were none. The attacks: a burst of 200 sign-in
// attempts from one address, spread over two instances of the service on one database; a user
// scraping the API; a report or export pulled over and over; anonymous requests hammering /api.
// The service's clock is fixed at the start of the current hour, so every request falls in one
// window (the windows are an hour long here) and Retry-After is counted against the real time.
const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 1000);
const WINDOW = { RATE_LIMIT_WINDOW_SECONDS: '3600' };
let signIn: ApiTestContext;
let secondInstance: RunningHttpServer;
let api: ApiTestContext;

beforeAll(async () => {
  signIn = await startApiTestApp(`${import.meta.filename}-sign-in`, {
    clock: fixedClock(hour),
    env: { ...WINDOW, DEV_SIGN_IN: 'true', RATE_LIMIT_SIGN_IN_PER_IP: '10' },
  });
  // A second instance of the service on the same database (as behind a load balancer).
  const built = await createApi(signIn.database, signIn.config, { clock: fixedClock(hour) });
  secondInstance = await listen(
    createApp({
      config: signIn.config,
      database: signIn.database,
      readiness: new Readiness(),
      apiRouters: built.routers,
      pageRouters: built.pages ?? [],
    }),
    '127.0.0.1',
    0,
  );
  api = await startApiTestApp(`${import.meta.filename}-api`, {
    clock: fixedClock(hour),
    env: { ...WINDOW, RATE_LIMIT_PER_IP: '60', RATE_LIMIT_PER_USER: '30', RATE_LIMIT_STRICT: '5' },
  });
});
afterAll(async () => {
  await secondInstance?.drain(100);
  await signIn?.close();
  await api?.close();
});

function retryAfterOf(response: Response | { headers: Headers }): number {
  return Number(response.headers.get('retry-after'));
}

describe('rate limits', () => {
  it('a burst of 200 sign-in attempts from one address over two instances gets 429 after the 10 allowed', async () => {
    const instances = [signIn.baseUrl, secondInstance.url];
    // One session per instance; both hold a CSRF token, so every attempt reaches the sign-in check.
    const sessions = await Promise.all(
      instances.map(async (base) => {
        const page = await fetch(`${base}/sign-in/dev`);
        return {
          base,
          cookie: page.headers.getSetCookie()[0]!.split(';')[0]!,
          csrf: /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!,
        };
      }),
    );
    const statuses: number[] = [];
    let retryAfter: number[] = [];
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const session = sessions[attempt % 2]!;
      const response = await fetch(`${session.base}/sign-in/dev`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: session.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: session.csrf, user: `north/guessed-user-${attempt}` }).toString(),
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter.push(retryAfterOf(response));
      await response.arrayBuffer();
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
    expect(statuses.slice(10)).toEqual(Array(190).fill(429));
    retryAfter = [...new Set(retryAfter)];
    for (const seconds of retryAfter) expect(seconds).toBeGreaterThan(0);
    // The OpenID Connect callback shares the sign-in budget of the address.
    const callback = await fetch(`${secondInstance.url}/sign-in/oidc/callback?code=x&state=y`, { redirect: 'manual' });
    expect(callback.status).toBe(429);
  });

  it('reports are limited per user (5), then the user (30 in all), while another user and the address go on', async () => {
    const reports = [];
    for (let call = 0; call < 6; call += 1) reports.push(await api.call('GET', '/api/reports/yearly?year=2024', { as: 'north-chair' }));
    expect(reports.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = reports.at(-1)!;
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(retryAfterOf(refused)).toBeGreaterThan(0);

    // The chair has made 6 requests; 24 more fit in the user's 30.
    const lists = [];
    for (let call = 0; call < 30; call += 1) lists.push((await api.call('GET', '/api/cases', { as: 'north-chair' })).status);
    expect(lists).toEqual([...Array(24).fill(200), ...Array(6).fill(429)]);
    // Another user from the same address is not held back by the chair's limit (36 of 60 used).
    const viewer = [];
    for (let call = 0; call < 10; call += 1) viewer.push((await api.call('GET', '/api/cases', { as: 'north-viewer' })).status);
    expect(viewer).toEqual(Array(10).fill(200));
  });

  it('anonymous requests are limited per address (60 in all), and a limit refusal changes nothing', async () => {
    // 46 of the address's 60 are used; 14 more unauthenticated requests get their 401, then 429.
    const statuses = [];
    for (let call = 0; call < 20; call += 1) statuses.push((await api.call('GET', '/api/cases')).status);
    expect(statuses).toEqual([...Array(14).fill(401), ...Array(6).fill(429)]);
    const cases = await api.database.connection.collection('cases').countDocuments({});
    expect(cases).toBe(0);
  });
});
