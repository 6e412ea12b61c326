import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';
import { PROJECT_ROOT } from '../../support/test-env.js';

// A case stored on machine version 1 (a real v1 snapshot from the fixture corpus) is moved to
// version 2 only by the explicit migration endpoint, which records it in the history.
const clock = fixedClock('2025-03-04T10:00:00Z');
let api: ApiTestContext;
let caseId: string;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
  const opened = await api.call('POST', '/api/cases', {
    as: 'north-business-unit',
    body: {
      route: 'serious-incident',
      incidentOn: '2025-03-01',
      laAwareOn: '2025-03-03',
      children: [{ ageBand: '1-4', sex: 'female', legalStatus: [] }],
      laArea: 'Northshire',
    },
  });
  caseId = opened.body.id;
  const fixture = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'test/unit/workflows/fixtures/v1/notification.json'), 'utf8')) as {
    persisted: unknown;
  };
  await api.database.connection.collection('cases').updateOne({ _id: caseId as never }, { $set: { workflow: fixture.persisted } });
});
afterAll(() => api?.close());

describe('POST /api/cases/:id/migration', () => {
  it('is for admins only, and needs If-Match', async () => {
    expect(
      (
        await api.call('POST', `/api/cases/${caseId}/migration`, {
          as: 'north-chair',
          body: { toVersion: 2 },
          headers: { 'If-Match': '"1"' },
        })
      ).status,
    ).toBe(403);
    expect((await api.call('POST', `/api/cases/${caseId}/migration`, { as: 'north-admin', body: { toVersion: 2 } })).status).toBe(428);
  });

  it('moves the case to version 2 and records machine.migrated in its history', async () => {
    const before = await api.call('GET', `/api/cases/${caseId}`, { as: 'north-business-unit' });
    expect(before.body.machine).toEqual({ id: 'case-lifecycle', version: 1 });
    expect(before.body.acceptedEvents).toContain('sin.submitted');
    expect(before.body.acceptedEvents).not.toContain('partners.informed');
    const response = await api.call('POST', `/api/cases/${caseId}/migration`, {
      as: 'north-admin',
      body: { toVersion: 2 },
      headers: { 'If-Match': '"1"' },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.case.machine).toEqual({ id: 'case-lifecycle', version: 2 });
    expect(response.body.case.state).toBe('notification');
    expect(response.body.event).toMatchObject({ type: 'machine.migrated', version: 2, fields: { fromVersion: 1, toVersion: 2 } });
    // Version 2 tracks "partners informed": the migrated case now accepts it from the business unit.
    const after = await api.call('GET', `/api/cases/${caseId}`, { as: 'north-business-unit' });
    expect(after.body.acceptedEvents).toContain('partners.informed');
  });

  it('refuses a second migration to the version the case is already on', async () => {
    const response = await api.call('POST', `/api/cases/${caseId}/migration`, {
      as: 'north-admin',
      body: { toVersion: 2 },
      headers: { 'If-Match': '"2"' },
    });
    expect(response.status).toBe(422);
    expect(response.body.rule).toBe('machine-version-current');
  });
});
