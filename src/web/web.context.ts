import type { RequestHandler } from 'express';
import type { RateLimits } from '../http/rate-limit/rate-limits.js';
import type mongoose from 'mongoose';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import type { CaseService } from '../cases/case.service.js';
import type { DeadlineService } from '../cases/deadline.service.js';
import type { Config } from '../config/config.js';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';
import type { SystemClock } from '../shared/system-clock.js';
import type { ActionService } from '../actions/action.service.js';
import type { RecommendationService } from '../actions/recommendation.service.js';
import type { YearlyReportService } from '../reports/yearly-report.service.js';
import { type ResourceIdFrom, audited } from '../audit/audited.js';
import type { AdminService } from '../partnerships/admin.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { FeedTokenService } from '../feeds/feed-token.service.js';
import type { CaseImportService } from '../imports/case-import.service.js';
import type { InformationService } from '../information/information.service.js';
import type { MessageService } from '../messages/message.service.js';
import type { OidcSignIn } from './auth/oidc.js';
import type { PeopleDirectory } from './directory.js';
import type { Renderer } from './views.js';
import type { MongoSessionStore } from './session/session.store.js';

/** What the pages are built on: the same services the API routes call, in-process. */
export interface WebDependencies {
  config: Config;
  connection: mongoose.Connection;
  calendar: HolidayCalendar;
  clock: SystemClock;
  partnerships: PartnershipDirectory;
  cases: CaseService;
  deadlines: DeadlineService;
  /** Information requests and agency returns (src/information), when assembled. */
  information?: InformationService;
  /** The message outbox (src/messages), when assembled: notices the business unit is to make, on the case page. */
  messages?: MessageService;
  /** The learning-actions component (src/actions), when assembled. */
  actions?: { actions: ActionService; recommendations: RecommendationService };
  /** The yearly report (src/reports), when assembled. */
  reports?: YearlyReportService;
  /** Partnership administration (src/partnerships), when assembled: the admin pages. */
  admin?: AdminService;
  /** The case-log import (src/imports), when assembled: the business unit's import page. */
  imports?: CaseImportService;
  /** Reading the access audit trail (src/audit), for the admin's audit page. */
  auditTrail?: AuditService;
  /** Calendar feed tokens (src/feeds): a user's own, and an admin's revoke. */
  feedTokens?: FeedTokenService;
  /** Case documents, meetings and the rapid review report (src/documents, src/meetings, src/rapid-review-report), when assembled. */
  documents?: import('../documents/document.service.js').DocumentService;
  meetings?: import('../meetings/meeting.service.js').MeetingService;
  rapidReviewReport?: import('../rapid-review-report/report.service.js').ReportService;
  /** The access audit recorder (src/audit): page reads of cases are on the trail like API reads. */
  auditRecorder?: RequestHandler;
  /** The shared rate limits (src/http/rate-limit); none when not given (tests of a router alone). */
  rateLimits?: RateLimits;
}

export interface WebContext extends WebDependencies {
  render: Renderer;
  people: PeopleDirectory;
  oidc: OidcSignIn | undefined;
  sessions: MongoSessionStore;
  /** The session cookie's name and attributes (to clear it on sign-out). */
  sessionCookie: { name: string; options: { path: string; httpOnly: boolean; secure: boolean; sameSite: 'lax' } };
  /** The audit middleware for a page route: the recorder and the action it records. */
  audit(action: string, resourceIdFrom?: ResourceIdFrom): RequestHandler[];
}

export function auditMiddleware(recorder: RequestHandler | undefined) {
  return (action: string, resourceIdFrom?: ResourceIdFrom): RequestHandler[] =>
    recorder ? [recorder, audited(action, resourceIdFrom)] : [];
}
