import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../../../src/partnerships/user.repository.js';
import { matchIdentity } from '../../../src/web/auth/identity-match.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 3 (issue 14): OpenID Connect sign-in matched users by e-mail alone, took an e-mail whose
// `email_verified` was absent, never recorded the provider's iss/sub, and looked across every
// partnership. The attacks, each an identity as the provider returns it (on the real database):
// an unverified address; a second account at the provider claiming a bound user's address; a
// user of a partnership this provider does not sign in for. Entra ID's `xms_edov` counts as
// verified; a user whose address changed at the provider is still found by (iss, sub).
const ISSUER = 'https://login.example.org/north-tenant/v2.0';
const OTHER_ISSUER = 'https://login.example.org/elsewhere/v2.0';
let api: ApiTestContext;

const policy = { issuer: ISSUER, partnerships: ['north'] };

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename);
  // South, which this provider does not sign in for, has a user with an address a north user will share.
  const south = api.tenants['south']!;
  await upsertUser(api.database.connection, {
    id: 'south-duplicate',
    partnershipId: south.partnership.id,
    name: 'Shared Address',
    email: 'shared@example.org',
    role: 'viewer',
  });
});
afterAll(() => api?.close());

describe('matching an OpenID Connect identity to a user', () => {
  it('refuses an address the provider does not say is verified', async () => {
    expect(
      await matchIdentity(api.database.connection, { issuer: ISSUER, sub: 'idp-1', email: 'chair@north.example.org' }, policy),
    ).toEqual({ kind: 'refused', reason: 'email-unverified' });
    expect(
      await matchIdentity(
        api.database.connection,
        { issuer: ISSUER, sub: 'idp-1', email: 'chair@north.example.org', emailVerified: false },
        policy,
      ),
    ).toEqual({ kind: 'refused', reason: 'email-unverified' });
  });

  it('binds (iss, sub) at the first sign-in with a verified address, and matches on it afterwards', async () => {
    const first = await matchIdentity(
      api.database.connection,
      { issuer: ISSUER, sub: 'idp-chair', email: 'chair@north.example.org', emailVerified: true },
      policy,
    );
    expect(first).toEqual({ kind: 'matched', userId: 'north-chair', partnershipId: 'north' });
    const stored = await api.database.connection.collection('users').findOne({ _id: 'north-chair' as never });
    expect(stored).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: 'idp-chair' });
    // The address changed at the provider: still the same person, found by (iss, sub).
    const renamed = await matchIdentity(
      api.database.connection,
      { issuer: ISSUER, sub: 'idp-chair', email: 'new-address@example.org', emailVerified: true },
      policy,
    );
    expect(renamed).toEqual({ kind: 'matched', userId: 'north-chair', partnershipId: 'north' });
  });

  it('refuses another account at the provider claiming a bound user’s address', async () => {
    const impostor = await matchIdentity(
      api.database.connection,
      { issuer: ISSUER, sub: 'idp-someone-else', email: 'chair@north.example.org', emailVerified: true },
      policy,
    );
    expect(impostor).toEqual({ kind: 'refused', reason: 'bound-to-another-account' });
    const stored = await api.database.connection.collection('users').findOne({ _id: 'north-chair' as never });
    expect(stored).toMatchObject({ oidcSubject: 'idp-chair' });
  });

  it('takes Entra ID’s xms_edov as a verified address', async () => {
    const entra = await matchIdentity(
      api.database.connection,
      { issuer: ISSUER, sub: 'idp-bu', email: 'business-unit@north.example.org', emailDomainOwnerVerified: true },
      policy,
    );
    expect(entra).toEqual({ kind: 'matched', userId: 'north-business-unit', partnershipId: 'north' });
  });

  it('matches only users of the partnerships configured for that issuer', async () => {
    const south = await matchIdentity(
      api.database.connection,
      { issuer: ISSUER, sub: 'idp-south', email: 'chair@south.example.org', emailVerified: true },
      policy,
    );
    expect(south).toEqual({ kind: 'refused', reason: 'no-user' });
    // An address held in north and south is not ambiguous for a provider that serves north only.
    await upsertUser(api.database.connection, {
      id: 'north-duplicate',
      partnershipId: 'north',
      name: 'Shared Address',
      email: 'shared@example.org',
      role: 'viewer',
    });
    const shared = await matchIdentity(
      api.database.connection,
      { issuer: ISSUER, sub: 'idp-shared', email: 'shared@example.org', emailVerified: true },
      policy,
    );
    expect(shared).toEqual({ kind: 'matched', userId: 'north-duplicate', partnershipId: 'north' });
    // A bound identity from another issuer is another identity.
    const elsewhere = await matchIdentity(
      api.database.connection,
      { issuer: OTHER_ISSUER, sub: 'idp-chair', email: 'x@example.org', emailVerified: true },
      { issuer: OTHER_ISSUER, partnerships: ['north'] },
    );
    expect(elsewhere).toEqual({ kind: 'refused', reason: 'no-user' });
  });
});
