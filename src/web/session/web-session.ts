import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type mongoose from 'mongoose';
import { type Config, ConfigError } from '../../config/config.js';
import { ForbiddenError } from '../../errors/app-errors.js';
import { logger } from '../../logging/logger.js';
import { type User, principalForUser } from '../../partnerships/user.model.js';
import { findUser } from '../../partnerships/user.repository.js';
import type { MongoSessionStore } from './session.store.js';

declare module 'express-session' {
  interface SessionData {
    userId?: string;
    partnershipId?: string;
    /** Epoch milliseconds of sign-in, for the absolute expiry. */
    signedInAt?: number;
    /** How the user signed in: `oidc` or `development`. */
    method?: 'oidc' | 'development';
    csrfToken?: string;
    /** One message shown on the next page (a GOV.UK notification banner). */
    flash?: { kind: 'success' | 'important'; title?: string; text: string };
    /** Where to go after signing in. */
    returnTo?: string;
    /** The OpenID Connect request in flight (state, nonce, PKCE verifier). */
    oidc?: { state: string; nonce: string; codeVerifier: string; startedAt: number };
  }
}

/** A refused form post: no or the wrong CSRF token. */
export class CsrfError extends ForbiddenError {}

export const SESSION_COOKIE = 'sre.sid';
/** In production the cookie carries the `__Host-` prefix: Secure, path /, no Domain, so no subdomain can set it. */
export const SECURE_SESSION_COOKIE = '__Host-sre.sid';

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
  secure: boolean;
}

export function sessionSettings(config: Config): SessionSettings {
  return {
    idleMs: config.SESSION_IDLE_MINUTES * 60_000,
    absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
    secure: config.NODE_ENV === 'production',
  };
}

/** The secret that signs the cookie: SESSION_SECRET, required in production; a random one per process otherwise. */
export function sessionSecret(config: Config): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  if (config.NODE_ENV === 'production') {
    throw new ConfigError('SESSION_SECRET is required when NODE_ENV=production (at least 32 random characters; keep it secret).');
  }
  if (config.NODE_ENV === 'development') logger.warn('SESSION_SECRET is not set: web sessions end when the service restarts');
  return randomBytes(32).toString('base64url');
}

/**
 * express-session with the database store: http-only, SameSite=Lax, Secure (and `__Host-`) in
 * production; the cookie's life is the idle timeout and is renewed on each request (rolling).
 */
export function sessionMiddleware(config: Config, store: MongoSessionStore): RequestHandler {
  const settings = sessionSettings(config);
  return session({
    name: settings.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
    secret: sessionSecret(config),
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    unset: 'destroy',
    // With TRUST_PROXY, X-Forwarded-Proto counts only from those proxies (Express's trust proxy).
    proxy: config.TRUST_PROXY.length > 0 ? undefined : config.WEB_TRUST_PROXY,
    cookie: { httpOnly: true, sameSite: 'lax', secure: settings.secure, maxAge: settings.idleMs, path: '/' },
  });
}

export interface SignedInUser {
  user: User;
}

/**
 * Turns the session into the request's principal on every request: a session past its absolute
 * expiry, or whose user is gone, disabled or no longer in the same partnership, is ended here, so
 * a disabled user loses their session on their next request.
 */
export function loadSignedInUser(connection: mongoose.Connection, settings: SessionSettings, now: () => number = Date.now): RequestHandler {
  return async (request, response, next) => {
    const data = request.session;
    if (!data?.userId || !data.partnershipId) return next();
    const expired = !data.signedInAt || now() - data.signedInAt > settings.absoluteMs;
    const user = expired ? undefined : await findUser(connection, data.partnershipId, data.userId);
    if (!user || user.disabled) {
      logger.info('web session ended', { reason: expired ? 'absolute-expiry' : user ? 'user-disabled' : 'user-unknown' });
      await replaceSession(request);
      response.locals['sessionEnded'] = true;
      return next();
    }
    request.principal = principalForUser(user);
    response.locals['user'] = {
      id: user.id,
      name: user.name,
      role: user.role,
      partnershipId: user.partnershipId,
      organisationId: user.organisationId,
    };
    next();
  };
}

