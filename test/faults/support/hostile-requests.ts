/**
 * A deterministic corpus of malformed and hostile requests (RELIABILITY rows 3–7, 9): wrong types,
 * unknown keys, `$`-operators, `__proto__` and `constructor.prototype`, oversized bodies, bad
 * JSON, wrong content types, forged tokens, junk headers, paths and query strings. Built with
 * fast-check from a fixed seed, so a failure names a reproducible request.
 */
import { generateKeyPair, SignJWT, exportJWK } from 'jose';
import fc from 'fast-check';

export interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const OPERATORS = ['$ne', '$gt', '$regex', '$where', '$expr', '$in', '$exists', '$or', '$set', '$function'];
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  ...OPERATORS,
  'partnershipId',
  'version',
  'state',
  'history',
  'idempotencyKeys',
  '_id',
  '__v',
  'toString',
];

/** JSON values with hostile keys mixed in. */
const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 12 })), tie('value'), { maxKeys: 5 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.constantFrom(...OPERATORS).map((op) => ({ [op]: 1 })),
  ),
})).value;

/** Event bodies: real event types with wrong-typed, extra and operator-valued fields. */
const eventBody = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('agency-information.requested', 'case.closed', 'sin.submitted', 'deadline.passed', 'panel.responded'),
      hostileJson,
    ),
    agencies: hostileJson,
    submittedOn: fc.oneof(fc.constant('2025-02-30'), hostileJson),
    reasons: fc.oneof(fc.string({ maxLength: 50 }), hostileJson),
    extra: hostileJson,
  },
  { requiredKeys: [] },
);

/** Case openings: the right shape with wrong values, plus unknown keys. */
const openingBody = fc.record(
  {
    route: fc.oneof(fc.constantFrom('serious-incident', 'referral', 'nope'), hostileJson),
    incidentOn: fc.oneof(fc.constantFrom('2025-01-01', '2099-01-01', '01/02/2025'), hostileJson),
    laAwareOn: fc.oneof(fc.constant('2025-01-02'), hostileJson),
    children: fc.oneof(fc.constant([{ ageBand: '1-4', sex: 'male', legalStatus: [] }]), hostileJson),
    laArea: fc.oneof(fc.string({ maxLength: 20 }), hostileJson),
    partnershipId: fc.constantFrom('south', 'demo', { $ne: null }),
    state: fc.constant('closed'),
    version: fc.integer(),
  },
  { requiredKeys: [] },
);

const withProto = (json: string) => json.replace(/^\{/, '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},');

const junkSegment = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '%24ne',
    '..%2F..%2Fetc',
    '%00',
    'a'.repeat(300),
    '0'.repeat(32),
    'ffffffffffffffffffffffffffffffff',
    '__proto__',
    'constructor',
    '[object Object]',
  ),
);

const queryString = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom(
          'state',
          'route',
          'page',
          'pageSize',
          'overdue',
          'dueWithin',
          'agency',
          'status',
          'within',
          'year',
          '__proto__[x]',
          'state[$ne]',
          'page[$gt]',
          'constructor[prototype][x]',
          'unknown',
        ),
        fc.string({ maxLength: 8 }),
      ),
      fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('-1', '0', '1e9', 'NaN', 'true', '$ne', '[]', '{}', 'a'.repeat(2000))),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs
      .map(
        ([key, value]) =>
          `${encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%24/g, '$')}=${encodeURIComponent(value)}`,
      )
      .join('&'),
  );

