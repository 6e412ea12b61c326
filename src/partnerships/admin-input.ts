import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ValidationError } from '../errors/app-errors.js';
import { issuesFromZod } from '../errors/field-issues.js';

/** How the administration services read their input: parsing, patches, ids made from names. */

/** Parses input, or throws a 400 naming each wrong field under `body.` (one line, for the CLI too). */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = issuesFromZod(result.error, ['body']);
  throw new ValidationError(errors.map((e) => `${e.path.replace(/^body\.?/, '') || 'body'}: ${e.message}`).join('; '), errors);
}

export function parseQuery<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError('The request query string is not valid.', issuesFromZod(result.error, ['query']));
}

/** `{ a: 1, b: null }` → set a, unset b (null removes an optional field). */
export function splitPatch(patch: Record<string, unknown>): { set: Record<string, unknown>; unset: string[] } {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) unset.push(key);
    else set[key] = value;
  }
  return { set, unset };
}

/** The record as it would be after the patch (null removes a field), to check it whole. */
export function patched(record: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...record };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  return merged;
}

/** A readable id made from a name: `north` + "Riverside Academy" → `north-riverside-academy`. */
export function idFromName(prefix: string, name: string): string {
  const slug = name
    .normalize('NFKD')
    // Accents off (é → e) and apostrophes out (Children’s → childrens) before the rest become dashes.
    .replace(/[\u0300-\u036f'’]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug ? `${prefix}-${slug}` : `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** A unique index refused the write (someone else wrote the same key between our check and our write). */
export const isDuplicateKey = (error: unknown) => (error as { code?: unknown })?.code === 11000;
