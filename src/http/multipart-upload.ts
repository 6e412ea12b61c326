import busboy from 'busboy';
import type { Request } from 'express';
import { HttpStatusError } from './problem.js';
import { ValidationError } from '../errors/app-errors.js';
import { DeadlineError, withDeadline } from '../shared/deadline.js';

/** How long a whole upload may take to arrive: a 2 MB file needs seconds, not minutes. */
export const UPLOAD_DEADLINE_MS = 60_000;

/** A form with one file: its text fields, the file's bytes and the name the client gave it. */
export interface Upload {
  fields: Record<string, string>;
  file: Buffer | null;
  /** As sent by the client: never trusted for the type, only shown (after cleaning) as a name. */
  fileName: string | null;
}

/**
 * Reads a `multipart/form-data` form holding at most one file of at most `limitBytes` (413 over
 * it) and a few short text fields, all of it within `deadlineMs` (408 after it: a client that
 * stops sending mid-form would otherwise hold the request open for ever). The file is kept in
 * memory only for this request; nothing of it is logged.
 */
export async function readUpload(request: Request, limitBytes: number, deadlineMs = UPLOAD_DEADLINE_MS): Promise<Upload> {
  let parser: busboy.Busboy | undefined;
  const reading = new Promise<Upload>((resolve, reject) => {
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: limitBytes, fields: 10, fieldSize: 1000, parts: 12 } });
    } catch {
      reject(new ValidationError('Send the form as multipart/form-data.'));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let sawFile = false;
    let fileName: string | null = null;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume();
      reject(error);
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      sawFile = true;
      fileName = info.filename ?? null;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new HttpStatusError(413, 'Content too large', `The file is larger than ${megabytes(limitBytes)} MB.`)));
    });
    parser.on('error', () => fail(new ValidationError('The form could not be read.')));
    parser.on('close', () => {
      if (!failed) resolve({ fields, file: sawFile ? Buffer.concat(chunks) : null, fileName });
    });
    request.pipe(parser);
  });
  try {
    return await withDeadline(reading, deadlineMs, 'whole uploaded form');
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    if (parser) request.unpipe(parser);
    request.resume();
    throw new HttpStatusError(
      408,
      'Request timeout',
      `The form did not arrive within ${Math.round(deadlineMs / 1000)} seconds. Try again.`,
    );
  }
}

/** A limit as people read it: 20 for 20 000 000 bytes, 0.5 for 500 000. */
function megabytes(bytes: number): string {
  return String(Math.round(bytes / 100_000) / 10);
}
