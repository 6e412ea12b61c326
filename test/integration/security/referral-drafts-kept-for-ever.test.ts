import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principalForUser } from '../../../src/partnerships/user.model.js';
import { findUser } from '../../../src/partnerships/user.repository.js';
import { fixedClock } from '../../../src/shared/system-clock.js';
import { createReferralDraftRepository, purgeStaleReferralDrafts } from '../../../src/web/referrals/referral-draft.repository.js';
import { type ApiTestContext, startApiTestApp } from '../../support/api-fixture.js';

// Finding 11 (issue 14), referral drafts: a half-filled referral holds case data, and drafts past
// their lifetime were deleted only when their author next opened the form, so an author who left
// (or never came back) kept a child's details in the database for ever. The attack is simply to
// walk away. A scheduled purge now deletes every draft untouched for 30 days, whoever wrote it.
const clock = fixedClock('2025-06-01T10:00:00Z');
let api: ApiTestContext;

beforeAll(async () => {
  api = await startApiTestApp(import.meta.filename, { clock });
});
afterAll(() => api?.close());

describe('a referral draft its author never comes back to', () => {
  it('is deleted by the scheduled purge after 30 days, while recent drafts stay', async () => {
    const drafts = createReferralDraftRepository(api.database.connection);
    const school = principalForUser((await findUser(api.database.connection, 'north', 'north-agency-school'))!);
    const police = principalForUser((await findUser(api.database.connection, 'north', 'north-agency-police'))!);
    const abandoned = await drafts.save(school, undefined, { laArea: 'Northshire', summary: 'Synthetic draft summary.' });
    const recent = await drafts.save(police, undefined, { laArea: 'Northshire' });
    const collection = api.database.connection.collection('referral_drafts');
    // Last touched 31 days before the service's today, the other 29.
    await collection.updateOne({ _id: abandoned as never }, { $set: { updatedAt: new Date('2025-05-01T09:00:00Z') } });
    await collection.updateOne({ _id: recent as never }, { $set: { updatedAt: new Date('2025-05-03T10:00:00Z') } });

    expect(await purgeStaleReferralDrafts(api.database.connection, clock)).toBe(1);
    expect(await collection.countDocuments({ _id: abandoned as never })).toBe(0);
    expect(await collection.countDocuments({ _id: recent as never })).toBe(1);
  });
});
