import type { Request, Response } from 'express';
import { PreconditionRequiredError, ValidationError } from '../errors/app-errors.js';

const VERSION_TAG = /^(?:W\/)?"?(\d{1,9})"?$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The version an `If-Match` header names; undefined when absent. `*` and lists are refused. */
export function ifMatchVersion(request: Request): number | undefined {
  const header = request.get('if-match');
  if (header === undefined) return undefined;
  const match = VERSION_TAG.exec(header.trim());
  if (!match) {
    throw new PreconditionRequiredError('If-Match must name exactly one version, as given in the ETag (for example "3").');
  }
  return Number(match[1]);
}

/** The `Idempotency-Key` header, if sent: 1 to 200 visible ASCII characters. */
export function idempotencyKey(request: Request): string | undefined {
  const header = request.get('idempotency-key');
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw new ValidationError('Idempotency-Key must be 1 to 200 visible ASCII characters.', [
      { path: 'headers.idempotency-key', code: 'invalid_format', message: 'visible ASCII, at most 200' },
    ]);
  }
  return header;
}

export function setVersionTag(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}

export function markReplay(response: Response, replayed: boolean): void {
  if (replayed) response.setHeader('Idempotent-Replayed', 'true');
}
