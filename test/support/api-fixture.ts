import fs from 'node:fs';
import path from 'node:path';
import { issueDevToken } from '../../src/access/token-verifier.js';
import { createApi } from '../../src/api.js';
import type { SystemClock } from '../../src/shared/system-clock.js';
import type { AgencyContributions } from '../../src/rapid-review-report/agency-contributions.port.js';
import { tenantFixture, upsertTenant, type TenantFixture } from '../../scripts/seed/tenant.js';
import { startTestApp, type TestApp } from './test-app.js';
import { TEST_DATA_ROOT } from './test-env.js';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiTestContext extends TestApp {
  tenants: Record<string, TenantFixture>;
  /** A token for a seeded user, by user id (e.g. `north-chair`). */
  token(userId: string): Promise<string>;
  call<T = any>(
    method: string,
    url: string,
    options?: { as?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
}

/**
 * The whole API on a real port and this file's own database, with two partnerships (`north`
 * and `south`) seeded with every role, and tokens signed by the development key. `env` adds
 * settings (e.g. `DEV_SIGN_IN: 'true'` for the password-less sign-in page, which is off by default).
 */
export async function startApiTestApp(
  label: string,
  options: { clock?: SystemClock; env?: Record<string, string>; agencyContributions?: AgencyContributions } = {},
): Promise<ApiTestContext> {
  const dataDir = path.join(TEST_DATA_ROOT, `keys-${path.basename(label)}-${process.pid}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const app = await startTestApp(label, (database, config) => createApi(database, config, options), { DATA_DIR: dataDir, ...options.env });
  const tenants = { north: tenantFixture('north', 'NTH'), south: tenantFixture('south', 'STH') };
  for (const tenant of Object.values(tenants)) await upsertTenant(app.database.connection, tenant);
  const users = new Map(Object.values(tenants).flatMap((tenant) => tenant.users.map((user) => [user.id, user] as const)));
  const tokens = new Map<string, string>();

  const token = async (userId: string) => {
    const cached = tokens.get(userId);
    if (cached) return cached;
    const user = users.get(userId);
    if (!user) throw new Error(`no seeded user ${userId}`);
    const issued = await issueDevToken(app.config, {
      sub: user.id,
      role: user.role,
      partnership: user.partnershipId,
      ...(user.organisationId ? { org: user.organisationId } : {}),
      ...(user.partner ? { partner: user.partner } : {}),
    });
    tokens.set(userId, issued);
    return issued;
  };

  return {
    ...app,
    tenants,
    token,
    async call(method, url, { as, body, headers = {} } = {}) {
      const response = await fetch(`${app.baseUrl}${url}`, {
        method,
        headers: {
          ...(as ? { Authorization: `Bearer ${await token(as)}` } : {}),
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: response.status, headers: response.headers, body: parsed as never };
    },
    close: async () => {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
