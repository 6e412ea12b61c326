import { type Request, type Response, Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { HttpStatusError } from '../http/problem.js';
import { parseRequest } from '../http/validate.js';
import { idempotencyKey, ifMatchVersion, markReplay, setVersionTag } from '../http/write-headers.js';
import { CSV_CONTENT_TYPE, csvAttachment } from '../shared/csv.js';
import { PLAN_ROLES, READ_ROLES, UPDATE_ROLES } from './action.access.js';
import { ActionListQuerySchema, IdParamsSchema, RecommendationListQuerySchema } from './action.schemas.js';
import type { ActionService } from './action.service.js';
import type { RecommendationService } from './recommendation.service.js';

/**
 * The list endpoints answer JSON, or CSV for `Accept: text/csv`; anything else acceptable to
 * neither is a 406.
 */
function wantsCsv(request: Request, response: Response): boolean {
  response.vary('Accept');
  const type = request.accepts(['application/json', 'text/csv']);
  if (type === false) throw new HttpStatusError(406, 'Not acceptable', 'This list is available as application/json or text/csv.');
  return type === 'text/csv';
}

function sendCsv(response: Response, name: string, csv: string): void {
  response.setHeader('Content-Type', CSV_CONTENT_TYPE);
  response.setHeader('Content-Disposition', csvAttachment(name));
  response.setHeader('Cache-Control', 'no-store');
  response.status(200).send(csv);
}

/**
 * Thin routes: parse, call one service function, respond. Authentication runs before these; each
 * route is tagged for the access audit trail (`audited`, first) and with its role policy (`allow`).
 * A CSV export is recorded as the list action it is (`action.list`, `recommendation.list`).
 */
export function createActionRouter(recommendations: RecommendationService, actions: ActionService, today: () => string): Router {
  const router = Router();
  const readers = allow(...READ_ROLES);
  const planners = allow(...PLAN_ROLES);
  const updaters = allow(...UPDATE_ROLES);

  router.get('/recommendations', audited('recommendation.list'), readers, async (request, response) => {
    const query = parseRequest(RecommendationListQuerySchema, request, 'query');
    if (wantsCsv(request, response)) {
      const { csv } = await recommendations.exportCsv(requirePrincipal(request), query);
      sendCsv(response, `recommendations-${today()}`, csv);
      return;
    }
    response.json(await recommendations.list(requirePrincipal(request), query));
  });

  router.post('/recommendations', audited('recommendation.create'), planners, async (request, response) => {
    const result = await recommendations.create(requirePrincipal(request), request.body, { idempotencyKey: idempotencyKey(request) });
    setVersionTag(response, result.recommendation.version);
    markReplay(response, result.replayed);
    response.status(201).location(`/api/recommendations/${result.recommendation.id}`).json(result.recommendation);
  });

  router.get('/recommendations/:id', audited('recommendation.read', 'id'), readers, async (request, response) => {
    const { id } = parseRequest(IdParamsSchema, request, 'params');
    const view = await recommendations.get(requirePrincipal(request), id);
    setVersionTag(response, view.version);
    response.json(view);
  });

  router.get('/actions', audited('action.list'), readers, async (request, response) => {
    const query = parseRequest(ActionListQuerySchema, request, 'query');
    if (wantsCsv(request, response)) {
      const { csv } = await actions.exportCsv(requirePrincipal(request), query);
      sendCsv(response, `actions-${today()}`, csv);
      return;
    }
    response.json(await actions.list(requirePrincipal(request), query));
  });

  router.post('/actions', audited('action.create'), planners, async (request, response) => {
    const result = await actions.create(requirePrincipal(request), request.body, { idempotencyKey: idempotencyKey(request) });
    setVersionTag(response, result.action.version);
    markReplay(response, result.replayed);
    response.status(201).location(`/api/actions/${result.action.id}`).json(result.action);
  });

  router.get('/actions/:id', audited('action.read', 'id'), readers, async (request, response) => {
    const { id } = parseRequest(IdParamsSchema, request, 'params');
    const view = await actions.get(requirePrincipal(request), id);
    setVersionTag(response, view.version);
    response.json(view);
  });

  router.patch('/actions/:id', audited('action.update', 'id'), updaters, async (request, response) => {
    const { id } = parseRequest(IdParamsSchema, request, 'params');
    const result = await actions.update(requirePrincipal(request), id, request.body, {
      ifMatch: ifMatchVersion(request),
      idempotencyKey: idempotencyKey(request),
    });
    setVersionTag(response, result.action.version);
    markReplay(response, result.replayed);
    response.json(result.action);
  });

  router.post('/actions/:id/events', audited('action.event', 'id'), updaters, async (request, response) => {
    const { id } = parseRequest(IdParamsSchema, request, 'params');
    const result = await actions.applyEvent(requirePrincipal(request), id, request.body, {
      ifMatch: ifMatchVersion(request),
      idempotencyKey: idempotencyKey(request),
    });
    setVersionTag(response, result.action.version);
    markReplay(response, result.replayed);
    response.json(result);
  });

  router.get('/actions/:id/history', audited('action.history', 'id'), readers, async (request, response) => {
    const { id } = parseRequest(IdParamsSchema, request, 'params');
    response.json(await actions.history(requirePrincipal(request), id));
  });

  return router;
}