/** Tokens that must all be refused: none, HS256 with the public key, foreign keys, wrong claims, garbage. */
export async function forgedTokens(validToken: string): Promise<string[]> {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const [header, payload] = validToken.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  const foreign = await generateKeyPair('ES256');
  const foreignJwk = await exportJWK(foreign.publicKey);
  const now = Math.floor(Date.now() / 1000);
  const sign = (patch: Record<string, unknown>, protectedHeader: Record<string, unknown> = { alg: 'ES256', typ: 'JWT' }) =>
    new SignJWT({ ...claims, ...patch }).setProtectedHeader(protectedHeader as never).sign(foreign.privateKey);
  return [
    `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
    `${b64({ alg: 'none' })}.${payload}.x`,
    `${b64({ alg: 'HS256', typ: 'JWT' })}.${payload}.${Buffer.from('forged').toString('base64url')}`,
    `${header}.${b64({ ...claims, role: 'admin' })}.${validToken.split('.')[2]}`,
    `${header}.${b64({ ...claims, partnership: 'south' })}.${validToken.split('.')[2]}`,
    `${header}.${payload}.${'A'.repeat(86)}`,
    await sign({}),
    await sign({}, { alg: 'ES256', typ: 'JWT', jwk: foreignJwk }),
    await sign({}, { alg: 'ES256', typ: 'JWT', jku: 'http://127.0.0.1:1/jwks.json', kid: 'x' }),
    await sign({ exp: now - 3600 }),
    `${validToken}x`,
    validToken.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
    `${validToken}=`,
    'a.b.c',
    'not-a-token',
    'x'.repeat(9000),
    `${header}.${payload}`,
  ];
}

/** `count` requests, spread over the kinds, reproducible from `seed`. */
export function hostileRequests(options: {
  count: number;
  seed: number;
  token: string;
  forged: string[];
  caseId: string;
  bodyLimit: number;
}): HostileRequest[] {
  const { token, forged, caseId, bodyLimit } = options;
  const auth = { Authorization: `Bearer ${token}` };
  const json = { ...auth, 'Content-Type': 'application/json' };
  const write = { ...json, 'If-Match': '"1"' };
  const kinds: fc.Arbitrary<HostileRequest>[] = [
    eventBody.map((body) => ({
      kind: 'event body',
      method: 'POST',
      path: `/api/cases/${caseId}/events`,
      headers: { ...write, 'Idempotency-Key': 'hostile-fixed' },
      body: JSON.stringify(body),
    })),
    eventBody.map((body) => ({
      kind: 'event body + __proto__',
      method: 'POST',
      path: `/api/cases/${caseId}/events`,
      headers: write,
      body: withProto(JSON.stringify(body)),
    })),
    openingBody.map((body) => ({ kind: 'opening body', method: 'POST', path: '/api/cases', headers: json, body: JSON.stringify(body) })),
    openingBody.map((body) => ({
      kind: 'opening body + __proto__',
      method: 'POST',
      path: '/api/cases',
      headers: json,
      body: withProto(JSON.stringify(body)),
    })),
    hostileJson.map((body) => ({
      kind: 'any JSON',
      method: 'POST',
      path: `/api/cases/${caseId}/events`,
      headers: write,
      body: JSON.stringify(body) ?? 'null',
    })),
    fc
      .constantFrom(
        '{"type":',
        '{"a":1,}',
        "{'a':1}",
        'NaN',
        '[1,2',
        '{"a":"\\uZZZZ"}',
        '\u0000',
        '{"a":1}{"b":2}',
        '['.repeat(5000) + ']'.repeat(5000),
        '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
      )
      .map((body) => ({ kind: 'bad or deep JSON', method: 'POST', path: '/api/cases', headers: json, body })),
    fc.constant(null).map(() => ({
      kind: 'oversized body',
      method: 'POST',
      path: '/api/cases',
      headers: json,
      body: JSON.stringify({ laArea: 'x'.repeat(bodyLimit) }),
    })),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/xml',
        'application/json; charset=utf-7',
        '',
      )
      .map((type) => ({
        kind: 'wrong content type',
        method: 'POST',
        path: `/api/cases/${caseId}/events`,
        headers: { ...auth, 'If-Match': '"1"', ...(type ? { 'Content-Type': type } : {}) },
        body: 'type=case.closed&reasons[$ne]=1',
      })),
    fc.constantFrom(...forged).map((forgedToken) => ({
      kind: 'forged token',
      method: 'GET',
      path: `/api/cases/${caseId}`,
      headers: { Authorization: `Bearer ${forgedToken}` },
    })),
    fc.constantFrom(...forged).map((forgedToken) => ({
      kind: 'forged token write',
      method: 'POST',
      path: `/api/cases/${caseId}/events`,
      headers: { Authorization: `Bearer ${forgedToken}`, 'Content-Type': 'application/json', 'If-Match': '"1"' },
      body: '{"type":"case.closed","reasons":"x"}',
    })),
    fc
      .constantFrom(
        'Basic YWRtaW46YWRtaW4=',
        'Bearer',
        'Bearer  ',
        `bearer ${token} extra`,
        'Token abc',
        `Bearer ${token}, Bearer ${token}`,
      )
      .map((header) => ({ kind: 'bad Authorization', method: 'GET', path: '/api/deadlines', headers: { Authorization: header } })),
    fc
      .tuple(
        fc.constantFrom('"x"', '*', '"1", "2"', 'W/"99999999999"', '-1', '"1e3"', ''),
        fc.string({ maxLength: 30 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      )
      .map(([ifMatch, key]) => ({
        kind: 'bad If-Match / Idempotency-Key',
        method: 'POST',
        path: `/api/cases/${caseId}/events`,
        headers: { ...json, 'If-Match': ifMatch, 'Idempotency-Key': key },
        body: '{"type":"agency-information.requested","agencies":["x"]}',
      })),
    junkSegment.map((segment) => ({ kind: 'junk case id', method: 'GET', path: `/api/cases/${segment}`, headers: auth })),
    junkSegment.map((segment) => ({
      kind: 'junk case id write',
      method: 'POST',
      path: `/api/cases/${segment}/events`,
      headers: write,
      body: '{"type":"case.closed","reasons":"x"}',
    })),
    queryString.map((query) => ({ kind: 'hostile query: cases', method: 'GET', path: `/api/cases?${query}`, headers: auth })),
    queryString.map((query) => ({ kind: 'hostile query: deadlines', method: 'GET', path: `/api/deadlines?${query}`, headers: auth })),
    queryString.map((query) => ({ kind: 'hostile query: report', method: 'GET', path: `/api/reports/yearly?${query}`, headers: auth })),
    queryString.map((query) => ({
      kind: 'hostile query: history',
      method: 'GET',
      path: `/api/cases/${caseId}/history?${query}`,
      headers: auth,
    })),
  ];
  return fc.sample(fc.oneof(...kinds), { numRuns: options.count, seed: options.seed });
}
