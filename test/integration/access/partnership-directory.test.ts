import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { authenticate } from '../../../src/access/authenticate.js';
import { createTokenVerifier, issueDevToken } from '../../../src/access/token-verifier.js';
import { loadConfig } from '../../../src/config/config.js';
import { RuleViolationError } from '../../../src/errors/app-errors.js';
import { toAppError } from '../../../src/http/problem.js';
import { logger } from '../../../src/logging/logger.js';
import { upsertOrganisation, findOrganisation, listOrganisations } from '../../../src/partnerships/organisation.repository.js';
import { ensurePartnershipIndexes, partnershipModels } from '../../../src/partnerships/partnership.model.js';
import { findPartnership, listPartnerships, upsertPartnership } from '../../../src/partnerships/partnership.repository.js';
import { principalForUser } from '../../../src/partnerships/user.model.js';
import {
  countUsers,
  findFirstUser,
  findUser,
  listUsers,
  setUserDisabled,
  upsertUser,
  userIsActive,
} from '../../../src/partnerships/user.repository.js';
import { openTestDatabase } from '../../support/test-database.js';
import { temporaryDataDir } from './access-test-support.js';

// Partnerships, organisations and users on the real test database (FerretDB in CI).

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const connection = () => database.connection;

beforeAll(async () => {
  logger.level = 'warn';
  database = await openTestDatabase(import.meta.filename);
  await ensurePartnershipIndexes(database.connection);
});
afterAll(() => database?.drop());

describe('indexes', () => {
  it('are created (plain and unique only) and creating them again is harmless', async () => {
    await ensurePartnershipIndexes(connection());
    const indexes = async (name: string) =>
      (await connection().collection(name).indexes()).map((index) => ({ key: index.key, unique: Boolean(index.unique) }));
    expect(await indexes('partnerships')).toEqual(expect.arrayContaining([{ key: { referencePrefix: 1 }, unique: true }]));
    expect(await indexes('organisations')).toEqual(
      expect.arrayContaining([
        { key: { partnershipId: 1, kind: 1 }, unique: false },
        { key: { partnershipId: 1, name: 1 }, unique: true },
      ]),
    );
    expect(await indexes('users')).toEqual(
      expect.arrayContaining([
        { key: { partnershipId: 1, email: 1 }, unique: true },
        { key: { partnershipId: 1, role: 1, createdAt: 1 }, unique: false },
        { key: { partnershipId: 1, organisationId: 1 }, unique: false },
      ]),
    );
    for (const name of ['partnerships', 'organisations', 'users']) {
      for (const index of await connection().collection(name).indexes()) {
        expect(index).not.toHaveProperty('partialFilterExpression');
        expect(index).not.toHaveProperty('expireAfterSeconds');
      }
    }
  });
});

