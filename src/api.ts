import { Router } from 'express';
import { createRateLimits, isExport, limitWhen } from './http/rate-limit/rate-limits.js';
import { authenticate } from './access/authenticate.js';
import { createTokenVerifier } from './access/token-verifier.js';
import { loadHolidayCalendar } from './calendar/bank-holidays.loader.js';
import { createClocksRouter } from './clocks/clocks.routes.js';
import { createLifecycleRouter } from './lifecycle/lifecycle.routes.js';
import { createOpenApiRouter } from './openapi/openapi.routes.js';
import { createOpenApiDocument } from './openapi/openapi.module.js';
import { ALL_OPERATIONS } from './operations.js';
import { createActionModule, linkedCaseFinder } from './actions/action.module.js';
import { createAuditModule } from './audit/audit.module.js';
import { createCaseModule } from './cases/case.module.js';
import { canSeeCase } from './cases/case.access.js';
import { createDocumentModule, visibleCaseFinder } from './documents/document.module.js';
import type { AgencyContributions } from './rapid-review-report/agency-contributions.port.js';
import { createMeetingModule } from './meetings/meeting.module.js';
import { createReportModule as createRapidReviewReportModule } from './rapid-review-report/report.module.js';
import { createMessageModule } from './messages/message.module.js';
import { createInformationModule } from './information/information.module.js';
import { agencyContributionsOf } from './information/information.contributions.js';
import { createCaseImportModule } from './imports/case-import.module.js';
import { createReportModule } from './reports/reports.module.js';
import type { Principal } from './access/principal.js';
import type { Config } from './config/config.js';
import type { DatabaseConnection } from './database/connection.js';
import { ensurePartnershipIndexes } from './partnerships/partnership.model.js';
import { findOrganisation } from './partnerships/organisation.repository.js';
import { createPartnershipDirectory } from './partnerships/partnership-directory.js';
import { storedPrincipal } from './partnerships/user.repository.js';
import { createAdminModule } from './partnerships/admin.module.js';
import { endSessionsOfUser } from './web/session/session.store.js';
import { realClock, type SystemClock } from './shared/system-clock.js';
import { createDeadlineSweeper } from './cases/deadline-sweeper.js';
import { createFeedModule } from './feeds/feed.module.js';
import { actionDeadlineQueries } from './actions/action.queries.js';
import { createReminderModule } from './reminders/reminder.module.js';
import type { Api } from './start-service.js';
import { createWebRouter } from './web/web.module.js';
import { referralDraftPurger } from './web/referrals/referral-draft.repository.js';

export interface ApiOptions {
  clock?: SystemClock;
  /** The agency returns' summaries for the rapid review report (until the returns component provides them). */
  agencyContributions?: AgencyContributions;
}

/**
 * Every component's API router, mounted under /api (public ones first, then everything behind
 * authentication), and the background tasks. Components are assembled here and nowhere else.
 */
