/**
 * A signed-in web session, as a browser gets one from the development sign-in page
 * (src/web/auth/sign-in.routes.ts; any NODE_ENV but production): GET /sign-in/dev for the session
 * cookie and the form's CSRF token, then POST the chosen user. Returns the Cookie header to send.
 */
const COOKIE = 'sre.sid=';

export async function signInForWeb(url: string, partnershipId: string, userId: string, timeoutMs: number): Promise<string> {
  const page = await fetch(`${url}/sign-in/dev`, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  const first = sessionCookie(page);
  if (page.status !== 200 || !token || !first)
    throw new Error(`GET /sign-in/dev answered ${page.status} without a session cookie and CSRF token (is NODE_ENV production?)`);
  const signedIn = await fetch(`${url}/sign-in/dev`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: first },
    body: new URLSearchParams({ _csrf: token, user: `${partnershipId}/${userId}` }).toString(),
    signal: AbortSignal.timeout(timeoutMs),
  });
  await signedIn.arrayBuffer();
  const cookie = sessionCookie(signedIn);
  if (signedIn.status !== 303 || !cookie)
    throw new Error(`POST /sign-in/dev as ${partnershipId}/${userId} answered ${signedIn.status}, not a redirect with a new session`);
  return cookie;
}

function sessionCookie(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .find((value) => value.startsWith(COOKIE))
    ?.split(';')[0];
}
