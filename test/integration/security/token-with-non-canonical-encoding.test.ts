import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Found by the fault suite's hostile-request run while working on issue 14: a bearer token whose
// last base64url character is changed only in its unused low bits decodes to the same bytes, so
// its signature still verified and a "forged" spelling of a real token was accepted. One token
// must have one spelling (for logs, replay checks and caches): every segment must be canonical.
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename);
});
afterAll(() => api?.close());

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same bytes, spelled differently: the last character's unused low bits set. */
function respell(segment: string): string {
  const unusedBits = (segment.length * 6) % 8;
  const last = ALPHABET.indexOf(segment.at(-1)!);
  return `${segment.slice(0, -1)}${ALPHABET[last | ((1 << unusedBits) - 1)]}`;
}

describe('a real token spelled another way', () => {
  it('is refused, while the token itself is accepted', async () => {
    const token = await api.token('north-chair');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(Buffer.from(respell(signature), 'base64url').equals(Buffer.from(signature, 'base64url'))).toBe(true);
    const call = (value: string) =>
      fetch(`${api.baseUrl}/api/cases`, { headers: { Authorization: `Bearer ${value}` } }).then((response) => response.status);
    expect(await call(token)).toBe(200);
    expect(await call(`${header}.${payload}.${respell(signature)}`)).toBe(401);
  });
});