export async function createApi(database: DatabaseConnection, config: Config, options: ApiOptions = {}): Promise<Api> {
  const clock = options.clock ?? realClock;
  const connection = database.connection;
  const calendar = await loadHolidayCalendar(config.BANK_HOLIDAYS_FILE);
  const verifier = await createTokenVerifier(config);
  await ensurePartnershipIndexes(connection);
  const partnerships = createPartnershipDirectory(connection, calendar, { clock });

  const cases = await createCaseModule({
    connection,
    calendar,
    clock,
    partnerships,
    warnWorkingDays: config.DEADLINE_WARNING_WORKING_DAYS,
    // Learning actions (src/actions): a case closes in the ordinary way only with none open.
    openActionCount: (partnershipId, caseId) => actions.countOpenActions(partnershipId, caseId),
    organisationKind: async (partnershipId, organisationId) => (await findOrganisation(connection, partnershipId, organisationId))?.kind,
    // The rapid review report (src/rapid-review-report): the Panel gets only a version all three
    // partners signed; a decision names only a rapid review meeting of the case (src/meetings).
    checkEvent: async (principal, caseId, event) => {
      await meetings.service.checkCaseEvent(principal, caseId, event);
      await rapidReviewReport.service.checkCaseEvent(principal, caseId, event);
    },
  });

  const actions = await createActionModule({
    connection,
    clock,
    partnerships,
    findCase: linkedCaseFinder(cases.repository),
    exportMaxRows: config.ACTIONS_EXPORT_MAX_ROWS,
    maxNotes: config.ACTION_MAX_NOTES,
  });

  // Importing a partnership's existing case log (src/imports), through the same machines and repository.
  const imports = createCaseImportModule({ connection, repository: cases.repository, partnerships, calendar, clock });

  const sweeper = createDeadlineSweeper({ repository: cases.repository, partnerships, clock });

  // Who looked at what (src/audit): the recorder runs before authentication, so refused attempts are recorded too.
  const audit = await createAuditModule({
    connection,
    clock,
    caseBelongsTo: async (partnershipId, caseId) => (await cases.repository.find(partnershipId, caseId)) !== null,
  });

  // Case documents (src/documents): files in GridFS, read by role and organisation.
  const documents = await createDocumentModule({
    connection,
    clock,
    findVisibleCase: visibleCaseFinder(cases.repository, canSeeCase),
    maxBytes: config.DOCUMENT_MAX_BYTES,
  });
  const caseSteps = {
    find: (partnershipId: string, id: string) => cases.repository.find(partnershipId, id),
    canSee: canSeeCase,
    applyEvent: (principal: Principal, id: string, body: unknown, options: { ifMatch?: number }) =>
      cases.service.applyEvent(principal, id, body, options),
  };
  // Meetings (src/meetings): the rapid review meeting with attendees and minutes.
  const meetings = await createMeetingModule({
    connection,
    clock,
    cases: caseSteps,
    documentOfCase: async (principal, documentId, caseId) =>
      (await documents.service.findReadable(principal, documentId))?.caseId === caseId,
  });
  // The rapid review report (src/rapid-review-report): generated as DOCX into the case's documents, signed per version.
  const rapidReviewReport = await createRapidReviewReportModule({
    connection,
    clock,
    documents: documents.service,
    cases: caseSteps,
    decisionMeeting: meetings.decisionMeeting,
    partnershipName: async (partnershipId) => (await partnerships.get(partnershipId))?.name ?? partnershipId,
    // The agencies' submitted returns (src/information) unless a test supplies its own.
    agencyContributions: options.agencyContributions ?? agencyContributionsOf(connection),
  });

  // Reminders (src/reminders) and calendar feeds (src/feeds), over case clocks and overdue actions.
  const actionDeadlines = actionDeadlineQueries(connection);
  const reminders = await createReminderModule({ connection, calendar, clock, config, actions: actionDeadlines });
  const feeds = await createFeedModule({
    connection,
    clock,
    tokenTtlDays: config.FEED_TOKEN_TTL_DAYS,
    linkBaseUrl: reminders.settings.linkBaseUrl,
    actions: actionDeadlines,
    auditRecorder: audit.recorder,
  });

  // Information requests and agency returns (src/information), made through the lifecycle.
  const information = await createInformationModule({
    connection,
    clock,
    calendar,
    cases: {
      find: (partnershipId, id) => cases.repository.find(partnershipId, id),
      applyEvent: (...args) => cases.service.applyEvent(...args),
    },
    documents: documents.service,
    warnWorkingDays: async (partnershipId) =>
      (await partnerships.get(partnershipId))?.dueSoonWorkingDays ?? config.DEADLINE_WARNING_WORKING_DAYS,
  });

  // The message outbox (src/messages): the lifecycle's messages, sent exactly once through the reminders' SMTP server.
  const messages = await createMessageModule({
    connection,
    clock,
    settings: reminders.settings,
    caseExists: async (partnershipId, caseId) => (await cases.repository.find(partnershipId, caseId)) !== null,
    sources: information.messageSources,
    caseObservers: information.caseObservers,
  });

  // The yearly report (src/reports), computed from the recorded case and action events.
  const reports = createReportModule({ connection, clock, partnerships });

  // Partnership administration (src/partnerships): settings, organisations, users, change history.
  const admin = await createAdminModule({
    connection,
    clock,
    defaultDueSoonWorkingDays: config.DEADLINE_WARNING_WORKING_DAYS,
    endSessions: async (userId) => void (await endSessionsOfUser(connection, userId)),
  });
  admin.service.onChange((partnershipId) => partnerships.invalidate(partnershipId));
  // Rate limits shared by every instance through the database (issue 14, finding 5): per address on
  // all of /api (stricter on the token-bearing calendar feeds), per user once authenticated
  // (stricter on reports and CSV exports).
  const limits = await createRateLimits(connection, config, clock);
  const limitedByAddress = Router();
  limitedByAddress.use(
    limits.perIp,
    limitWhen((request) => request.path.endsWith('.ics'), limits.strictPerIp),
  );

  const authenticated = Router();
  authenticated.use(audit.recorder);
  // The principal is the stored user (role, organisation, partner), not the token's claims (issue 14, finding 4).
  authenticated.use(authenticate(verifier, { currentPrincipal: storedPrincipal(connection) }));
  authenticated.use(
    limits.perUser,
    limitWhen((request) => request.path.startsWith('/reports/') || isExport(request), limits.strictPerUser),
  );
  authenticated.use(cases.router);
  authenticated.use(imports.router);
  authenticated.use(actions.router);
  authenticated.use(audit.router);
  authenticated.use(reports.router);
  authenticated.use(feeds.tokenRouter);
  authenticated.use(admin.router);
  authenticated.use(documents.router);
  authenticated.use(rapidReviewReport.router);
  authenticated.use(meetings.router);
  authenticated.use(messages.router);
  authenticated.use(information.router);
  // The web pages (src/web): served from the site root beside /api, calling the same services in-process.
  const web = await createWebRouter({
    config,
    connection,
    calendar,
    clock,
    partnerships,
    cases: cases.service,
    deadlines: cases.deadlines,
    actions: { actions: actions.actions, recommendations: actions.recommendations },
    // The same report service the API's /api/reports/yearly uses.
    reports: reports.service,
    auditRecorder: audit.recorder,
    admin: admin.service,
    // The access audit trail and feed tokens, for the admin's and everyone's own pages.
    auditTrail: audit.service,
    feedTokens: feeds.tokens,
    rateLimits: limits,
    imports: imports.service,
    documents: documents.service,
    meetings: meetings.service,
    rapidReviewReport: rapidReviewReport.service,
    information: information.service,
    messages: messages.service,
  });
  return {
    // The feed router authenticates with feed tokens itself, so it comes before `authenticated`.
    routers: [
      limitedByAddress,
      createClocksRouter(calendar),
      createLifecycleRouter(calendar),
      createOpenApiRouter(createOpenApiDocument(ALL_OPERATIONS)),
      feeds.feedRouter,
      authenticated,
    ],
    pages: [web],
    background: [
      { start: () => sweeper.start(config.SWEEP_INTERVAL_MS), stop: () => sweeper.stop() },
      reminders.task,
      audit.task,
      referralDraftPurger(connection, clock),
      // The rate-limit stores sweep expired windows on timers of their own; stopped with the rest.
      { start: () => undefined, stop: async () => limits.close() },
      messages.task,
    ],
  };
}
