import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { publicRoute } from '../../../src/access/policy.js';
import { createAuditRecorder } from '../../../src/audit/audit.recorder.js';
import { createAuditRepository } from '../../../src/audit/audit.repository.js';
import { audited } from '../../../src/audit/audited.js';
import { connectDatabase } from '../../../src/database/connection.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

// When the audit row cannot be stored, a read discloses nothing (503) and a write's response still
// goes out (the change is already saved and its own history names who made it). The failure is
// real: the recorder writes through a connection to the test server that has been closed.
const clock = fixedClock('2025-03-03T10:00:00Z');
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp(import.meta.filename, async (database) => {
    const closed = await connectDatabase(inject('mongoUri'), `${database.connection.name}_closed`, 2000);
    await closed.close();
    const probe = (name: string, repository: ReturnType<typeof createAuditRepository>) => {
      const router = Router();
      router.use(`/${name}`, createAuditRecorder({ repository, clock }));
      router.get(`/${name}/records/:id`, audited('probe.read', 'id'), publicRoute(), (_request, response) => {
        response.setHeader('ETag', '"1"');
        response.json({ secret: 'disclosed content' });
      });
      router.post(`/${name}/records`, audited('probe.write'), publicRoute(), (_request, response) => {
        response.status(201).location(`/api/${name}/records/r1`).json({ id: 'r1' });
      });
      return router;
    };
    return [probe('broken', createAuditRepository(closed.connection)), probe('working', createAuditRepository(database.connection))];
  });
});
afterAll(() => app?.close());

const get = (path: string) => fetch(`${app.baseUrl}/api${path}`);
const post = (path: string) => fetch(`${app.baseUrl}/api${path}`, { method: 'POST' });

describe('an audit row that cannot be stored', () => {
  it('turns a successful read into a 503 problem that discloses nothing', async () => {
    const response = await get('/broken/records/r1');
    const text = await response.text();
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('etag')).not.toBe('"1"'); // the withheld representation's tag is gone
    expect(text).not.toContain('disclosed content');
    expect(JSON.parse(text)).toMatchObject({ status: 503, requestId: response.headers.get('x-request-id') });
  });

  it('still answers a write, whose change is already saved', async () => {
    const response = await post('/broken/records');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 'r1' });
  });

  it('with a working trail the same read succeeds and leaves its row; a creation is named from Location', async () => {
    const read = await get('/working/records/r1');
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ secret: 'disclosed content' });
    const created = await post('/working/records');
    expect(created.status).toBe(201);
    const rows = await app.database.connection.collection('access_audit').find({}).sort({ action: 1 }).toArray();
    expect(rows.map((row) => [row['action'], row['resourceId'], row['outcome'], row['status'], row['route']])).toEqual([
      ['probe.read', 'r1', 'allowed', 200, '/api/working/records/:id'],
      ['probe.write', 'r1', 'allowed', 201, '/api/working/records'],
    ]);
  });
});
