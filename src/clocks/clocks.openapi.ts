import type { OperationSpec } from '../openapi/operation.js';
import { ClockQuerySchema } from './clocks.routes.js';
import { z } from 'zod';

const CalculatedClockSchema = z
  .object({
    clockId: z.string(),
    title: z.string(),
    status: z.enum(['statutory', 'guidance', 'local']),
    length: z.number().int(),
    unit: z.enum(['working-days', 'months', 'years']),
    direction: z.enum(['after', 'before']),
    startsFrom: z.string(),
    dueOn: z.string(),
  })
  .strict();

export const clockOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/clocks',
    summary: 'Deadline calculator: every clock that starts from a date, with its due date',
    description:
      'Give exactly one of awareOn (the notification and rapid review clocks), publishOn (the latest date to send the final report) or commissionedOn (the LCSPR due date).',
    tag: 'Clocks',
    auth: 'public',
    query: ClockQuerySchema,
    responses: {
      200: {
        description: 'The clocks and their due dates.',
        schema: z.object({ clocks: z.array(CalculatedClockSchema) }).catchall(z.string()),
      },
    },
    errors: [400, 422],
  },
];
