import express, { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { HttpStatusError } from '../http/problem.js';
import { parseRequest } from '../http/validate.js';
import { CSV_CONTENT_TYPE, UTF8_BOM, csvAttachment, csvRecord } from '../shared/csv.js';
import { importTemplateRows } from './case-import.columns.js';
import { IMPORT_BODY_LIMIT_BYTES, ImportQuerySchema } from './case-import.schemas.js';
import type { CaseImportService } from './case-import.service.js';

/** Only the business unit imports a case log, into its own partnership. */
export const IMPORT_ROLES = ['business-unit'] as const;

/** Thin routes: the template, and the import itself (the CSV is the body; never logged). */
export function createCaseImportRouter(service: CaseImportService): Router {
  const router = Router();
  router.get('/imports/cases/template.csv', audited('case-import.template'), allow(...IMPORT_ROLES), (_request, response) => {
    response.setHeader('Content-Type', CSV_CONTENT_TYPE);
    response.setHeader('Content-Disposition', csvAttachment('case-log-template'));
    response.status(200).send(UTF8_BOM + importTemplateRows().map(csvRecord).join(''));
  });
  router.post(
    '/imports/cases',
    audited('case-import.run', ({ query }) => (query['dryRun'] === 'true' ? 'dry-run' : 'import')),
    allow(...IMPORT_ROLES),
    (request, _response, next) => {
      next(
        request.is('text/csv')
          ? undefined
          : new HttpStatusError(415, 'Unsupported media type', 'Send the case log as text/csv (UTF-8, as Excel saves "CSV UTF-8").'),
      );
    },
    express.raw({ type: 'text/csv', limit: IMPORT_BODY_LIMIT_BYTES }),
    async (request, response) => {
      const { dryRun } = parseRequest(ImportQuerySchema, request, 'query');
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await service.importCases(requirePrincipal(request), body, { dryRun });
      response.status(dryRun || result.created === 0 ? 200 : 201).json(result);
    },
  );
  return router;
}
