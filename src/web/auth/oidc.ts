import * as client from 'openid-client';
import { type Config, ConfigError } from '../../config/config.js';
import { logger } from '../../logging/logger.js';

/**
 * Sign-in through the partnership's OpenID Connect provider (Microsoft Entra ID, Okta, Keycloak, …)
 * with openid-client: the authorization code flow with PKCE (S256), `state` and `nonce`, and a
 * confidential client (client secret). The provider is discovered once, on first use, from
 * OIDC_ISSUER_URL; a provider that cannot be reached is retried on the next sign-in.
 */

export interface OidcRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The claims this service reads from the ID token. */
export interface OidcIdentity {
  /** The ID token's `iss` (openid-client has checked it is the configured issuer). */
  issuer: string;
  sub: string;
  email?: string;
  emailVerified?: boolean;
  /** Microsoft Entra ID's optional claim `xms_edov`: the e-mail's domain owner verified it. */
  emailDomainOwnerVerified?: boolean;
  name?: string;
}

export interface OidcSignIn {
  issuer: string;
  /** The partnerships whose users this provider signs in (OIDC_PARTNERSHIPS). */
  partnerships: readonly string[];
  /** The provider's authorization address for a new sign-in, with what must be checked on return. */
  start(): Promise<OidcRequest>;
  /** Exchanges the code at the callback address (the full URL the provider sent the browser to). */
  finish(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<OidcIdentity>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** OIDC sign-in from configuration; undefined when OIDC_ISSUER_URL is not set. All four settings go together. */
export function createOidcSignIn(config: Config): OidcSignIn | undefined {
  const settings = {
    OIDC_ISSUER_URL: config.OIDC_ISSUER_URL,
    OIDC_CLIENT_ID: config.OIDC_CLIENT_ID,
    OIDC_CLIENT_SECRET: config.OIDC_CLIENT_SECRET,
    OIDC_REDIRECT_URL: config.OIDC_REDIRECT_URL,
  };
  const given = Object.entries(settings).filter(([, value]) => value !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 4) {
    const missing = Object.entries(settings)
      .filter(([, value]) => value === undefined)
      .map(([name]) => name);
    throw new ConfigError(
      `OpenID Connect sign-in needs OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URL together; missing ${missing.join(', ')}.`,
    );
  }
  const issuer = new URL(settings.OIDC_ISSUER_URL!);
  const redirectUrl = new URL(settings.OIDC_REDIRECT_URL!);
  if (!redirectUrl.pathname.endsWith('/sign-in/oidc/callback')) {
    throw new ConfigError('OIDC_REDIRECT_URL must be this service’s address followed by /sign-in/oidc/callback.');
  }
  if (config.NODE_ENV === 'production' && redirectUrl.protocol !== 'https:') {
    throw new ConfigError('OIDC_REDIRECT_URL must be https:// when NODE_ENV=production.');
  }
  if (config.OIDC_PARTNERSHIPS.length === 0) {
    throw new ConfigError('OIDC_PARTNERSHIPS must name the partnerships this provider signs people in for (comma-separated ids).');
  }
  const scope = config.OIDC_SCOPES.split(/\s+/).filter(Boolean);
  if (!scope.includes('openid')) throw new ConfigError('OIDC_SCOPES must include openid.');

  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(issuer, settings.OIDC_CLIENT_ID!, settings.OIDC_CLIENT_SECRET!, undefined, {
        // Plain http is allowed only for a provider on this machine (development and tests).
        ...(issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) ? { execute: [client.allowInsecureRequests] } : {}),
        timeout: 10,
      })
      .catch((error: unknown) => {
        discovered = undefined;
        logger.warn('OpenID Connect discovery failed', { issuer: issuer.origin, error: (error as Error).name });
        throw error;
      });
    return discovered;
  };

  return {
    issuer: issuer.href,
    partnerships: config.OIDC_PARTNERSHIPS,
    async start() {
      const config = await configuration();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUrl.href,
        scope: scope.join(' '),
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state, nonce, codeVerifier };
    },
    async finish(callbackUrl, expected) {
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the provider returned no ID token');
      let source: Record<string, unknown> = claims;
      // Some providers put the e-mail in the ID token (Entra ID's optional claim), others only
      // answer it at the userinfo endpoint; ask there when the ID token does not carry it.
      if (typeof claims['email'] !== 'string' && tokens.access_token && config.serverMetadata().userinfo_endpoint) {
        source = { ...(await client.fetchUserInfo(config, tokens.access_token, claims.sub)), ...claims };
      }
      const identity: OidcIdentity = { issuer: claims.iss, sub: claims.sub };
      if (typeof source['email'] === 'string') identity.email = source['email'];
      if (typeof source['email_verified'] === 'boolean') identity.emailVerified = source['email_verified'];
      // Entra ID sends xms_edov as a boolean; some tenants' tokens carry it as text or 1.
      const edov = source['xms_edov'];
      if (edov === true || edov === 'true' || edov === 1 || edov === '1') identity.emailDomainOwnerVerified = true;
      if (typeof source['name'] === 'string') identity.name = source['name'];
      return identity;
    },
  };
}

/** The callback URL as the provider sent it: the configured redirect address with this request's query. */
export function callbackUrlOf(config: Pick<Config, 'OIDC_REDIRECT_URL'>, originalUrl: string): URL {
  const url = new URL(config.OIDC_REDIRECT_URL!);
  url.search = new URL(originalUrl, 'http://localhost').search;
  return url;
}
