import { IDEMPOTENCY_HEADER, type OperationSpec } from '../openapi/operation.js';
import {
  CaseMeetingsParamsSchema,
  MeetingListSchema,
  MeetingParamsSchema,
  MeetingViewSchema,
  RecordMeetingSchema,
} from './meeting.schemas.js';
import { MEETING_READ_ROLES, MEETING_WRITE_ROLES } from './meeting.service.js';

const TAG = 'Meetings';

export const meetingOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/cases/:caseId/meetings',
    summary: "A case's meetings (rapid review, review panel) with attendees and minutes",
    tag: TAG,
    auth: 'bearer',
    roles: MEETING_READ_ROLES,
    params: CaseMeetingsParamsSchema,
    responses: { 200: { description: 'The meetings, oldest first.', schema: MeetingListSchema } },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/cases/:caseId/meetings',
    summary: 'Record a meeting held: the day, attendees by organisation and role, minutes as text or a case document',
    description:
      "A rapid review meeting also records the case's rapid-review.meeting-held on that day (409 when the case does not accept it now). The decision links to it with `meetingId` on rapid-review.decided.",
    tag: TAG,
    auth: 'bearer',
    roles: MEETING_WRITE_ROLES,
    params: CaseMeetingsParamsSchema,
    body: RecordMeetingSchema,
    headers: IDEMPOTENCY_HEADER,
    responses: { 201: { description: 'Recorded; Location names the meeting.', schema: MeetingViewSchema } },
    errors: [400, 401, 403, 404, 409, 415, 422, 503],
  },
  {
    method: 'get',
    path: '/meetings/:id',
    summary: 'Read a meeting',
    tag: TAG,
    auth: 'bearer',
    roles: MEETING_READ_ROLES,
    params: MeetingParamsSchema,
    responses: { 200: { description: 'The meeting.', schema: MeetingViewSchema } },
    errors: [400, 401, 403, 404, 503],
  },
];
