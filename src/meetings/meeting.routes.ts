import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { parseRequest } from '../http/validate.js';
import { idempotencyKey, markReplay } from '../http/write-headers.js';
import { CaseMeetingsParamsSchema, MeetingParamsSchema } from './meeting.schemas.js';
import { MEETING_READ_ROLES, MEETING_WRITE_ROLES, type MeetingService } from './meeting.service.js';

/** Thin routes, on the access audit trail. Agencies do not see the partnership's meetings. */
export function createMeetingRouter(service: MeetingService): Router {
  const router = Router();
  router.get('/cases/:caseId/meetings', audited('meeting.list', 'caseId'), allow(...MEETING_READ_ROLES), async (request, response) => {
    const { caseId } = parseRequest(CaseMeetingsParamsSchema, request, 'params');
    response.json(await service.listForCase(requirePrincipal(request), caseId));
  });
  router.post('/cases/:caseId/meetings', audited('meeting.record'), allow(...MEETING_WRITE_ROLES), async (request, response) => {
    const { caseId } = parseRequest(CaseMeetingsParamsSchema, request, 'params');
    const result = await service.record(requirePrincipal(request), caseId, request.body, idempotencyKey(request));
    markReplay(response, result.replayed);
    response.status(201).location(`/api/meetings/${result.meeting.id}`).json(result.meeting);
  });
  router.get('/meetings/:id', audited('meeting.read', 'id'), allow(...MEETING_READ_ROLES), async (request, response) => {
    const { id } = parseRequest(MeetingParamsSchema, request, 'params');
    response.json(await service.get(requirePrincipal(request), id));
  });
  return router;
}
