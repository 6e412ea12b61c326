import { caseOperations } from '../cases/case.openapi.js';
import { clockOperations } from '../calendar/clocks.openapi.js';
import { lifecycleOperations } from '../lifecycle/lifecycle.openapi.js';
import { feedOperations } from '../feeds/feed.openapi.js';
import { actionOperations } from '../actions/action.openapi.js';
import { auditOperations } from '../audit/audit.openapi.js';
import { reportOperations } from '../reports/yearly-report.openapi.js';
import { adminOperations } from '../partnerships/admin.openapi.js';
import { importOperations } from '../imports/case-import.openapi.js';
import { documentationOperations } from './openapi.openapi.js';
import { messageOperations } from '../messages/message.openapi.js';
import { informationOperations } from '../information/information.openapi.js';
import { buildOpenApiDocument } from './openapi-document.js';
import type { OperationSpec } from './operation.js';

import { packageInfo } from '../shared/package-info.js';

/** Every component's operations; a test checks that each mounted /api route is listed here. */
export const ALL_OPERATIONS: readonly OperationSpec[] = [...clockOperations, ...lifecycleOperations, ...caseOperations, ...actionOperations, ...reportOperations, ...auditOperations, ...feedOperations, ...adminOperations, ...importOperations, ...messageOperations, ...informationOperations, ...documentationOperations];

export function createOpenApiDocument() {
  return buildOpenApiDocument(ALL_OPERATIONS, { version: packageInfo.version });
}
