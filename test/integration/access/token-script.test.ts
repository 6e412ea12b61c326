import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTokenVerifier } from '../../../src/access/token-verifier.js';
import { loadConfig } from '../../../src/config/config.js';
import { logger } from '../../../src/logging/logger.js';
import { upsertOrganisation } from '../../../src/partnerships/organisation.repository.js';
import { ensurePartnershipIndexes } from '../../../src/partnerships/partnership.model.js';
import { upsertPartnership } from '../../../src/partnerships/partnership.repository.js';
import { upsertUser } from '../../../src/partnerships/user.repository.js';
import { openTestDatabase } from '../../support/test-database.js';
import { temporaryDataDir } from './access-test-support.js';
import { runScript, type ScriptResult } from '../../support/run-script.js';

// `npm run token` as a user runs it: a separate process, its own DATA_DIR, the users read from the
// database (here the run's test server through MONGODB_URI, as a running service's would be reused).

const data = temporaryDataDir('access-token-script');
let database: Awaited<ReturnType<typeof openTestDatabase>>;

beforeAll(async () => {
  logger.level = 'warn';
  database = await openTestDatabase(import.meta.filename);
  await ensurePartnershipIndexes(database.connection);
});
afterAll(async () => {
  await database?.drop();
  data.remove();
});

const env = () => ({
  DATA_DIR: data.dir,
  MONGODB_URI: inject('mongoUri'),
  DATABASE_NAME: database.name,
  LOG_LEVEL: 'info',
  NODE_ENV: 'development',
});

function runToken(args: string[], extraEnv: Record<string, string> = {}): Promise<ScriptResult> {
  return runScript('scripts/token.ts', args, { ...env(), ...extraEnv });
}

const verify = async (token: string) => (await createTokenVerifier(loadConfig({ DATA_DIR: data.dir }))).verify(token);

describe('npm run token', () => {
  it('before anything is seeded, says to run npm run seed and exits 1', async () => {
    const result = await runToken(['--role', 'chair', '--partnership', 'demo']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/npm run seed/);
  });

  describe('after seeding', () => {
    beforeAll(async () => {
      const c = database.connection;
      await upsertPartnership(c, { id: 'demo', name: 'Demo SCP', referencePrefix: 'DEMO' });
      await upsertOrganisation(c, { id: 'demo-police', partnershipId: 'demo', name: 'Demo Police', kind: 'police', partner: 'police' });
      await upsertOrganisation(c, { id: 'demo-school-1', partnershipId: 'demo', name: 'Demo School', kind: 'school' });
      const user = (id: string, extra: Record<string, unknown>) =>
        upsertUser(c, { id, partnershipId: 'demo', name: `Synthetic ${id}`, email: `${id}@example.invalid`, ...extra } as never);
      await user('demo-chair', { role: 'chair' });
      await user('demo-agency-1', { role: 'agency', organisationId: 'demo-police' });
      await user('demo-agency-2', { role: 'agency', organisationId: 'demo-school-1' });
      await user('demo-lead-police', { role: 'partner-lead', organisationId: 'demo-police', partner: 'police' });
    });

    it('prints only a token on stdout, for the seeded chair, valid for 8 h by default', async () => {
      const result = await runToken(['--role', 'chair', '--partnership', 'demo']);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(await verify(lines[0]!)).toMatchObject({ userId: 'demo-chair', role: 'chair', partnershipId: 'demo' });
      const payload = JSON.parse(Buffer.from(lines[0]!.split('.')[1]!, 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(8 * 3600);
      expect(result.stderr).toMatch(/chair demo-chair of demo/);
    });

    it('--role agency without --agency signs as the first seeded agency user; --agency picks one', async () => {
      const first = await runToken(['--role', 'agency']);
      expect(await verify(first.stdout.trim())).toMatchObject({ userId: 'demo-agency-1', organisationId: 'demo-police' });
      const school = await runToken(['--role', 'agency', '--agency', 'demo-school-1', '--ttl', '30m']);
      const principal = await verify(school.stdout.trim());
      expect(principal).toMatchObject({ userId: 'demo-agency-2', organisationId: 'demo-school-1' });
      const payload = JSON.parse(Buffer.from(school.stdout.trim().split('.')[1]!, 'base64url').toString());
      expect(payload.exp - payload.iat).toBe(1800);
    });

    it('--partner and --user select too', async () => {
      const lead = await runToken(['--role', 'partner-lead', '--partner', 'police']);
      expect(await verify(lead.stdout.trim())).toMatchObject({ userId: 'demo-lead-police', partner: 'police' });
      const byId = await runToken(['--user', 'demo-agency-2']);
      expect(await verify(byId.stdout.trim())).toMatchObject({ userId: 'demo-agency-2', role: 'agency' });
    });

    it.concurrent.each([
      [['--role', 'viewer'], 1, /no enabled user with role viewer/],
      [['--role', 'agency', '--agency', 'north-police'], 1, /organisation north-police/],
      [['--user', 'demo-chair', '--role', 'admin'], 1, /is a chair, not a admin/],
      [['--role', 'chair', '--partnership', 'north'], 1, /npm run seed/],
      [['--role', 'root'], 2, /unknown role/],
      [['--role', 'chair', '--ttl', '90d'], 2, /30 days/],
      [['--role', 'chair', '--bogus'], 2, /Usage/],
      [[], 2, /--role/],
    ])('%j → exit %i', async (args, code, message) => {
      const result = await runToken(args as string[]);
      expect(result.code).toBe(code);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
    });

    it('refuses in production', async () => {
      const result = await runToken(['--role', 'chair'], { NODE_ENV: 'production' });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/production/);
    });
  });
});
