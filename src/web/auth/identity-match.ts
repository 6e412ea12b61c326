import type mongoose from 'mongoose';
import { type UserDocument, userModel } from '../../partnerships/user.model.js';
import { findUser } from '../../partnerships/user.repository.js';
import type { OidcIdentity } from './oidc.js';

/**
 * Which user an OpenID Connect identity is. Decision: by e-mail address. Partnerships already hold
 * each user's work e-mail (unique within the partnership), identity providers such as Entra ID
 * issue it as the `email` claim, and the provider's `sub` is an opaque, per-application value the
 * partnership cannot know in advance. An identity is refused when its e-mail is missing, marked
 * unverified (`email_verified: false`), belongs to no enabled user, or to enabled users in more
 * than one partnership (ambiguous: an administrator must give the user one address per partnership).
 */
export type IdentityMatch =
  | { kind: 'matched'; userId: string; partnershipId: string }
  | { kind: 'refused'; reason: 'no-email' | 'email-unverified' | 'no-user' | 'ambiguous' };

export async function matchIdentity(connection: mongoose.Connection, identity: OidcIdentity): Promise<IdentityMatch> {
  if (!identity.email) return { kind: 'refused', reason: 'no-email' };
  if (identity.emailVerified === false) return { kind: 'refused', reason: 'email-unverified' };
  const email = identity.email.trim().toLowerCase();
  if (email.length > 254) return { kind: 'refused', reason: 'no-user' };
  const users = await userModel(connection)
    .find({ email, disabled: false })
    .select({ _id: 1, partnershipId: 1 })
    .limit(5)
    .lean<Pick<UserDocument, '_id' | 'partnershipId'>[]>();
  if (users.length === 0) return { kind: 'refused', reason: 'no-user' };
  if (users.length > 1) return { kind: 'refused', reason: 'ambiguous' };
  return { kind: 'matched', userId: users[0]!._id, partnershipId: users[0]!.partnershipId };
}

/** Loads the matched user (plain object) for the session. */
export async function matchedUser(connection: mongoose.Connection, match: Extract<IdentityMatch, { kind: 'matched' }>) {
  return findUser(connection, match.partnershipId, match.userId);
}