describe('partnerships', () => {
  it('upsert stores defaults and returns a plain object with id', async () => {
    const demo = await upsertPartnership(connection(), {
      id: 'demo',
      name: 'Demo Safeguarding Children Partnership',
      referencePrefix: 'DEMO',
    });
    expect(demo).toMatchObject({ id: 'demo', referencePrefix: 'DEMO', clockOverrides: {}, reportingYearStartMonth: 4 });
    expect(demo).not.toHaveProperty('_id');
    expect(demo).not.toHaveProperty('__v');
    expect(demo.createdAt).toBeInstanceOf(Date);
    expect(Object.getPrototypeOf(demo)).toBe(Object.prototype);
    const again = await upsertPartnership(connection(), {
      id: 'demo',
      name: 'Demo SCP',
      referencePrefix: 'DEMO',
      clockOverrides: { 'agency-returns': { length: 8 } },
    });
    expect(again).toMatchObject({ name: 'Demo SCP', clockOverrides: { 'agency-returns': { length: 8 } } });
    expect(await findPartnership(connection(), 'demo')).toEqual(again);
    expect(await findPartnership(connection(), 'nowhere')).toBeUndefined();
    expect((await listPartnerships(connection())).map((p) => p.id)).toEqual(['demo']);
  });

  it('refuses clock overrides that break statutory clocks', async () => {
    await expect(
      upsertPartnership(connection(), {
        id: 'bad',
        name: 'Bad',
        referencePrefix: 'BAD',
        clockOverrides: { 'panel-notification': { length: 10 } } as never,
      }),
    ).rejects.toThrow(ZodError);
    expect(await findPartnership(connection(), 'bad')).toBeUndefined();
  });

  it('the mongoose schema throws on unknown fields and bad overrides, even written around the repository', async () => {
    const { Partnership } = partnershipModels(connection());
    await expect(Partnership.create({ _id: 'x1', name: 'X', referencePrefix: 'XONE', chairNotes: 'no' } as never)).rejects.toThrow(
      /not in schema/,
    );
    await expect(
      Partnership.create({
        _id: 'x2',
        name: 'X',
        referencePrefix: 'XTWO',
        clockOverrides: { 'panel-notification': { length: 10 } },
      } as never),
    ).rejects.toThrow(/clockOverrides/);
  });

  it('a reference prefix belongs to one partnership (unique index → 409)', async () => {
    const error = await upsertPartnership(connection(), { id: 'copy', name: 'Copy', referencePrefix: 'DEMO' }).catch((e: unknown) => e);
    expect(toAppError(error)?.status).toBe(409);
  });
});

