import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.js';

// A tiny router that writes what it is sent, so body handling is tested through a real route.
function echoRouter(app: () => TestApp): Router {
  const router = Router();
  router.post('/echo', async (request, response) => {
    await app().database.connection.collection('echo').insertOne({ body: request.body });
    response.status(201).json({ stored: true });
  });
  return router;
}

let app: TestApp;
beforeAll(async () => {
  // The test client is on loopback and plays a configured proxy, whose X-Request-Id is kept
  // (test/integration/security/forwarded-headers-forged-by-a-client.test.ts covers the others).
  app = await startTestApp(import.meta.filename, () => [echoRouter(() => app)], { TRUST_PROXY: 'loopback' });
});
afterAll(() => app?.close());

describe('health and readiness', () => {
  it('GET /health answers 200 JSON', async () => {
    const response = await fetch(`${app.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('GET /ready pings the real database', async () => {
    const response = await fetch(`${app.baseUrl}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('every response carries a request id, and a sane one from a configured proxy is kept', async () => {
    const response = await fetch(`${app.baseUrl}/health`, { headers: { 'X-Request-Id': 'trace-abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('trace-abc-123');
    const forged = await fetch(`${app.baseUrl}/health`, { headers: { 'X-Request-Id': 'bad id\twith tab' } });
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('bad input becomes problem+json and writes nothing', () => {
  const post = (body: string | Buffer, contentType = 'application/json') =>
    fetch(`${app.baseUrl}/api/echo`, { method: 'POST', headers: { 'Content-Type': contentType }, body });

  async function expectProblem(response: Response, status: number) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status, instance: '/api/echo' });
    expect(body['requestId']).toBe(response.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    return body;
  }

  it('invalid JSON → 400', async () => {
    await expectProblem(await post('{"a":'), 400);
  });

  it('a body over the limit → 413', async () => {
    await expectProblem(await post(JSON.stringify({ text: 'x'.repeat(app.config.JSON_BODY_LIMIT_BYTES + 1) })), 413);
  });

  it('a non-JSON content type → 415', async () => {
    await expectProblem(await post('a=1', 'application/x-www-form-urlencoded'), 415);
  });

  it('an unknown path → 404', async () => {
    const response = await fetch(`${app.baseUrl}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('none of the refused requests reached the database, and a good one did', async () => {
    expect(await app.database.connection.collection('echo').countDocuments()).toBe(0);
    const ok = await post(JSON.stringify({ hello: 'world' }));
    expect(ok.status).toBe(201);
    expect(await app.database.connection.collection('echo').countDocuments()).toBe(1);
  });
});

describe('deeply nested JSON', () => {
  it('is refused with 400 before anything walks it', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const response = await fetch(`${app.baseUrl}/api/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: deep,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toContain('nested more than 32 levels');
  });
});
