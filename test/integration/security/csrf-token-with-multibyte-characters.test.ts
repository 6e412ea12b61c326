import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 7 (issue 14): a CSRF value of the right length in characters but not in bytes (any
// non-ASCII character) made timingSafeEqual throw, and the form post answered 500. The attack
// needs no sign-in: any session with a CSRF token will do. It must be a 403 like any wrong token.
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { env: { DEV_SIGN_IN: 'true' } });
});
afterAll(() => api?.close());

describe('a form post whose CSRF value has multibyte characters', () => {
  it('is refused with 403, and signs nobody in', async () => {
    const page = await fetch(`${api.baseUrl}/sign-in/dev`);
    expect(page.status).toBe(200);
    const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!;
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    for (const forged of [
      'é'.repeat(token.length),
      `${token.slice(0, -1)}€`,
      '😀'.repeat(token.length / 2) + (token.length % 2 ? 'a' : ''),
    ]) {
      expect(forged.length).toBe(token.length);
      const response = await fetch(`${api.baseUrl}/sign-in/dev`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: forged, user: 'north/north-chair' }).toString(),
      });
      expect(response.status, forged).toBe(403);
      expect(response.headers.get('location')).toBeNull();
    }
    // The right token still works.
    const honest = await fetch(`${api.baseUrl}/sign-in/dev`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: token, user: 'north/north-chair' }).toString(),
    });
    expect(honest.status).toBe(303);
  });
});
