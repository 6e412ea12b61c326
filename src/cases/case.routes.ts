import { Router } from 'express';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { requirePrincipal } from '../access/authenticate.js';
import { ROLES } from '../access/roles.js';
import { parseRequest } from '../http/validate.js';
import { idempotencyKey, ifMatchVersion, markReplay, setVersionTag } from '../http/write-headers.js';
import { CaseIdParamsSchema, CaseListQuerySchema, DeadlineQuerySchema } from './case.schemas.js';
import type { CaseService } from './case.service.js';
import type { DeadlineService } from './deadline.service.js';

/** Thin routes: parse, call one service function, respond. Authentication runs before these. */
export function createCaseRouter(cases: CaseService, deadlines: DeadlineService): Router {
  const router = Router();
  const anyone = allow(...ROLES);

  router.post('/cases', audited('case.open'), allow('chair', 'business-unit', 'agency'), async (request, response) => {
    const result = await cases.open(requirePrincipal(request), request.body, { idempotencyKey: idempotencyKey(request) });
    setVersionTag(response, result.case.version);
    markReplay(response, result.replayed);
    response.status(201).location(`/api/cases/${result.case.id}`).json(result.case);
  });

  router.get('/cases', audited('case.list'), anyone, async (request, response) => {
    const query = parseRequest(CaseListQuerySchema, request, 'query');
    response.json(await cases.list(requirePrincipal(request), query));
  });

  router.get('/cases/:id', audited('case.read', 'id'), anyone, async (request, response) => {
    const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
    const view = await cases.get(requirePrincipal(request), id);
    setVersionTag(response, view.version);
    response.json(view);
  });

  router.get('/cases/:id/history', audited('case.history', 'id'), anyone, async (request, response) => {
    const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
    response.json(await cases.history(requirePrincipal(request), id));
  });

  router.get('/cases/:id/verification', audited('case.verify', 'id'), allow('admin'), async (request, response) => {
    const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
    response.json(await cases.verify(requirePrincipal(request), id));
  });

  router.post('/cases/:id/migration', audited('case.migrate', 'id'), allow('admin'), async (request, response) => {
    const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
    const result = await cases.migrate(requirePrincipal(request), id, request.body, { ifMatch: ifMatchVersion(request) });
    setVersionTag(response, result.case.version);
    response.json(result);
  });

  router.post(
    '/cases/:id/events',
    audited('case.event', 'id'),
    allow('chair', 'business-unit', 'partner-lead', 'agency', 'reviewer', 'admin'),
    async (request, response) => {
      const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
      const result = await cases.applyEvent(requirePrincipal(request), id, request.body, {
        ifMatch: ifMatchVersion(request),
        idempotencyKey: idempotencyKey(request),
      });
      setVersionTag(response, result.case.version);
      markReplay(response, result.replayed);
      response.json(result);
    },
  );

  router.get(
    '/deadlines',
    audited('deadlines.read'),
    allow('chair', 'business-unit', 'partner-lead', 'viewer', 'admin'),
    async (request, response) => {
      const query = parseRequest(DeadlineQuerySchema, request, 'query');
      response.json(await deadlines.dashboard(requirePrincipal(request), query));
    },
  );

  return router;
}
