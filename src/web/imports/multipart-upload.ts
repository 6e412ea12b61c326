import busboy from 'busboy';
import type { Request } from 'express';
import { HttpStatusError } from '../../http/problem.js';
import { ValidationError } from '../../errors/app-errors.js';

/** A form with one file: its text fields and the file's bytes. */
export interface Upload {
  fields: Record<string, string>;
  file: Buffer | null;
}

/**
 * Reads a `multipart/form-data` form holding at most one file of at most `limitBytes` (413 over
 * it) and a few short text fields. The file is kept in memory only for this request; nothing of it
 * is logged.
 */
export function readUpload(request: Request, limitBytes: number): Promise<Upload> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: request.headers, limits: { files: 1, fileSize: limitBytes, fields: 10, fieldSize: 1000, parts: 12 } });
    } catch {
      reject(new ValidationError('Send the form as multipart/form-data.'));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let sawFile = false;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      request.unpipe(parser);
      request.resume();
      reject(error);
    };
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream) => {
      sawFile = true;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(new HttpStatusError(413, 'Content too large', `The file is larger than ${Math.round(limitBytes / 1_000_000)} MB.`)));
    });
    parser.on('error', () => fail(new ValidationError('The form could not be read.')));
    parser.on('close', () => {
      if (!failed) resolve({ fields, file: sawFile ? Buffer.concat(chunks) : null });
    });
    request.pipe(parser);
  });
}
