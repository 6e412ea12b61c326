import { IDEMPOTENCY_HEADER, type OperationSpec } from '../openapi/operation.js';
import { REPORT_READ_ROLES, REPORT_SIGN_ROLES, REPORT_WRITE_ROLES } from './report.routes.js';
import {
  QueryVersionSchema,
  ReportParamsSchema,
  ReportTextSchema,
  ReportVersionParamsSchema,
  ReportViewSchema,
  SendToPanelSchema,
  SignOffVersionSchema,
} from './report.schemas.js';

const TAG = 'Rapid review report';
const ERRORS = [400, 401, 403, 404, 409, 415, 422, 503];
const view = (description: string) => ({ description, schema: ReportViewSchema });

/** The rapid review report's operations. */
export const reportOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/cases/:caseId/rapid-review-report',
    summary:
      'A case\'s rapid review report: its text, every version with who signed it ("2 of 3 signed") or queried it, and the version sent to the Panel',
    tag: TAG,
    auth: 'bearer',
    roles: REPORT_READ_ROLES,
    params: ReportParamsSchema,
    responses: { 200: view('The report (no versions yet: an empty list).') },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'put',
    path: '/cases/:caseId/rapid-review-report/text',
    summary: "Write the business unit's parts of the report: analysis, immediate safety actions, learning",
    tag: TAG,
    auth: 'bearer',
    roles: REPORT_WRITE_ROLES,
    params: ReportParamsSchema,
    body: ReportTextSchema,
    responses: { 200: view('The report.') },
    errors: ERRORS,
  },
  {
    method: 'post',
    path: '/cases/:caseId/rapid-review-report/versions',
    summary: 'Generate the next version of the report as a Word document (DOCX) from the record',
    description:
      "The incident and the children (age band, sex, legal status; never a name), agencies' involvement (the agency returns' summaries), the rapid review meeting, the analysis, the decision against the criteria with reasons, immediate safety actions and learning. Stored as the next version of the case's `rapid-review-report` document (download it from /api/documents/{documentId}/content?version=n). Needs the decision recorded (422 report-needs-decision).",
    tag: TAG,
    auth: 'bearer',
    roles: REPORT_WRITE_ROLES,
    headers: IDEMPOTENCY_HEADER,
    params: ReportParamsSchema,
    responses: { 201: view('The report with the new version.') },
    errors: ERRORS,
  },
  {
    method: 'post',
    path: '/cases/:caseId/rapid-review-report/versions/:version/sign-off',
    summary: "A partner lead signs off a specific version (with the date); also records the partner's sign-off of the decision on the case",
    description: 'Only the latest version, not queried, once per partner (422 with a rule otherwise).',
    tag: TAG,
    auth: 'bearer',
    roles: REPORT_SIGN_ROLES,
    params: ReportVersionParamsSchema,
    body: SignOffVersionSchema,
    responses: { 200: view('The report.') },
    errors: ERRORS,
  },
  {
    method: 'post',
    path: '/cases/:caseId/rapid-review-report/versions/:version/query',
    summary: 'A partner lead queries a version with a comment: it goes back to the business unit and can no longer be signed or sent',
    tag: TAG,
    auth: 'bearer',
    roles: REPORT_SIGN_ROLES,
    params: ReportVersionParamsSchema,
    body: QueryVersionSchema,
    responses: { 200: view('The report.') },
    errors: ERRORS,
  },
  {
    method: 'post',
    path: '/cases/:caseId/rapid-review-report/submission',
    summary:
      "Send a version to the Panel: only the latest version, signed by all three partners; records the case's rapid-review.submitted",
    description:
      'A version not signed by all three is 422 report-not-signed-by-all-partners (with `missing`); a superseded or queried version 422; the case refusing the submission 409.',
    tag: TAG,
    auth: 'bearer',
    roles: REPORT_WRITE_ROLES,
    params: ReportParamsSchema,
    body: SendToPanelSchema,
    responses: { 200: view('The report, with the version sent.') },
    errors: ERRORS,
  },
];
