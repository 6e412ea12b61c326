import { z } from 'zod';
import type { OperationSpec } from './operation.js';

export const documentationOperations: OperationSpec[] = [
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    tag: 'Documentation',
    auth: 'public',
    responses: { 200: { description: 'The OpenAPI 3.1 document.', schema: z.record(z.string(), z.unknown()) } },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'The API reference as a readable page',
    tag: 'Documentation',
    auth: 'public',
    responses: { 200: { description: 'An HTML page.', contentType: 'text/html' } },
    errors: [],
  },
];
