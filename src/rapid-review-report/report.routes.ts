import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import type { Role } from '../access/roles.js';
import { audited } from '../audit/audited.js';
import { parseRequest } from '../http/validate.js';
import { idempotencyKey, markReplay } from '../http/write-headers.js';
import { ReportParamsSchema, ReportVersionParamsSchema } from './report.schemas.js';
import type { ReportService } from './report.service.js';

export const REPORT_READ_ROLES: readonly Role[] = ['chair', 'business-unit', 'partner-lead', 'viewer'];
export const REPORT_WRITE_ROLES: readonly Role[] = ['chair', 'business-unit'];
export const REPORT_SIGN_ROLES: readonly Role[] = ['partner-lead'];

/** Thin routes, each on the access audit trail under the case it concerns. */
export function createReportRouter(service: ReportService): Router {
  const router = Router();
  const base = '/cases/:caseId/rapid-review-report';

  router.get(base, audited('rapid-review-report.read', 'caseId'), allow(...REPORT_READ_ROLES), async (request, response) => {
    const { caseId } = parseRequest(ReportParamsSchema, request, 'params');
    response.json(await service.get(requirePrincipal(request), caseId));
  });

  router.put(`${base}/text`, audited('rapid-review-report.write', 'caseId'), allow(...REPORT_WRITE_ROLES), async (request, response) => {
    const { caseId } = parseRequest(ReportParamsSchema, request, 'params');
    response.json(await service.setText(requirePrincipal(request), caseId, request.body));
  });

  router.post(
    `${base}/versions`,
    audited('rapid-review-report.generate', 'caseId'),
    allow(...REPORT_WRITE_ROLES),
    async (request, response) => {
      const { caseId } = parseRequest(ReportParamsSchema, request, 'params');
      const result = await service.generate(requirePrincipal(request), caseId, idempotencyKey(request));
      markReplay(response, result.replayed);
      response.status(201).json(result.report);
    },
  );

  router.post(
    `${base}/versions/:version/sign-off`,
    audited('rapid-review-report.sign-off', 'caseId'),
    allow(...REPORT_SIGN_ROLES),
    async (request, response) => {
      const { caseId, version } = parseRequest(ReportVersionParamsSchema, request, 'params');
      response.json(await service.signOff(requirePrincipal(request), caseId, version, request.body ?? {}));
    },
  );

  router.post(
    `${base}/versions/:version/query`,
    audited('rapid-review-report.query', 'caseId'),
    allow(...REPORT_SIGN_ROLES),
    async (request, response) => {
      const { caseId, version } = parseRequest(ReportVersionParamsSchema, request, 'params');
      response.json(await service.query(requirePrincipal(request), caseId, version, request.body));
    },
  );

  router.post(
    `${base}/submission`,
    audited('rapid-review-report.send', 'caseId'),
    allow(...REPORT_WRITE_ROLES),
    async (request, response) => {
      const { caseId } = parseRequest(ReportParamsSchema, request, 'params');
      response.json(await service.sendToPanel(requirePrincipal(request), caseId, request.body));
    },
  );

  return router;
}
