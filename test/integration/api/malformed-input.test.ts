import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_OPERATIONS } from '../../../src/operations.js';
import type { OperationSpec } from '../../../src/openapi/operation.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// RELIABILITY rows 4, 6 and 7: malformed values for every field of every documented route, plus
// operator injection and prototype pollution. Every answer must be a 4xx problem; none a 5xx.
const clock = fixedClock('2025-03-04T09:00:00Z');
let api: ApiTestContext;
let caseId: string;
const statuses: number[] = [];

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '1-4', sex: 'male', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  caseId = opened.body.id;
});
afterAll(async () => {
  const total = statuses.length;
  const fives = statuses.filter((s) => s >= 500).length;
  const fours = statuses.filter((s) => s >= 400 && s < 500).length;
  console.log(
    `${total} malformed requests over ${ALL_OPERATIONS.length} operations: ${((100 * fours) / Math.max(total, 1)).toFixed(1)} % 4xx, ${fives} 5xx`,
  );
  await api?.close();
});

/** Values of the wrong shape for any field, including operator objects and prototype keys. */
const hostileValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, '', ' ', '\u0000', 'x'.repeat(5000), [], {}, [[]]),
  fc.constantFrom<unknown>({ $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, { $regex: '.*' }, { $expr: { $eq: [1, 1] } }),
  fc.constantFrom<unknown>(JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

function topLevelKeys(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    anyOf?: { properties?: Record<string, unknown> }[];
    oneOf?: { properties?: Record<string, unknown> }[];
  };
  const variants = [json, ...(json.anyOf ?? []), ...(json.oneOf ?? [])];
  return [...new Set(variants.flatMap((variant) => Object.keys(variant.properties ?? {})))];
}

function pathFor(spec: OperationSpec, id: string): string {
  return `/api${spec.path.replace(/:([A-Za-z]+)/g, () => id)}`;
}

function userFor(spec: OperationSpec): string | undefined {
  if (spec.auth !== 'bearer') return undefined;
  const roles = spec.roles ?? [];
  for (const [role, user] of [
    ['business-unit', 'north-business-unit'],
    ['chair', 'north-chair'],
    ['admin', 'north-admin'],
    ['agency', 'north-agency-school'],
  ] as const) {
    if (roles.length === 0 || roles.includes(role)) return user;
  }
  return 'north-chair';
}

async function send(spec: OperationSpec, options: { query?: string; body?: unknown; id?: string }) {
  const url = `${pathFor(spec, options.id ?? caseId)}${options.query ? `?${options.query}` : ''}`;
  const as = userFor(spec);
  const hasBody = spec.method !== 'get' && spec.method !== 'delete';
  const response = await api.call(spec.method.toUpperCase(), url, {
    ...(as ? { as } : {}),
    ...(hasBody ? { body: 'body' in options ? options.body : {} } : {}),
    headers: { 'If-Match': '"1"' },
  });
  statuses.push(response.status);
  return response;
}

function expectClientError(response: { status: number; headers: Headers; body: unknown }, what: string) {
  expect(response.status, what).toBeGreaterThanOrEqual(400);
  expect(response.status, what).toBeLessThan(500);
  expect(response.headers.get('content-type'), what).toContain('application/problem+json');
  expect(JSON.stringify(response.body), what).not.toMatch(/\bat .+\.(ts|js):\d+|MongoServerError|E11000|CastError/);
}

describe('every documented route refuses malformed input with a 4xx problem', () => {
  it('body fields of every write, each replaced by hostile values', async () => {
    for (const spec of ALL_OPERATIONS.filter((s) => s.body)) {
      const keys = topLevelKeys(spec.body);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...keys, '$where', '__proto__', 'unknownKey'), hostileValue, async (key, value) => {
          const body = { [key]: value };
          const response = await send(spec, { body });
          const what = `${spec.method} ${spec.path} ${key}=${JSON.stringify(value)?.slice(0, 80)}`;
          // A free-text field may happen to receive a valid value; then anything but a 5xx will do.
          if (spec.body!.safeParse(body).success) expect(response.status, what).toBeLessThan(500);
          else expectClientError(response, what);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('whole bodies of the wrong JSON type', async () => {
    for (const spec of ALL_OPERATIONS.filter((s) => s.body)) {
      for (const body of [[], 'text', 42, null, [{ type: 'sin.submitted' }]]) {
        expectClientError(await send(spec, { body }), `${spec.method} ${spec.path} body ${JSON.stringify(body)}`);
      }
    }
  });

  it('query parameters: hostile strings, bracket operators and unknown keys', async () => {
    for (const spec of ALL_OPERATIONS.filter((s) => s.query)) {
      const keys = topLevelKeys(spec.query);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...keys),
          fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '1e9', 'NaN', '%00', 'true&true', '9'.repeat(400))),
          async (key, value) => {
            const response = await send(spec, {
              query: `${encodeURIComponent(key)}=${encodeURIComponent(value)}&${encodeURIComponent(key)}[$ne]=x`,
            });
            expectClientError(response, `${spec.path}?${key}=${value}`);
          },
        ),
        { numRuns: 25 },
      );
      for (const query of ['unknownKey=1', '__proto__[polluted]=1', 'constructor[prototype][polluted]=1']) {
        expectClientError(await send(spec, { query }), `${spec.path}?${query}`);
      }
    }
  });

  it('path parameters that are not ids', async () => {
    for (const spec of ALL_OPERATIONS.filter((s) => s.path.includes(':'))) {
      for (const id of ['%24ne', '..%2F..%2Fetc', 'x'.repeat(300), '%7B%22%24gt%22%3A%22%22%7D', '__proto__']) {
        const response = await send(spec, { id, body: {} });
        expectClientError(response, `${spec.method} ${spec.path} id=${id}`);
      }
    }
  });

  it('leaves Object.prototype untouched', () => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
