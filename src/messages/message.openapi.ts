import type { OperationSpec } from '../openapi/operation.js';
import {
  CaseMessagesParamsSchema,
  CaseMessagesResponseSchema,
  MessageParamsSchema,
  MessageViewSchema,
  TaskDoneBodySchema,
} from './message.schemas.js';

export const messageOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/cases/:id/messages',
    summary: "A case's messages: e-mails with their delivery state, and notices for the business unit to make",
    description:
      'Derived from what the lifecycle recorded (notify-* effects, requests, appointments) and sent exactly once through the message outbox. Panel, Secretary of State, Ofsted and NSPCC notices are tasks (`to-do`), made by people through the Panel portal.',
    tag: 'Messages',
    auth: 'bearer',
    roles: ['chair', 'business-unit', 'admin'],
    params: CaseMessagesParamsSchema,
    responses: { 200: { description: 'The messages, oldest first.', schema: CaseMessagesResponseSchema } },
    errors: [400, 401, 403, 404, 503],
  },
  {
    method: 'post',
    path: '/cases/:id/messages/:messageId/done',
    summary: 'Records a notice task as made (with the date it was made)',
    tag: 'Messages',
    auth: 'bearer',
    roles: ['business-unit'],
    params: MessageParamsSchema,
    body: TaskDoneBodySchema,
    responses: { 200: { description: 'The task, now done.', schema: MessageViewSchema } },
    errors: [400, 401, 403, 404, 415, 422, 503],
  },
];
