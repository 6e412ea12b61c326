import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { parseRequest } from '../http/validate.js';
import { idempotencyKey, ifMatchVersion, markReplay, setVersionTag } from '../http/write-headers.js';
import { CaseIdParamsSchema, RequestIdParamsSchema } from './information.schemas.js';
import type { InformationService } from './information.service.js';

/** Who sees a case's requests and returns side by side. */
export const INFORMATION_STAFF_ROLES = ['chair', 'business-unit', 'admin'] as const;
/** Who may edit the partnership's questions and what is shared. */
export const TEMPLATE_EDIT_ROLES = ['business-unit', 'admin'] as const;

/** Thin routes: parse, call one service function, respond. */
export function createInformationRouter(service: InformationService): Router {
  const router = Router();
  const staff = allow(...INFORMATION_STAFF_ROLES);

  router.get('/information/template', audited('information.template'), staff, async (request, response) => {
    const template = await service.template(requirePrincipal(request));
    setVersionTag(response, template.version);
    response.json(template);
  });

  router.put('/information/template', audited('information.template-edit'), allow(...TEMPLATE_EDIT_ROLES), async (request, response) => {
    const template = await service.updateTemplate(requirePrincipal(request), request.body, ifMatchVersion(request));
    setVersionTag(response, template.version);
    response.json(template);
  });

  router.get('/cases/:id/information', audited('case.information', 'id'), staff, async (request, response) => {
    const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
    response.setHeader('Cache-Control', 'no-store');
    response.json(await service.caseInformation(requirePrincipal(request), id));
  });

  router.post(
    '/cases/:id/information-requests',
    audited('case.information-ask', 'id'),
    allow('business-unit'),
    async (request, response) => {
      const { id } = parseRequest(CaseIdParamsSchema, request, 'params');
      const result = await service.ask(requirePrincipal(request), id, request.body, {
        ifMatch: ifMatchVersion(request),
        idempotencyKey: idempotencyKey(request),
      });
      markReplay(response, result.replayed);
      response.status(result.replayed ? 200 : 201).json(result.information);
    },
  );

  router.get('/information-requests', audited('information.list'), allow('agency'), async (request, response) => {
    response.setHeader('Cache-Control', 'no-store');
    response.json(await service.myRequests(requirePrincipal(request)));
  });

  router.get(
    '/information-requests/:requestId',
    audited('information.read', 'requestId'),
    allow('agency', ...INFORMATION_STAFF_ROLES),
    async (request, response) => {
      const { requestId } = parseRequest(RequestIdParamsSchema, request, 'params');
      const view = await service.request(requirePrincipal(request), requestId);
      setVersionTag(response, view.revision);
      response.setHeader('Cache-Control', 'no-store');
      response.json(view);
    },
  );

  router.put(
    '/information-requests/:requestId/return',
    audited('information.save', 'requestId'),
    allow('agency'),
    async (request, response) => {
      const { requestId } = parseRequest(RequestIdParamsSchema, request, 'params');
      const view = await service.saveDraft(requirePrincipal(request), requestId, request.body, ifMatchVersion(request));
      setVersionTag(response, view.revision);
      response.json(view);
    },
  );

  router.post(
    '/information-requests/:requestId/return/submit',
    audited('information.submit', 'requestId'),
    allow('agency'),
    async (request, response) => {
      const { requestId } = parseRequest(RequestIdParamsSchema, request, 'params');
      const view = await service.submit(requirePrincipal(request), requestId, ifMatchVersion(request));
      setVersionTag(response, view.revision);
      response.json(view);
    },
  );

  router.post(
    '/information-requests/:requestId/return/reopen',
    audited('information.reopen', 'requestId'),
    allow('business-unit'),
    async (request, response) => {
      const { requestId } = parseRequest(RequestIdParamsSchema, request, 'params');
      const view = await service.reopen(requirePrincipal(request), requestId, ifMatchVersion(request));
      setVersionTag(response, view.revision);
      response.json(view);
    },
  );

  return router;
}
