import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 10 (issue 14): audit attribution. Behind the documented load balancer every audit row
// carried the balancer's address, and any client could choose the X-Request-Id its access was
// recorded under. The attacks: a client sends its own X-Forwarded-For and X-Request-Id. Forwarded
// headers must count only from the proxies named in TRUST_PROXY; otherwise the service makes the
// request id itself. The test client is on loopback, so it plays the balancer when 127.0.0.1 is trusted.
let direct: ApiTestContext;
let behindBalancer: ApiTestContext;
let otherBalancer: ApiTestContext;

beforeAll(async () => {
  direct = await startApiTestApp(`${import.meta.filename}-direct`);
  behindBalancer = await startApiTestApp(`${import.meta.filename}-balancer`, { env: { TRUST_PROXY: '127.0.0.1' } });
  otherBalancer = await startApiTestApp(`${import.meta.filename}-other`, { env: { TRUST_PROXY: '10.0.0.1,192.168.0.0/16' } });
});
afterAll(async () => {
  await direct?.close();
  await behindBalancer?.close();
  await otherBalancer?.close();
});

/** Reads a case id nobody has (404, still audited) with the given headers; returns the response and its audit row. */
async function auditedRead(api: ApiTestContext, headers: Record<string, string>) {
  const caseId = randomBytes(16).toString('hex');
  const response = await api.call('GET', `/api/cases/${caseId}`, { as: 'north-chair', headers });
  expect(response.status).toBe(404);
  const row = await api.database.connection.collection('access_audit').findOne({ resourceId: caseId });
  expect(row, 'an audit row for the read').not.toBeNull();
  return { response, row: row as unknown as { ip: string | null; requestId: string } };
}

const CLIENT_HEADERS = { 'X-Forwarded-For': '203.0.113.9', 'X-Request-Id': 'chosen-by-the-client-0001' };

describe('forwarded headers and request ids', () => {
  it('a client talking to the service directly cannot choose its address or request id', async () => {
    const { response, row } = await auditedRead(direct, CLIENT_HEADERS);
    expect(row.ip).toMatch(/127\.0\.0\.1$/);
    expect(row.requestId).not.toBe(CLIENT_HEADERS['X-Request-Id']);
    expect(response.headers.get('x-request-id')).toBe(row.requestId);
    expect(response.body.requestId).toBe(row.requestId);
  });

  it('behind a configured balancer, the audit row names the client the balancer saw, under the balancer’s request id', async () => {
    const { response, row } = await auditedRead(behindBalancer, CLIENT_HEADERS);
    expect(row.ip).toBe('203.0.113.9');
    expect(row.requestId).toBe(CLIENT_HEADERS['X-Request-Id']);
    expect(response.headers.get('x-request-id')).toBe(CLIENT_HEADERS['X-Request-Id']);
  });

  it('a peer that is not one of the configured proxies is not believed', async () => {
    const { row } = await auditedRead(otherBalancer, CLIENT_HEADERS);
    expect(row.ip).toMatch(/127\.0\.0\.1$/);
    expect(row.requestId).not.toBe(CLIENT_HEADERS['X-Request-Id']);
  });
});
