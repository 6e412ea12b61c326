import type mongoose from 'mongoose';
import { bindUserIdentity, findEnabledUsersByEmail, findUser, findUserBoundTo } from '../../partnerships/user.repository.js';
import type { OidcIdentity } from './oidc.js';

/**
 * Which user an OpenID Connect identity is (issue 14, finding 3).
 *
 * 1. By the provider's `(iss, sub)`, bound to the user at their first sign-in: the provider's
 *    lasting name for the person, which survives a change of e-mail address.
 * 2. Otherwise, the first time, by e-mail address: partnerships hold each user's work address, and
 *    the provider's `sub` is an opaque value nobody can know in advance. The address must be
 *    verified by the provider (`email_verified: true`, or Microsoft Entra ID's `xms_edov`, "e-mail
 *    domain owner verified"), and must belong to exactly one enabled user who is not yet bound to
 *    another identity. The match then binds `(iss, sub)` to that user, once, atomically.
 *
 * Only users of the partnerships configured for the issuer (OIDC_PARTNERSHIPS) are ever matched.
 */
export type IdentityMatch =
  | { kind: 'matched'; userId: string; partnershipId: string }
  | { kind: 'refused'; reason: 'no-email' | 'email-unverified' | 'no-user' | 'ambiguous' | 'bound-to-another-account' };

/** The partnerships an issuer signs people in for. */
export interface IssuerPolicy {
  issuer: string;
  partnerships: readonly string[];
}

export async function matchIdentity(connection: mongoose.Connection, identity: OidcIdentity, policy: IssuerPolicy): Promise<IdentityMatch> {
  // The identity must come from the issuer the policy is for; anything else is nobody here.
  if (identity.issuer !== policy.issuer || policy.partnerships.length === 0) return { kind: 'refused', reason: 'no-user' };
  const bound = await findUserBoundTo(connection, identity.issuer, identity.sub, policy.partnerships);
  if (bound) return { kind: 'matched', userId: bound._id, partnershipId: bound.partnershipId };

  if (!identity.email) return { kind: 'refused', reason: 'no-email' };
  if (identity.emailVerified !== true && identity.emailDomainOwnerVerified !== true) return { kind: 'refused', reason: 'email-unverified' };
  const email = identity.email.trim().toLowerCase();
  if (email.length > 254) return { kind: 'refused', reason: 'no-user' };
  const users = await findEnabledUsersByEmail(connection, email, policy.partnerships, 5);
  if (users.length === 0) return { kind: 'refused', reason: 'no-user' };
  if (users.length > 1) return { kind: 'refused', reason: 'ambiguous' };
  const user = users[0]!;
  // Already someone else at the provider (or at another provider): an address is not a person.
  if (user.oidcSubject !== undefined) return { kind: 'refused', reason: 'bound-to-another-account' };
  // Another sign-in bound the user between the read and this write.
  if (!(await bindUserIdentity(connection, user, identity.issuer, identity.sub)))
    return { kind: 'refused', reason: 'bound-to-another-account' };
  return { kind: 'matched', userId: user._id, partnershipId: user.partnershipId };
}

/** Loads the matched user (plain object) for the session. */
export async function matchedUser(connection: mongoose.Connection, match: Extract<IdentityMatch, { kind: 'matched' }>) {
  return findUser(connection, match.partnershipId, match.userId);
}
