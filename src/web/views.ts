import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import nunjucks from 'nunjucks';
import {
  ROLE_LABELS,
  clockStatusTag,
  clockTitle,
  eventHappened,
  formatDate,
  formatInstant,
  humanise,
  ragTag,
  routeLabel,
  stateLabel,
  valueLabel,
  workingDaysText,
} from './labels.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The installed govuk-frontend's `dist` folder (templates, CSS, JS and assets are served from it). */
export const GOVUK_DIST = path.join(path.dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')), 'dist');

/**
 * Where the page templates are: beside this file when run from source (tests, tsx), and in the
 * source tree when run from the compiled `dist/` (npm start compiles TypeScript only).
 */
export function viewsDirectory(): string {
  const candidates = [path.join(here, 'views'), path.resolve(here, '..', '..', '..', 'src', 'web', 'views')];
  const found = candidates.find((candidate) => fs.existsSync(path.join(candidate, 'layout.njk')));
  if (!found) throw new Error(`The web page templates are missing (looked in ${candidates.join(', ')}).`);
  return found;
}

/** The Nunjucks environment: our views first, then the GOV.UK Frontend macros (`govuk/...`). */
export function createViewEnvironment(options: { cache: boolean }): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([viewsDirectory(), GOVUK_DIST], { noCache: !options.cache });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  env.addFilter('date', (value: string | null | undefined) => formatDate(value));
  env.addFilter('instant', (value: string | Date | null | undefined) => formatInstant(value));
  env.addFilter('stateLabel', (value: string) => stateLabel(value));
  env.addFilter('routeLabel', (value: string) => routeLabel(value));
  env.addFilter('roleLabel', (value: string) => ROLE_LABELS[value as keyof typeof ROLE_LABELS] ?? humanise(value));
  env.addFilter('valueLabel', (value: string) => valueLabel(value));
  env.addFilter('eventHappened', (value: string) => eventHappened(value));
  env.addFilter('clockTitle', (value: string) => clockTitle(value));
  env.addFilter('clockTag', (value: string) => clockStatusTag(value));
  env.addFilter('ragTag', (value: string) => ragTag(value));
  env.addFilter('workingDays', (value: number | null) => workingDaysText(value));
  env.addFilter('humanise', (value: string) => humanise(String(value ?? '')));
  env.addFilter('number', (value: number | null | undefined) =>
    value === null || value === undefined ? '' : value.toLocaleString('en-GB'),
  );
  // For conditional reveals (partials/field.njk): an answer with the fields under it, and radios with those answers.
  env.addFilter('withConditional', (item: Record<string, unknown>, html: unknown) => {
    const text = String(html ?? '').trim();
    return text ? { ...item, conditional: { html: text } } : item;
  });
  env.addFilter('withItems', (params: Record<string, unknown>, items: unknown[]) => ({ ...params, items }));
  return env;
}

export type Renderer = (request: Request, response: Response, view: string, context?: Record<string, unknown>, status?: number) => void;

/**
 * Renders a page with what every page needs (the signed-in user, the CSRF token, the CSP nonce,
 * the navigation) and sends it as HTML.
 */
export function createRenderer(
  env: nunjucks.Environment,
  globals: (request: Request, response: Response) => Record<string, unknown>,
): Renderer {
  return (request, response, view, context = {}, status = 200) => {
    const html = env.render(view, { ...globals(request, response), ...response.locals, currentPath: request.path, ...context });
    response.status(status).type('html').send(html);
  };
}
