import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { AppError } from '../../../src/errors/app-errors.js';
import { readUpload } from '../../../src/http/multipart-upload.js';
import { withDeadline } from '../../../src/shared/deadline.js';

// A client that starts a multipart upload and then stops sending must not hold the request open
// for ever: the reader gives up at its deadline with a 408. Real HTTP, a real stalled client.
const BOUNDARY = 'synthetic-boundary';
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    readUpload(request as Request, 1_000_000, 300).then(
      (upload) => response.writeHead(200).end(JSON.stringify({ fields: upload.fields, bytes: upload.file?.length ?? 0 })),
      (error: unknown) =>
        response.writeHead(error instanceof AppError ? error.status : 500).end(error instanceof Error ? error.message : ''),
    );
  });
  await withDeadline(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)), 5000, 'test HTTP server to listen');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  // A stalled client's socket would keep close() waiting: end every connection first.
  server.closeAllConnections();
  await withDeadline(new Promise<void>((resolve) => server.close(() => resolve())), 5000, 'test HTTP server to close');
});

const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="log.csv"\r\nContent-Type: text/csv\r\n\r\n`;

/** Posts `body` (ending the request only if `end`), and gives up after 5 s saying it waited for `waitingFor`. */
function send(body: string, end: boolean, waitingFor: string): Promise<{ status: number; text: string }> {
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on('error', reject);
    request.write(body);
    if (end) request.end();
  });
  return withDeadline(answer, 5000, waitingFor);
}

describe('reading an uploaded form', () => {
  it('reads a whole form', async () => {
    const answer = await send(`${head}reference,route\r\n\r\n--${BOUNDARY}--\r\n`, true, 'answer to a whole upload');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ fields: {}, bytes: 'reference,route\r\n'.length });
  });

  it('answers 408 when the client stops sending half way, instead of waiting for ever', async () => {
    const answer = await send(`${head}reference,rou`, false, 'answer to a stalled upload');
    expect(answer.status).toBe(408);
    expect(answer.text).toMatch(/did not arrive/);
  });
});
