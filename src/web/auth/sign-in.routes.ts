import type { Request, RequestHandler, Response, Router } from 'express';
import { allow, publicRoute } from '../../access/policy.js';
import { ROLES } from '../../access/roles.js';
import { NotFoundError, UnavailableError } from '../../errors/app-errors.js';
import { logger } from '../../logging/logger.js';
import { listPartnerships } from '../../partnerships/partnership.repository.js';
import { findUser, listUsers } from '../../partnerships/user.repository.js';
import { ROLE_LABELS } from '../labels.js';
import { endSession, returnToFrom, startSession } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';
import { single } from '../forms/govuk-fields.js';
import { callbackUrlOf } from './oidc.js';
import { matchIdentity, matchedUser } from './identity-match.js';

/** An OIDC request older than this is refused at the callback (start again). */
const OIDC_REQUEST_MAX_AGE_MS = 10 * 60_000;

const REFUSALS: Record<string, string> = {
  'no-email':
    'Your organisation’s sign-in did not tell us your email address. Ask your IT team to release the email claim to this service.',
  'email-unverified':
    'Your organisation’s sign-in has not confirmed your email address is verified. Ask your IT team to release a verified email claim to this service.',
  'no-user':
    'There is no account in this service for the email address you signed in with. Ask your partnership’s business unit to add you.',
  'bound-to-another-account':
    'Your email address belongs to an account that signs in with another identity at your organisation. Ask your partnership’s business unit.',
  ambiguous: 'Your email address belongs to accounts in more than one partnership. Ask your partnership’s administrator to sort this out.',
};

/**
 * Sign-in and sign-out. Production users sign in through the partnership's OpenID Connect
 * provider; with DEV_SIGN_IN=true (a developer's own machine) a page lists the seeded users to pick
 * from (404 otherwise).
 */
