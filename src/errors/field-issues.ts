import type { ZodError } from 'zod';
import type { FieldIssue } from './app-errors.js';

/**
 * Zod's issue list as the `errors` of a ValidationError, each path prefixed with where the input
 * came from (`body`, `query`, `actor`…). The one mapper for HTTP input, services and the workflows.
 */
export function issuesFromZod(error: ZodError, prefix: string[] = []): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map(String)].join('.') || '(root)',
    code: issue.code,
    message: issue.message,
  }));
}
