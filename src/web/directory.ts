import type mongoose from 'mongoose';
import { listOrganisations } from '../partnerships/organisation.repository.js';
import { listUsers } from '../partnerships/user.repository.js';
import type { PartnershipDirectory } from '../partnerships/partnership-directory.js';

export interface DirectoryEntry {
  id: string;
  name: string;
  /** An organisation's kind (school, police, youth-justice…); users have none. */
  kind?: string;
}

export interface PartnershipPeople {
  name: string;
  organisations: DirectoryEntry[];
  users: (DirectoryEntry & { role: string; organisationId?: string })[];
  organisationName(id: string | null | undefined): string;
  userName(id: string | null | undefined): string;
}

/**
 * Names for ids on pages (organisations, users), per partnership, cached briefly: pages show
 * "Riverside Academy", never `north-school`.
 */
export function createPeopleDirectory(connection: mongoose.Connection, partnerships: PartnershipDirectory, ttlMs = 30_000) {
  const cache = new Map<string, { at: number; value: Promise<PartnershipPeople> }>();
  async function load(partnershipId: string): Promise<PartnershipPeople> {
    const [settings, organisations, users] = await Promise.all([
      partnerships.get(partnershipId),
      listOrganisations(connection, partnershipId),
      listUsers(connection, partnershipId, { includeDisabled: true }),
    ]);
    const organisationNames = new Map(organisations.map((organisation) => [organisation.id, organisation.name]));
    const userNames = new Map(users.map((user) => [user.id, user.name]));
    return {
      name: settings?.name ?? partnershipId,
      organisations: organisations.map((organisation) => ({ id: organisation.id, name: organisation.name, kind: organisation.kind })),
      users: users
        .filter((user) => !user.disabled)
        .map((user) => ({
          id: user.id,
          name: user.name,
          role: user.role,
          ...(user.organisationId ? { organisationId: user.organisationId } : {}),
        })),
      organisationName: (id) => (id ? (organisationNames.get(id) ?? id) : ''),
      userName: (id) => (id ? (userNames.get(id) ?? id) : ''),
    };
  }
  return {
    /** Drops a partnership's cached names (an administrator added or renamed someone). */
    invalidate(partnershipId: string): void {
      cache.delete(partnershipId);
    },
    get(partnershipId: string): Promise<PartnershipPeople> {
      const cached = cache.get(partnershipId);
      if (cached && Date.now() - cached.at < ttlMs) return cached.value;
      const value = load(partnershipId);
      value.catch(() => cache.delete(partnershipId));
      cache.set(partnershipId, { at: Date.now(), value });
      return value;
    },
  };
}

export type PeopleDirectory = ReturnType<typeof createPeopleDirectory>;
