import { caseOperations } from './cases/case.openapi.js';
import { clockOperations } from './clocks/clocks.openapi.js';
import { lifecycleOperations } from './lifecycle/lifecycle.openapi.js';
import { feedOperations } from './feeds/feed.openapi.js';
import { actionOperations } from './actions/action.openapi.js';
import { auditOperations } from './audit/audit.openapi.js';
import { reportOperations } from './reports/yearly-report.openapi.js';
import { adminOperations } from './partnerships/admin.openapi.js';
import { importOperations } from './imports/case-import.openapi.js';
import { documentOperations } from './documents/document.openapi.js';
import { meetingOperations } from './meetings/meeting.openapi.js';
import { reportOperations as rapidReviewReportOperations } from './rapid-review-report/report.openapi.js';
import { messageOperations } from './messages/message.openapi.js';
import { informationOperations } from './information/information.openapi.js';
import { documentationOperations } from './openapi/openapi.openapi.js';
import type { OperationSpec } from './openapi/operation.js';

/**
 * Every component's operations, gathered here at the top (beside src/api.ts, which mounts their
 * routers) so the OpenAPI component imports no component. A test checks that each mounted /api
 * route is listed here.
 */
export const ALL_OPERATIONS: readonly OperationSpec[] = [
  ...clockOperations,
  ...lifecycleOperations,
  ...caseOperations,
  ...actionOperations,
  ...reportOperations,
  ...auditOperations,
  ...feedOperations,
  ...adminOperations,
  ...importOperations,
  ...documentOperations,
  ...rapidReviewReportOperations,
  ...meetingOperations,
  ...messageOperations,
  ...informationOperations,
  ...documentationOperations,
];
