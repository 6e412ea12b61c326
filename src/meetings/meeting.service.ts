import type { Principal } from '../access/principal.js';
import type { CalendarDate } from '../calendar/calendar-date.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';
import { insertOnce, newRecordId } from '../shared/idempotent-create.js';
import { requestHash } from '../shared/request-hash.js';
import { type SystemClock, todayInEngland } from '../shared/system-clock.js';
import type { MeetingRecord } from './meeting.model.js';
import type { MeetingRepository } from './meeting.repository.js';
import { RecordMeetingSchema } from './meeting.schemas.js';

export interface MeetingCase {
  id: string;
  incidentOn: CalendarDate;
  /** Days the case already records a rapid review meeting on. */
  rapidReviewMeetingDays: CalendarDate[];
}

export interface MeetingServiceDependencies {
  repository: MeetingRepository;
  clock: SystemClock;
  findVisibleCase(principal: Principal, caseId: string): Promise<MeetingCase | undefined>;
  organisationNames(partnershipId: string): Promise<Map<string, string>>;
  /** Whether a document of this case is readable by the principal (minutes as a document). */
  documentOfCase(principal: Principal, documentId: string, caseId: string): Promise<boolean>;
  /** Records `rapid-review.meeting-held` on the case (the statutory step), as the same principal. */
  recordMeetingHeld(principal: Principal, caseId: string, heldOn: CalendarDate): Promise<void>;
}

export const MEETING_WRITE_ROLES = ['chair', 'business-unit'] as const;
export const MEETING_READ_ROLES = ['chair', 'business-unit', 'partner-lead', 'reviewer', 'viewer'] as const;

function view(record: MeetingRecord, names: Map<string, string>) {
  return {
    id: record._id,
    caseId: record.caseId,
    kind: record.kind,
    heldOn: record.heldOn,
    attendees: record.attendees.map((attendee) => ({
      organisationId: attendee.organisationId,
      organisationName: names.get(attendee.organisationId) ?? attendee.organisationId,
      role: attendee.role,
      ...(attendee.name ? { name: attendee.name } : {}),
    })),
    minutesText: record.minutesText,
    minutesDocumentId: record.minutesDocumentId,
    recordedBy: record.recordedBy,
    recordedAt: record.recordedAt.toISOString(),
  };
}

export type MeetingView = ReturnType<typeof view>;

/**
 * Meetings about a case. A rapid review meeting is also the case's `rapid-review.meeting-held`
 * step: recording it applies that event (unless the case already records a meeting that day),
 * so the rapid review clock and the case page agree with the meeting record. The case step goes
 * first: if the case refuses it, no meeting is stored.
 */
