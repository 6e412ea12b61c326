import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type mongoose from 'mongoose';
import type { Config } from '../../config/config.js';
import { TooManyRequestsError } from '../../errors/app-errors.js';
import { realClock, type SystemClock } from '../../shared/system-clock.js';
import { MongoRateLimitStore } from './rate-limit.store.js';

/**
 * The rate limits (issue 14, finding 5), all counted in the database so that every instance
 * shares them (src/http/rate-limit/rate-limit.store.ts), all answering 429 with Retry-After and
 * the IETF RateLimit headers. A limit of 0 turns that limiter off.
 *
 * - `perIp`: every request from one client address (RATE_LIMIT_PER_IP per window); the address is
 *   the peer, or the client a configured proxy names (TRUST_PROXY).
 * - `perUser`: every request of one signed-in user, whatever address it comes from (RATE_LIMIT_PER_USER).
 * - `signIn`: sign-in attempts and OpenID Connect starts and callbacks per address (RATE_LIMIT_SIGN_IN_PER_IP).
 * - `strictPerIp`: calendar feeds, whose token is in the URL, per address (RATE_LIMIT_STRICT).
 * - `strictPerUser`: reports and CSV exports, which read a whole partnership, per user (RATE_LIMIT_STRICT).
 */
export interface RateLimits {
  perIp: RequestHandler;
  perUser: RequestHandler;
  signIn: RequestHandler;
  strictPerIp: RequestHandler;
  strictPerUser: RequestHandler;
  /** Stops the stores' clean-up timers. */
  close(): void;
}

export type RateLimitConfig = Pick<
  Config,
  'RATE_LIMIT_WINDOW_SECONDS' | 'RATE_LIMIT_PER_IP' | 'RATE_LIMIT_PER_USER' | 'RATE_LIMIT_SIGN_IN_PER_IP' | 'RATE_LIMIT_STRICT'
>;

const passThrough: RequestHandler = (_request, _response, next) => next();

/** The client address a limit counts: IPv6 clients by their /56, as express-rate-limit advises. */
function clientKey(request: Request): string {
  return ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}

function userKey(request: Request): string {
  return `${request.principal?.partnershipId ?? ''}/${request.principal?.userId ?? ''}`;
}

export async function createRateLimits(
  connection: mongoose.Connection,
  config: RateLimitConfig,
  clock: SystemClock = realClock,
): Promise<RateLimits> {
  const windowMs = config.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const stores: MongoRateLimitStore[] = [];

  async function limiter(name: string, limit: number, by: 'ip' | 'user'): Promise<RequestHandler> {
    if (limit === 0) return passThrough;
    const store = new MongoRateLimitStore(connection, { prefix: name, now: () => clock.now().getTime() });
    await store.ensureIndexes();
    stores.push(store);
    return rateLimit({
      windowMs,
      limit,
      identifier: name,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      store,
      keyGenerator: by === 'ip' ? clientKey : userKey,
      // A per-user limit applies once someone is signed in; until then the per-address one does.
      ...(by === 'user' ? { skip: (request: Request) => !request.principal } : {}),
      // Retry-After is already set; the one error handler of the API or the pages answers.
      handler: (_request, _response, next) => next(new TooManyRequestsError('Too many requests. Wait a little, then try again.')),
      // Forwarded headers are read only from TRUST_PROXY's proxies (src/http/app.ts), by design.
      validate: { xForwardedForHeader: false },
    });
  }

  return {
    perIp: await limiter('ip', config.RATE_LIMIT_PER_IP, 'ip'),
    perUser: await limiter('user', config.RATE_LIMIT_PER_USER, 'user'),
    signIn: await limiter('sign-in', config.RATE_LIMIT_SIGN_IN_PER_IP, 'ip'),
    strictPerIp: await limiter('strict-ip', config.RATE_LIMIT_STRICT, 'ip'),
    strictPerUser: await limiter('strict-user', config.RATE_LIMIT_STRICT, 'user'),
    close: () => stores.forEach((store) => store.shutdown()),
  };
}

/** `limiter` for the requests `applies` picks, the others straight through. */
export function limitWhen(applies: (request: Request) => boolean, limiter: RequestHandler): RequestHandler {
  return (request, response, next) => (applies(request) ? limiter(request, response, next) : next());
}

/** A CSV export (`Accept: text/csv` on a list) or a `.csv` address. */
export function isExport(request: Request): boolean {
  return request.path.endsWith('.csv') || /\btext\/csv\b/i.test(request.get('accept') ?? '');
}
