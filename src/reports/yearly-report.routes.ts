import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { HttpStatusError } from '../http/problem.js';
import { parseRequest } from '../http/validate.js';
import { CSV_CONTENT_TYPE, csvAttachment } from '../shared/csv.js';
import { yearlyReportCsv } from './yearly-report.csv.js';
import { PublishYearlyReportSchema, YearlyReportQuerySchema } from './yearly-report.schemas.js';
import type { YearlyReportService } from './yearly-report.service.js';

/** Who may read the yearly report (not agency users, not reviewers). */
export const REPORT_ROLES = ['chair', 'business-unit', 'partner-lead', 'viewer', 'admin'] as const;
/** Who may publish (freeze) a year's report, recording who approved it. */
export const PUBLISH_ROLES = ['chair', 'business-unit'] as const;

/** `GET /api/reports/yearly?year=2024`: JSON, or CSV with `Accept: text/csv`. */
export function createReportRouter(service: YearlyReportService): Router {
  const router = Router();
  router.get(
    '/reports/yearly',
    audited('report.read', ({ query }) => (typeof query['year'] === 'string' ? `yearly:${query['year']}` : undefined)),
    allow(...REPORT_ROLES),
    async (request, response) => {
      const { year, asRecordedAt } = parseRequest(YearlyReportQuerySchema, request, 'query');
      response.vary('Accept');
      const type = request.accepts(['application/json', 'text/csv']);
      if (type === false)
        throw new HttpStatusError(406, 'Not acceptable', 'The yearly report is available as application/json or text/csv.');
      const report = await service.yearly(requirePrincipal(request), year, asRecordedAt === undefined ? {} : { asRecordedAt });
      response.setHeader('Cache-Control', 'no-store');
      if (type === 'text/csv') {
        response.setHeader('Content-Type', CSV_CONTENT_TYPE);
        response.setHeader('Content-Disposition', csvAttachment(`yearly-report-${report.partnershipId}-${year}`));
        response.status(200).send(yearlyReportCsv(report.figures));
        return;
      }
      response.json(report);
    },
  );
  router.post('/reports/yearly/publications', audited('report.publish'), allow(...PUBLISH_ROLES), async (request, response) => {
    const input = parseRequest(PublishYearlyReportSchema, request, 'body');
    const report = await service.publish(requirePrincipal(request), input);
    response.setHeader('Cache-Control', 'no-store');
    response.status(201).location(`/api/reports/yearly?year=${input.year}`).json(report);
  });
  return router;
}