export function createMeetingService(deps: MeetingServiceDependencies) {
  async function caseOf(principal: Principal, caseId: string): Promise<MeetingCase> {
    const found = await deps.findVisibleCase(principal, caseId);
    if (!found) throw new NotFoundError('No such case.');
    return found;
  }

  return {
    /** Records a meeting; with an Idempotency-Key a retry answers the first meeting (`replayed`), a reused key 422. */
    async record(principal: Principal, caseId: string, body: unknown, idempotencyKey?: string) {
      const hash = requestHash({ caseId, body });
      const id = newRecordId('meeting', principal, idempotencyKey);
      const replay = (first: MeetingRecord, names: Map<string, string>) => {
        if (first.requestHash !== hash)
          throw new RuleViolationError('This Idempotency-Key was already used for a different request.', 'idempotency-key-reused');
        return { replayed: true, meeting: view(first, names) };
      };
      if (idempotencyKey) {
        const first = await deps.repository.find(principal.partnershipId, id);
        if (first) return replay(first, await deps.organisationNames(principal.partnershipId));
      }
      const parsed = RecordMeetingSchema.safeParse(body);
      if (!parsed.success) throw new ValidationError('The request body is not valid.', issuesFromZod(parsed.error, ['body']));
      const input = parsed.data;
      const found = await caseOf(principal, caseId);
      if (input.heldOn > todayInEngland(deps.clock))
        throw new RuleViolationError('A meeting is recorded once it has been held: heldOn cannot be after today.', 'date-in-future');
      if (input.heldOn < found.incidentOn)
        throw new RuleViolationError('A meeting about the case cannot be before the incident.', 'date-before-incident');
      const names = await deps.organisationNames(principal.partnershipId);
      const unknown = input.attendees.find((attendee) => !names.has(attendee.organisationId));
      if (unknown)
        throw new RuleViolationError(`There is no organisation ${unknown.organisationId} in this partnership.`, 'organisation-unknown');
      if (input.minutesDocumentId && !(await deps.documentOfCase(principal, input.minutesDocumentId, found.id))) {
        throw new RuleViolationError('The minutes document is not a document of this case.', 'document-unknown');
      }
      if (input.kind === 'rapid-review' && !found.rapidReviewMeetingDays.includes(input.heldOn))
        await deps.recordMeetingHeld(principal, found.id, input.heldOn);
      const record: MeetingRecord = {
        _id: id,
        partnershipId: principal.partnershipId,
        caseId: found.id,
        kind: input.kind,
        heldOn: input.heldOn,
        attendees: input.attendees.map((attendee) => ({
          organisationId: attendee.organisationId,
          role: attendee.role,
          ...(attendee.name ? { name: attendee.name } : {}),
        })),
        minutesText: input.minutesText ?? null,
        minutesDocumentId: input.minutesDocumentId ?? null,
        recordedBy: principal.userId,
        recordedAt: deps.clock.now(),
        ...(idempotencyKey ? { requestHash: hash } : {}),
      };
      const first = await insertOnce(
        () => deps.repository.insert(record),
        () => deps.repository.find(principal.partnershipId, id),
        idempotencyKey,
      );
      if (first) return replay(first, names);
      return { replayed: false, meeting: view(record, names) };
    },

    async listForCase(principal: Principal, caseId: string) {
      const found = await caseOf(principal, caseId);
      const names = await deps.organisationNames(principal.partnershipId);
      return { items: (await deps.repository.listForCase(principal.partnershipId, found.id)).map((record) => view(record, names)) };
    },

    async get(principal: Principal, id: string) {
      const record = await deps.repository.find(principal.partnershipId, id);
      if (!record || !(await deps.findVisibleCase(principal, record.caseId))) throw new NotFoundError('No such meeting.');
      return view(record, await deps.organisationNames(principal.partnershipId));
    },

    /**
     * The case component's check before an event: a decision names only a rapid review meeting
     * of the same case (422 `meeting-unknown` otherwise).
     */
    async checkCaseEvent(principal: Principal, caseId: string, event: { type: string; meetingId?: unknown }) {
      if (event.type !== 'rapid-review.decided' || typeof event.meetingId !== 'string') return;
      const meeting = await deps.repository.find(principal.partnershipId, event.meetingId);
      if (!meeting || meeting.caseId !== caseId || meeting.kind !== 'rapid-review') {
        throw new RuleViolationError('The decision names a meeting that is not a rapid review meeting of this case.', 'meeting-unknown');
      }
    },

    /** The meeting a decision names, or else the case's latest rapid review meeting (for the report). */
    async decisionMeeting(principal: Principal, caseId: string, meetingId: string | null) {
      const meetings = (await deps.repository.listForCase(principal.partnershipId, caseId)).filter(
        (meeting) => meeting.kind === 'rapid-review',
      );
      const chosen = (meetingId ? meetings.find((meeting) => meeting._id === meetingId) : undefined) ?? meetings.at(-1);
      if (!chosen) return null;
      const names = await deps.organisationNames(principal.partnershipId);
      return {
        id: chosen._id,
        heldOn: chosen.heldOn,
        attendees: chosen.attendees.map(
          (attendee) => `${names.get(attendee.organisationId) ?? attendee.organisationId} (${attendee.role})`,
        ),
      };
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;
