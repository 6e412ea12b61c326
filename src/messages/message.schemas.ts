import { z } from 'zod';
import { CalendarDateSchema } from '../calendar/index.js';
import { MESSAGE_KINDS, MESSAGE_STATUSES } from './message.model.js';

export const CaseMessagesParamsSchema = z
  .object({ id: z.string().regex(/^[a-f0-9]{32}$/, 'a case id is 32 hexadecimal characters') })
  .strict();

export const MessageParamsSchema = z
  .object({
    id: z.string().regex(/^[a-f0-9]{32}$/, 'a case id is 32 hexadecimal characters'),
    messageId: z.string().regex(/^[a-f0-9]{32}$/, 'a message id is 32 hexadecimal characters'),
  })
  .strict();

export const TaskDoneBodySchema = z.object({ doneOn: CalendarDateSchema }).strict();

export const MessageViewSchema = z.object({
  id: z.string().describe('An opaque id of the message (a digest of its exactly-once key).'),
  kind: z.enum(MESSAGE_KINDS),
  template: z.string(),
  title: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  audience: z.object({ role: z.string(), organisationId: z.string().optional(), userId: z.string().optional() }).nullable(),
  causedBy: z.string().describe('The user whose action caused the message.'),
  plannedAt: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable().describe('A code, never a server message.'),
  recipients: z.array(z.string()),
  finishedAt: z.string().nullable(),
  doneBy: z.string().nullable(),
  doneOn: z.string().nullable(),
});

export const CaseMessagesResponseSchema = z.object({ caseId: z.string(), items: z.array(MessageViewSchema), toDo: z.number().int() });
