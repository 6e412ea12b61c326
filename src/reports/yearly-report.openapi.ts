import type { OperationSpec } from '../openapi/operation.js';
import { PublishYearlyReportSchema, YearlyReportQuerySchema, YearlyReportResponseSchema } from './yearly-report.schemas.js';

export const reportOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/reports/yearly',
    summary: 'The yearly report: every figure of the reporting year, each linked to the cases or actions it counts',
    description: 'Send Accept: text/csv for one row per figure (figure, value, references).',
    tag: 'Reports',
    auth: 'bearer',
    roles: ['chair', 'business-unit', 'partner-lead', 'viewer', 'admin'],
    query: YearlyReportQuerySchema,
    responses: {
      200: { description: 'The report (JSON, or CSV with Accept: text/csv).', schema: YearlyReportResponseSchema },
    },
    errors: [400, 401, 403, 406, 422, 503],
  },
  {
    method: 'post',
    path: '/reports/yearly/publications',
    summary: 'Publish a reporting year’s report: its figures frozen with who approved it and when',
    description:
      'Once the year has ended. Afterwards GET /reports/yearly gives the frozen figures and lists, as recordedAfterPublication, every figure that entries recorded since would change; asRecordedAt still reproduces any instant.',
    tag: 'Reports',
    auth: 'bearer',
    roles: ['chair', 'business-unit'],
    body: PublishYearlyReportSchema,
    responses: {
      201: { description: 'The published report.', schema: YearlyReportResponseSchema },
    },
    errors: [400, 401, 403, 409, 422, 503],
  },
];
