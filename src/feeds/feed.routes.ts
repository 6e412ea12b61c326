import { type RequestHandler, type Response, Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow, publicRoute } from '../access/policy.js';
import { ROLES } from '../access/roles.js';
import { audited } from '../audit/audited.js';
import { CaseIdParamsSchema } from '../cases/case.schemas.js';
import { parseRequest } from '../http/validate.js';
import { z } from 'zod';
import type { FeedTokenService } from './feed-token.service.js';
import { FeedTokenIdParamsSchema, FeedTokenListQuerySchema } from './feed-token.service.js';
import type { FeedService } from './feed.service.js';

const ICALENDAR = 'text/calendar; charset=utf-8';

/** A feed's only query parameter: the feed token (checked by the token service). */
export const FeedQuerySchema = z.object({ token: z.string().min(1).max(200) }).strict();

function sendCalendar(response: Response, body: string, filename: string): void {
  response.setHeader('Content-Type', ICALENDAR);
  response.setHeader('Content-Disposition', `inline; filename="${filename}"`);
  // The URL holds a secret: nothing between here and the calendar client may keep a copy.
  response.setHeader('Cache-Control', 'private, no-store');
  response.status(200).send(body);
}

/**
 * The calendar feeds. Mounted BEFORE the bearer-authenticated router: calendar clients (Outlook,
 * Google, Apple) cannot send an Authorization header, so these routes are tagged `publicRoute()`
 * for the route-policy audit, and each handler authenticates the request itself with the feed
 * token in `?token=` (feedTokens.principalFor: unknown, malformed or revoked token, or a disabled
 * user → 401), then applies the same object-level rules as the case API (a case the user may
 * not see → 404).
 *
 * With the access audit recorder (src/audit), every feed request leaves one audit row, refused
 * ones included: the recorder and `audited(...)` run on these two routes only, and the handler
 * sets `request.principal` from the token so the row names the user.
 */
export function createFeedRouter(feeds: FeedService, feedTokens: FeedTokenService, auditRecorder?: RequestHandler): Router {
  const router = Router();
  const audit = (action: string, resourceIdFrom?: string): RequestHandler[] =>
    auditRecorder ? [auditRecorder, audited(action, resourceIdFrom)] : [];

  router.get('/deadlines.ics', ...audit('deadlines.feed'), publicRoute(), async (request, response) => {
    const principal = await feedTokens.principalFor(request.query['token']);
    request.principal = principal;
    parseRequest(FeedQuerySchema, request, 'query');
    sendCalendar(response, await feeds.partnershipFeed(principal), 'deadlines.ics');
  });

  router.get('/cases/:id/deadlines.ics', ...audit('case.feed', 'id'), publicRoute(), async (request, response) => {
    const principal = await feedTokens.principalFor(request.query['token']);
    request.principal = principal;
    parseRequest(FeedQuerySchema, request, 'query');
    const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
    sendCalendar(response, await feeds.caseFeed(principal, id), `case-${id}-deadlines.ics`);
  });

  return router;
}

/**
 * Managing one's own feed tokens, behind bearer authentication (and the audit recorder, which
 * the authenticated router runs first: making or revoking a credential leaves a row).
 */
export function createFeedTokenRouter(feedTokens: FeedTokenService): Router {
  const router = Router();
  const anyone = allow(...ROLES);

  router.post('/feed-tokens', audited('feed-token.create'), anyone, async (request, response) => {
    const created = await feedTokens.create(requirePrincipal(request), request.body);
    response.setHeader('Cache-Control', 'no-store');
    response.status(201).location(`/api/feed-tokens/${created.id}`).json(created);
  });

  router.get('/feed-tokens', audited('feed-token.list'), anyone, async (request, response) => {
    response.json(await feedTokens.list(requirePrincipal(request), parseRequest(FeedTokenListQuerySchema, request, 'query')));
  });

  router.delete('/feed-tokens/:id', audited('feed-token.revoke', 'id'), anyone, async (request, response) => {
    const { id } = parseRequest(FeedTokenIdParamsSchema, request, 'params');
    await feedTokens.revoke(requirePrincipal(request), id);
    response.status(204).end();
  });

  return router;
}