export function registerSignInRoutes(router: Router, context: WebContext): void {
  const { render, config, oidc, connection } = context;
  // Sign-in attempts and OpenID Connect round trips are limited per address (issue 14, finding 5).
  const signInLimit: RequestHandler[] = context.rateLimits ? [context.rateLimits.signIn] : [];
  // Explicit opt-in (DEV_SIGN_IN=true), which start-up refuses beside a real identity provider,
  // in production or off loopback (src/config/dev-sign-in.ts); production is checked here again.
  const development = config.DEV_SIGN_IN && config.NODE_ENV !== 'production';

  router.get('/sign-in', publicRoute(), (request, response) => {
    // Where to return to stays in the address until a sign-in starts: a view stores no session.
    const returnTo = returnToFrom(request.query['returnTo']);
    if (request.principal) return response.redirect(303, returnTo ?? '/my-work');
    render(request, response, 'sign-in/sign-in.njk', {
      title: 'Sign in',
      returnToQuery: returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '',
      oidcEnabled: Boolean(oidc),
      developmentSignIn: development,
      ended: request.query['ended'] === '1',
      signedOut: request.query['signedOut'] === '1',
    });
  });

  router.get('/sign-in/oidc', publicRoute(), ...signInLimit, async (request, response) => {
    if (!oidc) throw new NotFoundError('OpenID Connect sign-in is not set up.');
    let started;
    try {
      started = await oidc.start();
    } catch {
      throw new UnavailableError('The sign-in service cannot be reached.');
    }
    request.session.oidc = { state: started.state, nonce: started.nonce, codeVerifier: started.codeVerifier, startedAt: Date.now() };
    const returnTo = returnToFrom(request.query['returnTo']);
    if (returnTo) request.session.returnTo = returnTo;
    await saveSession(request);
    response.redirect(303, started.url.href);
  });

  router.get('/sign-in/oidc/callback', publicRoute(), ...signInLimit, async (request, response) => {
    if (!oidc) throw new NotFoundError('OpenID Connect sign-in is not set up.');
    const pending = request.session.oidc;
    delete request.session.oidc;
    if (typeof request.query['error'] === 'string') {
      logger.info('OpenID Connect sign-in refused by the provider', { error: String(request.query['error']).slice(0, 50) });
      return failed(request, response, 'Your organisation’s sign-in did not sign you in. Try again.');
    }
    if (!pending || Date.now() - pending.startedAt > OIDC_REQUEST_MAX_AGE_MS) {
      return failed(request, response, 'Your sign-in took too long or was started in another browser. Start again.');
    }
    let identity;
    try {
      identity = await oidc.finish(callbackUrlOf(config, request.originalUrl), pending);
    } catch (error) {
      logger.warn('OpenID Connect sign-in could not be completed', {
        error: (error as Error).name,
        code: (error as { code?: string }).code,
      });
      return failed(request, response, 'We could not check your sign-in with your organisation. Start again.');
    }
    // Matched only among the partnerships this issuer serves; the issuer is the one openid-client checked.
    const match = await matchIdentity(connection, identity, { issuer: identity.issuer, partnerships: oidc.partnerships });
    if (match.kind === 'refused') {
      logger.info('OpenID Connect identity matched no user', { reason: match.reason });
      return failed(request, response, REFUSALS[match.reason]!, 403);
    }
    const user = await matchedUser(connection, match);
    if (!user || user.disabled) return failed(request, response, REFUSALS['no-user']!, 403);
    const returnTo = await startSession(request, user, 'oidc');
    logger.info('signed in', { method: 'oidc', userId: user.id, role: user.role });
    response.redirect(303, returnTo);
  });

  async function userGroups() {
    const partnerships = await listPartnerships(connection);
    return Promise.all(
      partnerships.map(async (partnership) => ({
        id: partnership.id,
        name: partnership.name,
        users: (await listUsers(connection, partnership.id)).map((user) => ({
          value: `${partnership.id}/${user.id}`,
          text: user.name,
          hint: { text: `${ROLE_LABELS[user.role]}${user.organisationId ? `, ${user.organisationId}` : ''} (${user.id})` },
        })),
      })),
    );
  }

  router.get('/sign-in/dev', publicRoute(), async (request, response) => {
    if (!development) throw new NotFoundError('No such page.');
    render(request, response, 'sign-in/dev.njk', {
      title: 'Development sign-in',
      groups: await userGroups(),
      errors: [],
      returnTo: returnToFrom(request.query['returnTo']) ?? '',
    });
  });

  router.post('/sign-in/dev', publicRoute(), ...signInLimit, async (request, response) => {
    if (!development) throw new NotFoundError('No such page.');
    const choice = single((request.body as Record<string, string | string[]>)['user']);
    const returnTo = returnToFrom(single((request.body as Record<string, string | string[]>)['returnTo']));
    const [partnershipId, userId] = choice.split('/');
    const user = partnershipId && userId ? await findUser(connection, partnershipId, userId) : undefined;
    if (!user || user.disabled) {
      return render(
        request,
        response,
        'sign-in/dev.njk',
        {
          title: 'Development sign-in',
          groups: await userGroups(),
          errors: [{ text: 'Select a user to sign in as', href: '#user' }],
          returnTo: returnTo ?? '',
        },
        400,
      );
    }
    if (returnTo) request.session.returnTo = returnTo;
    const destination = await startSession(request, user, 'development');
    logger.info('signed in', { method: 'development', userId: user.id, role: user.role });
    response.redirect(303, destination);
  });

  router.post('/sign-out', allow(...ROLES), async (request, response) => {
    await endSession(request);
    response.clearCookie(context.sessionCookie.name, context.sessionCookie.options);
    response.redirect(303, '/sign-in?signedOut=1');
  });

  function failed(request: Request, response: Response, message: string, status = 400) {
    render(request, response, 'sign-in/failed.njk', { title: 'You could not be signed in', message, oidcEnabled: Boolean(oidc) }, status);
  }
}

function saveSession(request: Request): Promise<void> {
  return new Promise((resolve, reject) => request.session.save((error) => (error ? reject(error) : resolve())));
}
