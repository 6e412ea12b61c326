import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { parseRequest } from '../http/validate.js';
import { audited } from './audited.js';
import { AuditQuerySchema } from './audit.schemas.js';
import type { AuditService } from './audit.service.js';

/** `GET /api/audit`: administrators only. Reading the trail is itself on the trail (`audit.read`). */
export function createAuditRouter(service: AuditService): Router {
  const router = Router();
  router.get(
    '/audit',
    audited('audit.read', ({ query }) => query['caseId']),
    allow('admin'),
    async (request, response) => {
      const query = parseRequest(AuditQuerySchema, request, 'query');
      response.json(await service.list(requirePrincipal(request), query));
    },
  );
  return router;
}
