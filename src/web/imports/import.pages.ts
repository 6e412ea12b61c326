import type { Request, Response, Router } from 'express';
import { requirePrincipal } from '../../access/authenticate.js';
import { allow } from '../../access/policy.js';
import { AppError, RuleViolationError, ValidationError } from '../../errors/app-errors.js';
import { IMPORT_BODY_LIMIT_BYTES } from '../../imports/case-import.schemas.js';
import type { CaseImportService, ImportResult } from '../../imports/case-import.service.js';
import { csrfErrorOf } from '../session/web-session.js';
import type { WebContext } from '../web.context.js';
import { readUpload } from '../../http/multipart-upload.js';

interface Problem {
  line: number;
  column: string | null;
  message: string;
}

/**
 * The case-log import page (issue 12 item 4) for the business unit: a file input, a choice of
 * checking only or importing, and a table of what each row became or of every problem found. It
 * calls the same import service as `POST /api/imports/cases`. Registered before the site's
 * urlencoded parser, because its form is multipart: the CSRF token is read from that form.
 */
export function registerImportPages(router: Router, context: WebContext, imports: CaseImportService): void {
  const { render } = context;
  const businessUnit = allow('business-unit');

  const page = (
    request: Request,
    response: Response,
    data: { result?: ImportResult; problems?: Problem[]; error?: string; dryRun?: boolean },
    status = 200,
  ) =>
    render(
      request,
      response,
      'imports/cases.njk',
      {
        title: 'Import your case log',
        dryRun: data.dryRun ?? true,
        result: data.result,
        problems: data.problems,
        errors: data.error ? [{ text: data.error, href: '#file' }] : [],
      },
      status,
    );

  router.get('/imports/cases', ...context.audit('case-import.page'), businessUnit, (request, response) => page(request, response, {}));

  router.post('/imports/cases', ...context.audit('case-import.run'), businessUnit, async (request, response, next) => {
    let dryRun = true;
    try {
      const upload = await readUpload(request, IMPORT_BODY_LIMIT_BYTES);
      request.body = upload.fields;
      const csrfError = csrfErrorOf(request);
      if (csrfError) return next(csrfError);
      dryRun = upload.fields['mode'] !== 'import';
      if (!upload.file || upload.file.length === 0)
        return page(request, response, { dryRun, error: 'Select the CSV file of your case log' }, 400);
      const result = await imports.importCases(requirePrincipal(request), upload.file, { dryRun });
      page(request, response, { dryRun, result });
    } catch (error) {
      if (error instanceof ValidationError || error instanceof RuleViolationError) {
        const problems = ((error.extensions['errors'] ?? (error as ValidationError).errors ?? []) as Problem[]).map(
          ({ line, column, message }) => ({ line, column, message }),
        );
        return page(request, response, { dryRun, problems, error: `${error.message}` }, error.status);
      }
      if (error instanceof AppError && error.status === 413) return page(request, response, { dryRun, error: error.message }, 413);
      next(error);
    }
  });
}
