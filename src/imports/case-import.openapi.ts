import { z } from 'zod';
import type { OperationSpec } from '../openapi/operation.js';
import { ImportQuerySchema, ImportResultSchema } from './case-import.schemas.js';
import { IMPORT_ROLES } from './case-import.routes.js';

export const importOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/imports/cases/template.csv',
    summary: 'The case-log import template: the header row and one synthetic example',
    tag: 'Imports',
    auth: 'bearer',
    roles: IMPORT_ROLES,
    responses: { 200: { description: 'The template (CSV, UTF-8 with BOM).', contentType: 'text/csv', schema: z.string() } },
    errors: [401, 403],
  },
  {
    method: 'post',
    path: '/imports/cases',
    summary: 'Import the partnership’s existing case log (text/csv, one row per case)',
    description:
      'Every row is checked and built through the lifecycle machines first. A dry run writes nothing; a real run writes nothing if any row has a problem (422, `errors` by line and column). Importing the same rows again adds nothing.',
    tag: 'Imports',
    auth: 'bearer',
    roles: IMPORT_ROLES,
    query: ImportQuerySchema,
    responses: {
      200: { description: 'Dry run, or nothing new to import.', schema: ImportResultSchema },
      201: { description: 'Cases were imported.', schema: ImportResultSchema },
    },
    errors: [400, 401, 403, 413, 415, 422, 503],
  },
];