/** Destroys the session (and its stored copy); resolves even if the store fails. */
export function endSession(request: Request): Promise<void> {
  return new Promise((resolve) => {
    if (!request.session) return resolve();
    request.session.destroy((error) => {
      if (error) logger.warn('web session could not be destroyed', { error: (error as Error).name });
      resolve();
    });
  });
}

/** Ends the signed-in session and gives the request a fresh, anonymous one (which can remember where to return). */
export function replaceSession(request: Request): Promise<void> {
  return new Promise((resolve) => {
    if (!request.session) return resolve();
    request.session.regenerate((error) => {
      if (error) logger.warn('web session could not be replaced', { error: (error as Error).name });
      resolve();
    });
  });
}

/** Starts a fresh session for a signed-in user (a new id, so a session fixed before sign-in is useless). */
export function startSession(request: Request, user: User, method: 'oidc' | 'development', now: () => number = Date.now): Promise<string> {
  const returnTo = safeReturnTo(request.session?.returnTo);
  return new Promise((resolve, reject) => {
    request.session.regenerate((error) => {
      if (error) return reject(error);
      request.session.userId = user.id;
      request.session.partnershipId = user.partnershipId;
      request.session.signedInAt = now();
      request.session.method = method;
      request.session.csrfToken = randomBytes(32).toString('base64url');
      request.session.save((saveError) => (saveError ? reject(saveError) : resolve(returnTo)));
    });
  });
}

/** The sign-in page, carrying where to return to afterwards (no session is needed to remember it). */
export function signInAddress(returnTo: string): string {
  const safe = safeReturnTo(returnTo);
  return safe === '/my-work' ? '/sign-in' : `/sign-in?returnTo=${encodeURIComponent(safe)}`;
}

/** The `returnTo` a sign-in page or form carries, safe to redirect to; undefined when there is none. */
export function returnToFrom(value: unknown): string | undefined {
  const safe = safeReturnTo(value);
  return typeof value === 'string' && safe === value ? safe : undefined;
}

/** Only a path on this site (never `//host` or an absolute address) may be returned to. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.length > 500)
    return '/my-work';
  if (value.startsWith('/sign-in') || value.startsWith('/sign-out')) return '/my-work';
  return value;
}

/** The session's CSRF token, made on first use (synchronizer token pattern). */
export function csrfTokenOf(request: Request): string {
  if (!request.session) throw new Error('no session');
  request.session.csrfToken ??= randomBytes(32).toString('base64url');
  return request.session.csrfToken;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Constant-time comparison of two strings of any length or characters. Comparing the SHA-256 of
 * each gives timingSafeEqual two buffers of one length: a value with as many characters but more
 * bytes (any non-ASCII character) used to make it throw, a 500 (issue 14, finding 7).
 */
export function sameSecret(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

/**
 * The refusal of an unsafe request whose form (already in `request.body`) does not carry the
 * session's CSRF token (`_csrf`); undefined when it may go on. Upload pages call it once they have
 * read their multipart form; every other form goes through `verifyCsrf`.
 */
export function csrfErrorOf(request: Request): CsrfError | undefined {
  if (SAFE_METHODS.has(request.method)) return undefined;
  const expected = request.session?.csrfToken;
  const sent = (request.body as Record<string, unknown> | undefined)?.['_csrf'];
  if (typeof expected === 'string' && typeof sent === 'string' && sameSecret(sent, expected)) return undefined;
  return new CsrfError('The form could not be checked. It may have been open for too long. Go back, reload the page and try again.');
}

/** Refuses any unsafe request whose form does not carry the session's CSRF token (`_csrf`). */
export const verifyCsrf: RequestHandler = (request, _response, next) => next(csrfErrorOf(request));

/** Takes the one-off message to show on this page. */
export function takeFlash(request: Request) {
  const flash = request.session?.flash;
  if (flash) delete request.session.flash;
  return flash;
}

/**
 * Saves the session, then redirects. express-session sends a response's headers before its own
 * save completes, so a browser following a redirect could otherwise read the session before the
 * change (a flash message, a return address) is stored.
 */
export function redirectAfterSave(request: Request, response: Response, location: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!request.session) {
      response.redirect(303, location);
      return resolve();
    }
    request.session.save((error) => {
      if (error) return reject(error);
      response.redirect(303, location);
      resolve();
    });
  });
}
