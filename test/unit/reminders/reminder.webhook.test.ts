import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from '../../../src/reminders/reminder.webhook.js';

const SECRET = 'synthetic-webhook-secret-0123456789abcdef';
const BODY = '{"id":"r1"}';
// 2025-03-10T10:00:00Z; the HMAC worked out with
// printf '%s' '1741600800.{"id":"r1"}' | openssl dgst -sha256 -hmac 'synthetic-webhook-secret-0123456789abcdef'
const T = 1741600800;
const V1 = '9fc2dbc63430d916511c8685e9f239f9b17ff04fe08e8bcca2d3c3de67a5529a';

describe('signatureHeader', () => {
  it('is t=<seconds>,v1=<HMAC-SHA256 of "t.body" in hex>', () => {
    expect(signatureHeader(SECRET, T, BODY)).toBe(`t=${T},v1=${V1}`);
  });
});

describe('verifySignature', () => {
  it('accepts the signature within the tolerance', () => {
    expect(verifySignature(SECRET, `t=${T},v1=${V1}`, BODY, T + 299)).toBe(true);
  });

  it.each([
    ['a changed body', `t=${T},v1=${V1}`, '{"id":"r2"}', T],
    ['a changed timestamp', `t=${T + 1},v1=${V1}`, BODY, T],
    ['a replay after the tolerance', `t=${T},v1=${V1}`, BODY, T + 301],
    ['a malformed header', `v1=${V1}`, BODY, T],
    ['no header', undefined, BODY, T],
    ['upper-case hex', `t=${T},v1=${V1.toUpperCase()}`, BODY, T],
  ])('refuses %s', (_label, header, body, now) => {
    expect(verifySignature(SECRET, header, body, now)).toBe(false);
  });

  it('refuses another secret', () => {
    expect(verifySignature('another-secret-of-at-least-32-chars!!', `t=${T},v1=${V1}`, BODY, T)).toBe(false);
  });
});
