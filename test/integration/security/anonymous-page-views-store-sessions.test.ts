import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 5 (issue 14), its lasting writes: an anonymous view of a protected page (or of
// /sign-in?returnTo=…) stored a session document, so anyone could fill the database by fetching
// pages. The attack: a burst of anonymous views of public and protected pages. Where to return to
// after signing in now travels in the address; a session is stored only when a sign-in starts.
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { env: { DEV_SIGN_IN: 'true' } });
});
afterAll(() => api?.close());

const sessions = () => api.database.connection.collection('web_sessions').countDocuments({});

describe('anonymous page views', () => {
  it('store no session and set no cookie', async () => {
    const before = await sessions();
    for (const path of [
      '/',
      '/sign-in',
      '/sign-in?signedOut=1',
      '/sign-in?returnTo=/cases',
      '/deadline-calculator',
      '/no-such-page',
      '/my-work',
      '/cases',
      '/reports/yearly',
    ]) {
      for (let view = 0; view < 5; view += 1) {
        const response = await fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
        expect(response.status, path).toBeLessThan(500);
        expect(response.headers.getSetCookie(), path).toEqual([]);
        await response.arrayBuffer();
      }
    }
    expect(await sessions()).toBe(before);
  });

  it('still bring the user back where they were going once they sign in', async () => {
    const protectedPage = await fetch(`${api.baseUrl}/cases?route=referral`, { redirect: 'manual' });
    expect(protectedPage.status).toBe(303);
    const signInAt = protectedPage.headers.get('location')!;
    expect(signInAt).toBe(`/sign-in?returnTo=${encodeURIComponent('/cases?route=referral')}`);
    const signInPage = await (await fetch(`${api.baseUrl}${signInAt}`)).text();
    const devLink = /href="(\/sign-in\/dev[^"]*)"/.exec(signInPage)![1]!.replaceAll('&amp;', '&');
    const form = await fetch(`${api.baseUrl}${devLink}`);
    const cookie = form.headers.getSetCookie()[0]!.split(';')[0]!;
    const html = await form.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const returnTo = /name="returnTo" value="([^"]*)"/.exec(html)![1]!.replaceAll('&amp;', '&');
    const signedIn = await fetch(`${api.baseUrl}/sign-in/dev`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, user: 'north/north-chair', returnTo }).toString(),
    });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/cases?route=referral');
  });
});
