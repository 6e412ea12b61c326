import path from 'node:path';
import express, { type Request, type Response, Router } from 'express';
import { publicRoute } from '../access/policy.js';
import { isExport, limitWhen } from '../http/rate-limit/rate-limits.js';
import type { Role } from '../access/roles.js';
import { NotFoundError } from '../errors/app-errors.js';
import { createOidcSignIn } from './auth/oidc.js';
import { registerSignInRoutes } from './auth/sign-in.routes.js';
import { registerAdminPages } from './admin/admin.pages.js';
import { registerAdminToolPages } from './admin/admin-tools.pages.js';
import { registerImportPages } from './imports/import.pages.js';
import { registerActionPlanPages } from './actions/action-plan.pages.js';
import { registerCaseActionPlanPages } from './actions/case-action-plan.pages.js';
import { registerCalculatorPages } from './calculator/calculator.pages.js';
import { registerCasePages } from './cases/case.pages.js';
import { registerCaseDocumentUpload, registerCaseRecordPages } from './cases/case-records.pages.js';
import { createPeopleDirectory } from './directory.js';
import { registerMyWorkPages } from './my-work/my-work.pages.js';
import { createReferralDraftRepository } from './referrals/referral-draft.repository.js';
import { referralTitle, registerReferralPages } from './referrals/referral.pages.js';
import { registerReportPages } from './reports/report.pages.js';
import { noStore, pageSecurityHeaders } from './security-headers.js';
import { MongoSessionStore } from './session/session.store.js';
import {
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  csrfTokenOf,
  loadSignedInUser,
  sessionMiddleware,
  sessionSettings,
  takeFlash,
  verifyCsrf,
} from './session/web-session.js';
import { GOVUK_DIST, createRenderer, createViewEnvironment, viewsDirectory } from './views.js';
import { registerInformationPages, registerTemplatePages } from './information/information.pages.js';
import { registerReturnAttachmentUpload } from './information/return-attachments.pages.js';
import { registerNoticePages } from './messages/notice.pages.js';
import { type WebContext, type WebDependencies, auditMiddleware } from './web.context.js';
import { notFoundPage, webErrorHandler } from './web-errors.js';

export type { WebDependencies } from './web.context.js';

export const SERVICE_NAME = 'Safeguarding reviews';

