import { buildOpenApiDocument } from './openapi-document.js';
import type { OperationSpec } from './operation.js';
import { packageInfo } from '../shared/package-info.js';

/** The OpenAPI document of the operations the composition root (src/operations.ts) gathers. */
export function createOpenApiDocument(operations: readonly OperationSpec[]) {
  return buildOpenApiDocument(operations, { version: packageInfo.version });
}
