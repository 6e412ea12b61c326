import { ROLES } from '../access/roles.js';
import { IDEMPOTENCY_HEADER, type OperationSpec, WRITE_HEADERS } from '../openapi/operation.js';
import { ClientEventSchema } from '../../workflows/case-events.schema.js';
import { OpenCaseSchema } from '../../workflows/case-open.schema.js';
import {
  CaseIdParamsSchema,
  CaseListQuerySchema,
  CaseListSchema,
  CaseViewSchema,
  DeadlineDashboardSchema,
  DeadlineQuerySchema,
  EventResultSchema,
  HistorySchema,
  VerificationSchema,
} from './case.schemas.js';

const READ_ERRORS = [400, 401, 403, 404, 503];

/** The case component's operations, from the schemas its routes parse with. */
export const caseOperations: OperationSpec[] = [
  {
    method: 'post',
    path: '/cases',
    summary: 'Open a case on a route (agency users: a referral for their own organisation)',
    tag: 'Cases',
    auth: 'bearer',
    roles: ['chair', 'business-unit', 'agency'],
    body: OpenCaseSchema,
    headers: IDEMPOTENCY_HEADER,
    responses: { 201: { description: 'Opened; Location and ETag headers are set.', schema: CaseViewSchema } },
    errors: [400, 401, 403, 413, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/cases',
    summary: 'List cases (filter by state, route, overdue, due within N working days, agency), sorted by next due date',
    tag: 'Cases',
    auth: 'bearer',
    roles: ROLES,
    query: CaseListQuerySchema,
    responses: { 200: { description: 'A page of cases.', schema: CaseListSchema } },
    errors: READ_ERRORS,
  },
  {
    method: 'get',
    path: '/cases/:id',
    summary: 'Read a case: its state, deadlines and the events you may send now',
    tag: 'Cases',
    auth: 'bearer',
    roles: ROLES,
    params: CaseIdParamsSchema,
    responses: { 200: { description: 'The case as your role may see it; ETag carries the version.', schema: CaseViewSchema } },
    errors: READ_ERRORS,
  },
  {
    method: 'get',
    path: '/cases/:id/history',
    summary: 'Every event of a case, with actor, time and the state before and after',
    tag: 'Cases',
    auth: 'bearer',
    roles: ROLES,
    params: CaseIdParamsSchema,
    responses: { 200: { description: 'The history, oldest first.', schema: HistorySchema } },
    errors: READ_ERRORS,
  },
  {
    method: 'get',
    path: '/cases/:id/verification',
    summary: 'Replay the case history through its machine version and report any difference from what is stored',
    tag: 'Cases',
    auth: 'bearer',
    roles: ['admin'],
    params: CaseIdParamsSchema,
    responses: { 200: { description: 'The verification result.', schema: VerificationSchema } },
    errors: READ_ERRORS,
  },
  {
    method: 'post',
    path: '/cases/:id/events',
    summary: 'Apply one lifecycle event to a case',
    description:
      'Which roles may send each event comes from the lifecycle machine (see /api/workflows). The server adds the actor and the time.',
    tag: 'Cases',
    auth: 'bearer',
    roles: ['chair', 'business-unit', 'partner-lead', 'agency', 'reviewer', 'admin'],
    params: CaseIdParamsSchema,
    body: ClientEventSchema,
    headers: WRITE_HEADERS,
    responses: { 200: { description: 'Applied (or, for a retried Idempotency-Key, the first result with Idempotent-Replayed: true).', schema: EventResultSchema } },
    errors: [400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 503],
  },
  {
    method: 'get',
    path: '/deadlines',
    summary: "The business unit's dashboard: every open clock across cases, soonest first",
    tag: 'Deadlines',
    auth: 'bearer',
    roles: ['chair', 'business-unit', 'partner-lead', 'viewer', 'admin'],
    query: DeadlineQuerySchema,
    responses: { 200: { description: 'A page of open deadlines.', schema: DeadlineDashboardSchema } },
    errors: READ_ERRORS,
  },
];