describe('organisations and users', () => {
  beforeAll(async () => {
    await upsertPartnership(connection(), { id: 'north', name: 'North SCP', referencePrefix: 'NORTH' });
    await upsertOrganisation(connection(), {
      id: 'demo-police',
      partnershipId: 'demo',
      name: 'Demo Police',
      kind: 'police',
      partner: 'police',
    });
    await upsertOrganisation(connection(), { id: 'demo-school-1', partnershipId: 'demo', name: 'Demo Primary School', kind: 'school' });
    await upsertOrganisation(connection(), {
      id: 'north-police',
      partnershipId: 'north',
      name: 'North Police',
      kind: 'police',
      partner: 'police',
    });
  });

  it('organisations are scoped to their partnership', async () => {
    expect((await listOrganisations(connection(), 'demo')).map((o) => o.id)).toEqual(['demo-police', 'demo-school-1']);
    expect((await listOrganisations(connection(), 'demo', { kind: 'school' })).map((o) => o.id)).toEqual(['demo-school-1']);
    expect(await findOrganisation(connection(), 'demo', 'north-police')).toBeUndefined();
    expect(await findOrganisation(connection(), 'north', 'north-police')).toMatchObject({ partner: 'police' });
  });

  it('refuses an organisation of a missing partnership, a stolen id, or a partner of the wrong kind', async () => {
    await expect(
      upsertOrganisation(connection(), { id: 'ghost-org', partnershipId: 'ghost', name: 'Ghost', kind: 'other' }),
    ).rejects.toThrow(RuleViolationError);
    await expect(
      upsertOrganisation(connection(), { id: 'demo-police', partnershipId: 'north', name: 'Taken', kind: 'police' }),
    ).rejects.toThrow(/taken/);
    await expect(
      upsertOrganisation(connection(), { id: 'demo-x', partnershipId: 'demo', name: 'X', kind: 'school', partner: 'health' }),
    ).rejects.toThrow(ZodError);
  });

  it('users: first of a role in creation order, filters, disabled users left out', async () => {
    const u = (id: string, extra: Record<string, unknown>) =>
      upsertUser(connection(), { id, partnershipId: 'demo', name: `Synthetic ${id}`, email: `${id}@example.invalid`, ...extra } as never);
    await u('demo-chair', { role: 'chair' });
    await u('demo-agency-police', { role: 'agency', organisationId: 'demo-police' });
    await u('demo-agency-school', { role: 'agency', organisationId: 'demo-school-1' });
    await u('demo-lead-police', { role: 'partner-lead', organisationId: 'demo-police', partner: 'police' });
    expect(await countUsers(connection(), 'demo')).toBe(4);
    expect((await findFirstUser(connection(), 'demo', { role: 'agency' }))?.id).toBe('demo-agency-police');
    expect((await findFirstUser(connection(), 'demo', { role: 'agency', organisationId: 'demo-school-1' }))?.id).toBe('demo-agency-school');
    expect((await findFirstUser(connection(), 'demo', { role: 'partner-lead', partner: 'police' }))?.id).toBe('demo-lead-police');
    expect(await findFirstUser(connection(), 'north', { role: 'chair' })).toBeUndefined();
    expect(await setUserDisabled(connection(), 'demo', 'demo-agency-police', true)).toBe(true);
    expect((await findFirstUser(connection(), 'demo', { role: 'agency' }))?.id).toBe('demo-agency-school');
    expect((await listUsers(connection(), 'demo', { includeDisabled: true })).map((user) => user.id)).toHaveLength(4);
    // Re-running a seed does not re-enable a disabled user.
    await u('demo-agency-police', { role: 'agency', organisationId: 'demo-police' });
    expect((await findUser(connection(), 'demo', 'demo-agency-police'))?.disabled).toBe(true);
    expect(await setUserDisabled(connection(), 'north', 'demo-chair', true)).toBe(false);
  });

  it('refuses users whose organisation is in another partnership or is not their partner', async () => {
    const base = { partnershipId: 'demo', name: 'Synthetic', email: 'x@example.invalid' };
    await expect(upsertUser(connection(), { ...base, id: 'x1', role: 'agency', organisationId: 'north-police' })).rejects.toThrow(
      /no organisation/,
    );
    await expect(
      upsertUser(connection(), { ...base, id: 'x2', role: 'partner-lead', organisationId: 'demo-school-1', partner: 'police' }),
    ).rejects.toThrow(/not the police partner/);
    await expect(upsertUser(connection(), { ...base, id: 'x3', role: 'agency' })).rejects.toThrow(ZodError);
    expect(await findUser(connection(), 'demo', 'x1')).toBeUndefined();
  });

  it('the same e-mail twice in one partnership is a conflict', async () => {
    const error = await upsertUser(connection(), {
      id: 'dup',
      partnershipId: 'demo',
      name: 'D',
      email: 'DEMO-CHAIR@example.invalid',
      role: 'viewer',
    }).catch((e: unknown) => e);
    expect(toAppError(error)?.status).toBe(409);
  });

  it("userIsActive ends a disabled user's access before the token expires", async () => {
    const data = temporaryDataDir('access-active');
    try {
      const config = loadConfig({ DATA_DIR: data.dir });
      const verifier = await createTokenVerifier(config);
      const isActive = userIsActive(connection());
      const school = (await findUser(connection(), 'demo', 'demo-agency-school'))!;
      const principal = principalForUser(school);
      expect(await isActive(principal)).toBe(true);
      expect(await isActive({ ...principal, role: 'chair' })).toBe(false); // role changed since the token
      expect(await isActive({ ...principal, partnershipId: 'north' })).toBe(false);
      const token = await issueDevToken(config, { sub: school.id, role: 'agency', partnership: 'demo', org: 'demo-school-1' });
      expect(await verifier.verify(token)).toMatchObject({ userId: school.id });
      await setUserDisabled(connection(), 'demo', school.id, true);
      expect(await isActive(principal)).toBe(false);
      // authenticate() with the option refuses it
      const outcome = await new Promise<unknown>((resolve) => {
        const request = { get: () => `Bearer ${token}` } as never;
        const response = { setHeader: () => undefined } as never;
        void authenticate(verifier, { isActive })(request, response, resolve);
      });
      expect(toAppError(outcome)?.status).toBe(401);
    } finally {
      data.remove();
    }
  });
});
