import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { parseRequest } from '../http/validate.js';
import { CaseMessagesParamsSchema, MessageParamsSchema } from './message.schemas.js';
import type { MessageService } from './message.service.js';

/** Who may see a case's messages (its delivery log holds staff addresses): not agencies, not reviewers. */
export const MESSAGE_READ_ROLES = ['chair', 'business-unit', 'admin'] as const;
/** Who records a notice made through the Panel's portal. */
export const MESSAGE_TASK_ROLES = ['business-unit'] as const;

export function createMessageRouter(service: MessageService): Router {
  const router = Router();
  router.get('/cases/:id/messages', audited('case.messages', 'id'), allow(...MESSAGE_READ_ROLES), async (request, response) => {
    const { id } = parseRequest(CaseMessagesParamsSchema, request, 'params');
    response.setHeader('Cache-Control', 'no-store');
    response.json(await service.listForCase(requirePrincipal(request), id));
  });
  router.post(
    '/cases/:id/messages/:messageId/done',
    audited('case.message-done', 'id'),
    allow(...MESSAGE_TASK_ROLES),
    async (request, response) => {
      const { id, messageId } = parseRequest(MessageParamsSchema, request, 'params');
      response.json(await service.markDone(requirePrincipal(request), id, messageId, request.body));
    },
  );
  return router;
}
