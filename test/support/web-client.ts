import { expect } from 'vitest';

/** A browser's cookie jar, enough for one session cookie: pages fetched as a signed-in user, without a browser. */
export function browserLike(baseUrl: string) {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    async request(path: string, init: RequestInit = {}) {
      const response = await fetch(`${baseUrl}${path}`, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers ?? {}), ...(cookie ? { Cookie: cookie } : {}) },
      });
      const set = response.headers.getSetCookie().find((value) => value.startsWith('sre.sid='));
      if (set) cookie = set.split(';')[0]!;
      return response;
    },
    async form(path: string, fields: Record<string, string>) {
      return this.request(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    },
  };
}

export type BrowserLike = ReturnType<typeof browserLike>;

export async function csrfFrom(response: Response): Promise<string> {
  const match = /name="_csrf" value="([^"]+)"/.exec(await response.text());
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** Signs in through the development sign-in page (`partnership/user`); the app must run with DEV_SIGN_IN. */
export async function signIn(client: BrowserLike, user: string) {
  const token = await csrfFrom(await client.request('/sign-in/dev'));
  const response = await client.form('/sign-in/dev', { _csrf: token, user });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/my-work');
  return response;
}
