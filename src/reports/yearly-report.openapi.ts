import type { OperationSpec } from '../openapi/operation.js';
import { YearlyReportQuerySchema, YearlyReportResponseSchema } from './yearly-report.schemas.js';

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
];
