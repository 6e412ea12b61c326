import { z } from 'zod';
import type { OperationSpec } from '../openapi/operation.js';

export const lifecycleOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/workflows',
    summary: 'The lifecycle machines and their versions',
    tag: 'Workflows',
    auth: 'public',
    responses: {
      200: {
        description: 'The machines.',
        schema: z.object({
          items: z.array(z.object({ id: z.string(), currentVersion: z.number(), versions: z.array(z.number()), href: z.string() })),
        }),
      },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/workflows/:id',
    summary: 'One machine as Stately-importable JSON and as a Mermaid stateDiagram-v2',
    tag: 'Workflows',
    auth: 'public',
    params: z.object({ id: z.string() }),
    query: z.object({ version: z.number().int().optional() }),
    responses: {
      200: {
        description: 'The machine.',
        schema: z.object({ id: z.string(), version: z.number(), stately: z.record(z.string(), z.unknown()), mermaid: z.string() }),
      },
    },
    errors: [400, 404],
  },
];
