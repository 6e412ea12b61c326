import { z } from 'zod';
import type { OperationSpec } from '../openapi/operation.js';
import { AuditQuerySchema } from './audit.schemas.js';

export const auditOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/audit',
    summary: 'The access audit trail: who read or changed what, when, allowed or denied (never the content)',
    tag: 'Audit',
    auth: 'bearer',
    roles: ['admin'],
    query: AuditQuerySchema,
    responses: { 200: { description: 'A page of audit entries, newest first.', schema: z.record(z.string(), z.unknown()) } },
    errors: [400, 401, 403, 503],
  },
];