/** The service navigation for a role. */
export function navigationFor(
  role: Role | undefined,
  currentPath: string,
  hasActions: boolean,
  hasReports: boolean,
  hasAdmin = false,
  hasImports = false,
) {
  const items: { href: string; text: string }[] = [];
  if (role) {
    items.push({ href: '/my-work', text: 'My work' }, { href: '/cases', text: 'Cases' });
    if (role === 'chair' || role === 'business-unit' || role === 'agency') items.push({ href: '/cases/new', text: referralTitle(role) });
    if (hasActions && role !== 'reviewer') items.push({ href: '/action-plans', text: 'Action plans' });
    if (hasReports && role !== 'agency' && role !== 'reviewer') items.push({ href: '/reports/yearly', text: 'Yearly report' });
    // The admin's own tools: nobody else is shown (or may open) them.
    if (hasAdmin && role === 'admin') {
      items.push(
        { href: '/admin', text: 'Administration' },
        { href: '/admin/audit', text: 'Access audit' },
        { href: '/admin/case-checks', text: 'Case checks' },
      );
    }
    if (hasImports && role === 'business-unit') items.push({ href: '/imports/cases', text: 'Import case log' });
  }
  items.push({ href: '/deadline-calculator', text: 'Deadline calculator' });
  if (!role) items.push({ href: '/sign-in', text: 'Sign in' });
  // The longest matching prefix is the current section.
  const active = items
    .filter((item) => currentPath === item.href || currentPath.startsWith(`${item.href}/`) || currentPath.startsWith(`${item.href}.`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return items.map((item) => ({ ...item, ...(item === active ? (currentPath === item.href ? { current: true } : { active: true }) : {}) }));
}

const isApiPath = (requestPath: string) => requestPath === '/api' || requestPath.startsWith('/api/');

/**
 * The web app: GOV.UK pages served beside /api from the same process, calling the same services.
 * Every route carries a policy tag (allow(...) or publicRoute()), like the API's.
 */
export async function createWebRouter(deps: WebDependencies): Promise<Router> {
  const { config } = deps;
  const production = config.NODE_ENV === 'production';
  const settings = sessionSettings(config);
  const oidc = createOidcSignIn(config);
  const sessions = new MongoSessionStore(deps.connection, { idleMs: settings.idleMs });
  await sessions.ensureIndexes();
  const drafts = createReferralDraftRepository(deps.connection);
  await drafts.ensureIndexes();
  const session = sessionMiddleware(config, sessions);
  const people = createPeopleDirectory(deps.connection, deps.partnerships);
  const env = createViewEnvironment({ cache: production });
  const hasActions = Boolean(deps.actions);
  const hasReports = Boolean(deps.reports);
  const hasAdmin = Boolean(deps.admin);
  const render = createRenderer(env, (request: Request, response: Response) => ({
    serviceName: SERVICE_NAME,
    navigation: navigationFor(request.principal?.role, request.path, hasActions, hasReports, hasAdmin, Boolean(deps.imports)),
    hasFeeds: Boolean(deps.feedTokens),
    csrf: () => csrfTokenOf(request),
    flash: takeFlash(request),
    cspNonce: response.locals['cspNonce'],
  }));
  const context: WebContext = {
    ...deps,
    render,
    people,
    oidc,
    sessions,
    sessionCookie: {
      name: settings.secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE,
      options: { path: '/', httpOnly: true, secure: settings.secure, sameSite: 'lax' },
    },
    audit: auditMiddleware(deps.auditRecorder),
  };

  const router = Router();
  // The API has its own routers and error handling; nothing here touches /api.
  router.use((request, _response, next) => (isApiPath(request.path) ? next('router') : next()));
  registerAssetRoutes(router);

  // Per address before anything touches the database, per user once the session says who it is;
  // reports and exports are stricter (issue 14, finding 5).
  const limits = deps.rateLimits;
  if (limits) router.use(limits.perIp);
  router.use(pageSecurityHeaders({ production }), noStore, session, loadSignedInUser(deps.connection, settings));
  if (limits)
    router.use(
      limits.perUser,
      limitWhen((request) => request.path.startsWith('/reports/') || isExport(request), limits.strictPerUser),
    );
  router.use(async (request, response, next) => {
    const principal = request.principal;
    if (principal) {
      const directory = await people.get(principal.partnershipId);
      response.locals['partnershipName'] = directory.name;
      if (principal.organisationId) response.locals['organisationName'] = directory.organisationName(principal.organisationId);
    }
    next();
  });
  // The case-log import's form is multipart (a file): it reads its own form, CSRF token included, so it comes first.
  if (deps.imports) registerImportPages(router, context, deps.imports);
  registerCaseDocumentUpload(router, context, deps);
  if (deps.information) registerReturnAttachmentUpload(router, context, deps.information);
  router.use(express.urlencoded({ extended: false, limit: '200kb', parameterLimit: 1000 }), verifyCsrf);

  router.get('/', publicRoute(), (request, response) => response.redirect(303, request.principal ? '/my-work' : '/sign-in'));
  registerSignInRoutes(router, context);
  registerCalculatorPages(router, context);
  registerMyWorkPages(router, context);
  if (deps.information) {
    registerInformationPages(router, context, deps.information);
    registerTemplatePages(router, context, deps.information);
  }
  if (deps.messages) registerNoticePages(router, context, deps.messages);
  registerReferralPages(router, context, drafts);
  registerCasePages(router, context);
  registerCaseRecordPages(router, context, deps);
  if (deps.actions) {
    registerCaseActionPlanPages(router, context, deps.actions);
    registerActionPlanPages(router, context, deps.actions.actions, deps.actions.recommendations);
  }
  if (deps.reports) registerReportPages(router, context, deps.reports);
  registerAdminToolPages(router, context, {
    ...(deps.auditTrail ? { auditTrail: deps.auditTrail } : {}),
    ...(deps.feedTokens ? { feedTokens: deps.feedTokens } : {}),
  });
  if (deps.admin) {
    registerAdminPages(router, context, deps.admin);
    // Names on every page come from the people directory: an administrator's change shows at once.
    deps.admin.onChange((partnershipId) => people.invalidate(partnershipId));
  }

  router.use((request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next(new NotFoundError('No such page.'));
    notFoundPage(render, request, response);
  });
  router.use(webErrorHandler(render));
  return router;
}

/** GOV.UK Frontend's CSS, JS, fonts and images from the installed package, and our few additions. */
function registerAssetRoutes(router: Router): void {
  const govuk = path.join(GOVUK_DIST, 'govuk');
  const own = path.join(viewsDirectory(), '..', 'static');
  const send = (root: string, file: string, response: Response, next: (error?: unknown) => void) =>
    response.sendFile(file, { root, dotfiles: 'deny', maxAge: '1h' }, (error) => {
      if (error) next(new NotFoundError('No such file.'));
    });
  router.get(
    ['/govuk-frontend.min.css', '/govuk-frontend.min.js', '/govuk-frontend.min.css.map', '/govuk-frontend.min.js.map'],
    publicRoute(),
    (request, response, next) => send(govuk, request.path.slice(1), response, next),
  );
  router.get('/assets/app/*file', publicRoute(), (request, response, next) =>
    send(own, (request.params as { file: string[] }).file.join('/'), response, next),
  );
  router.get('/assets/*file', publicRoute(), (request, response, next) =>
    send(path.join(govuk, 'assets'), (request.params as { file: string[] }).file.join('/'), response, next),
  );
}
