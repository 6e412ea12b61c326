import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '../errors/app-errors.js';
import type { Principal } from './principal.js';
import { MAX_TOKEN_LENGTH, type TokenVerifier } from './token-verifier.js';

export const AUTH_REALM = 'safeguarding';
/** RFC 6750 3.1: no credentials at all get the challenge without an error code. */
export const WWW_AUTHENTICATE_CHALLENGE = `Bearer realm="${AUTH_REALM}"`;
/** RFC 6750 3.1: a token was sent and refused. */
export const WWW_AUTHENTICATE_INVALID_TOKEN = `Bearer realm="${AUTH_REALM}", error="invalid_token"`;

// RFC 6750 2.1: "Bearer" 1*SP b64token. The character classes do not overlap, so matching is linear.
const BEARER = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i;

export interface AuthenticateOptions {
  /**
   * Checked after the token verifies: false refuses the request (401), so disabling a user ends
   * their access before their token expires. For example a lookup of `users.disabled`.
   */
  isActive?: (principal: Principal) => Promise<boolean>;
  /**
   * Checked after the token verifies: the principal as the service's own record of the user has it
   * (role, organisation, the partner a lead signs for), which replaces the one built from the
   * token's claims; undefined refuses the request (401). For example `storedPrincipal(connection)`.
   */
  currentPrincipal?: (claimed: Principal) => Promise<Principal | undefined>;
}

/**
 * Express middleware: verifies `Authorization: Bearer <jwt>` and sets `request.principal`.
 * A missing or refused token is a 401 problem with a `WWW-Authenticate` challenge; an identity
 * provider that cannot be reached is a 503.
 */
export function authenticate(verifier: TokenVerifier, options: AuthenticateOptions = {}): RequestHandler {
  return async function authenticateBearer(request, response, next) {
    const header = request.get('authorization');
    if (header === undefined) {
      response.setHeader('WWW-Authenticate', WWW_AUTHENTICATE_CHALLENGE);
      next(new UnauthenticatedError('A bearer token is required.'));
      return;
    }
    const match = header.length <= MAX_TOKEN_LENGTH + 16 ? BEARER.exec(header) : null;
    try {
      if (!match) throw new UnauthenticatedError('The Authorization header must be "Bearer" and a token.');
      let principal: Principal | undefined = await verifier.verify(match[1]!);
      if (options.isActive && !(await options.isActive(principal))) {
        throw new UnauthenticatedError('The access token is not valid.');
      }
      if (options.currentPrincipal) principal = await options.currentPrincipal(principal);
      if (!principal) throw new UnauthenticatedError('The access token is not valid.');
      request.principal = principal;
      next();
    } catch (error) {
      if (error instanceof UnauthenticatedError) response.setHeader('WWW-Authenticate', WWW_AUTHENTICATE_INVALID_TOKEN);
      next(error);
    }
  };
}

/** The principal of an authenticated request; a route reached without `authenticate` fails closed (401). */
export function requirePrincipal(request: Request): Principal {
  if (!request.principal) throw new UnauthenticatedError('A bearer token is required.');
  return request.principal;
}
