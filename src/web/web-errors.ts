import type { ErrorRequestHandler, Request, Response } from 'express';
import {
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from '../errors/app-errors.js';
import { toAppError } from '../http/problem.js';
import { logger } from '../logging/logger.js';
import { CsrfError, redirectAfterSave, safeReturnTo, signInAddress } from './session/web-session.js';
import type { Renderer } from './views.js';

/**
 * Errors on pages become pages, never problem+json: a missing sign-in sends the user to sign in
 * (and back afterwards), and every other failure is a GOV.UK error page with what to do next.
 * Nothing from a stack trace or the database reaches the page.
 */
export function webErrorHandler(render: Renderer): ErrorRequestHandler {
  return (error, request, response, _next) => {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const known = toAppError(error);
    if (known instanceof UnauthenticatedError) {
      // A session that just ended (it existed) remembers where to return to; for anyone else the
      // address carries it, so an anonymous view stores nothing (issue 14, finding 5).
      if (request.method === 'GET' && request.session && response.locals['sessionEnded']) {
        request.session.returnTo = safeReturnTo(request.originalUrl);
        redirectAfterSave(request, response, '/sign-in?ended=1').catch(() => response.redirect(303, '/sign-in?ended=1'));
        return;
      }
      if (request.method === 'GET' && !response.locals['sessionEnded']) {
        response.redirect(303, signInAddress(request.originalUrl));
        return;
      }
      if (request.method === 'GET') {
        response.redirect(303, response.locals['sessionEnded'] ? '/sign-in?ended=1' : '/sign-in');
        return;
      }
      page(render, request, response, 401, 'Sign in to continue', ['You need to sign in to do this.'], {
        href: '/sign-in',
        text: 'Sign in',
      });
      return;
    }
    if (known instanceof CsrfError) {
      page(render, request, response, 403, 'Your form could not be sent', [known.message]);
      return;
    }
    if (known instanceof ForbiddenError) {
      page(render, request, response, 403, 'You cannot do this', [
        'Your role does not allow this. If you think it should, ask your partnership’s business unit.',
      ]);
      return;
    }
    if (known instanceof NotFoundError) {
      notFoundPage(render, request, response);
      return;
    }
    if (known instanceof ValidationError) {
      const lines = known.errors.length > 0 ? known.errors.map((issue) => `${issue.path}: ${issue.message}`) : [known.message];
      page(render, request, response, 400, 'There is a problem with this address', lines);
      return;
    }
    if (known instanceof RuleViolationError) {
      page(render, request, response, 422, 'This cannot be done', [known.message]);
      return;
    }
    if (known instanceof UnavailableError) {
      response.setHeader('Retry-After', String(known.retryAfterSeconds));
      page(render, request, response, 503, 'Sorry, the service is unavailable', ['Try again in a few minutes.']);
      return;
    }
    if (known && known.status < 500) {
      page(render, request, response, known.status, 'There is a problem', [known.message]);
      return;
    }
    logger.error('web page failed', { error: (error as Error)?.name, stack: (error as Error)?.stack });
    page(render, request, response, 500, 'Sorry, there is a problem with the service', [
      'Try again later.',
      `If you report this, quote reference ${String(request.requestId ?? '')}.`,
    ]);
  };
}

export function notFoundPage(render: Renderer, request: Request, response: Response): void {
  page(render, request, response, 404, 'Page not found', [
    'If you typed the web address, check it is correct.',
    'If you pasted the web address, check you copied the entire address.',
    'A case you are not involved in is not shown to you.',
  ]);
}

function page(
  render: Renderer,
  request: Request,
  response: Response,
  status: number,
  title: string,
  lines: string[],
  action?: { href: string; text: string },
): void {
  render(request, response, 'error.njk', { title, lines, action }, status);
}
