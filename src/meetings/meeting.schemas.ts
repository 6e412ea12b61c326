import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/calendar-date.js';
import { PrincipalIdSchema } from '../access/principal.js';

/** The rapid review meeting, and later the local review's panel meetings. */
export const MEETING_KINDS = ['rapid-review', 'review-panel'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

const HEX_ID = /^[a-f0-9]{32}$/;
export const MeetingIdSchema = z.string().regex(HEX_ID, 'an id is 32 hexadecimal characters');
export const CaseMeetingsParamsSchema = z.strictObject({ caseId: z.string().regex(HEX_ID, 'a case id is 32 hexadecimal characters') });
export const MeetingParamsSchema = z.strictObject({ id: MeetingIdSchema });

/** Someone who attended, by organisation and role; a professional's name is optional. */
export const AttendeeSchema = z.strictObject({
  organisationId: PrincipalIdSchema,
  /** Their role at the meeting or in their organisation: "Detective Inspector", "Designated safeguarding lead". */
  role: z.string().trim().min(1).max(100),
  name: z.string().trim().min(1).max(100).optional(),
});

export const RecordMeetingSchema = z
  .strictObject({
    kind: z.enum(MEETING_KINDS),
    heldOn: CalendarDateSchema,
    attendees: z.array(AttendeeSchema).min(1).max(60),
    /** The minutes as text, or as a document of the case (src/documents), or both. */
    minutesText: z.string().trim().min(1).max(20_000).optional(),
    minutesDocumentId: z.string().regex(HEX_ID, 'a document id is 32 hexadecimal characters').optional(),
  })
  .superRefine((meeting, ctx) => {
    const seen = new Set<string>();
    for (const [index, attendee] of meeting.attendees.entries()) {
      const key = `${attendee.organisationId}\u0000${attendee.role.toLowerCase()}\u0000${attendee.name?.toLowerCase() ?? ''}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['attendees', index], message: 'the same attendee is listed twice' });
      seen.add(key);
    }
  });
export type RecordMeeting = z.infer<typeof RecordMeetingSchema>;

export const MeetingViewSchema = z.strictObject({
  id: z.string(),
  caseId: z.string(),
  kind: z.enum(MEETING_KINDS),
  heldOn: CalendarDateSchema,
  attendees: z.array(
    z.strictObject({ organisationId: z.string(), organisationName: z.string(), role: z.string(), name: z.string().optional() }),
  ),
  minutesText: z.string().nullable(),
  minutesDocumentId: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export const MeetingListSchema = z.strictObject({ items: z.array(MeetingViewSchema) });
