/**
 * The password-less development sign-in (`/sign-in/dev`, issue 14 finding 2) lists every user of
 * every partnership and signs anyone in as any of them. It is therefore an explicit opt-in,
 * `DEV_SIGN_IN=true`, and refused wherever it could meet a real user: beside a real identity
 * provider (OIDC, a JWKS address or a public key), in production, or listening on an address
 * other than loopback.
 */

export interface DevSignInSettings {
  DEV_SIGN_IN: boolean;
  NODE_ENV: string;
  HOST: string;
  OIDC_ISSUER_URL?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
  AUTH_PUBLIC_KEY?: string | undefined;
}

/** True for an address only this machine can reach: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

/** Why DEV_SIGN_IN=true cannot be allowed with these settings, or undefined when it can (or is off). */
export function devSignInProblem(settings: DevSignInSettings): string | undefined {
  if (!settings.DEV_SIGN_IN) return undefined;
  const reasons: string[] = [];
  if (settings.NODE_ENV === 'production') reasons.push('NODE_ENV=production');
  if (settings.OIDC_ISSUER_URL) reasons.push('OIDC_ISSUER_URL is set');
  if (settings.AUTH_JWKS_URL) reasons.push('AUTH_JWKS_URL is set');
  if (settings.AUTH_PUBLIC_KEY) reasons.push('AUTH_PUBLIC_KEY is set');
  if (!isLoopbackHost(settings.HOST)) reasons.push(`HOST=${settings.HOST} is not a loopback address`);
  if (reasons.length === 0) return undefined;
  return `password-less sign-in is for a developer's own machine only, and is refused because ${reasons.join(', ')}. Remove DEV_SIGN_IN.`;
}
