import { z } from 'zod';
import { PARTNERS, type Partner, ROLES, type Role } from './roles.js';

/** Who is calling: built only from a verified token, never from anything else the client sends. */
export interface Principal {
  userId: string;
  role: Role;
  /** The tenant: every query the principal makes is scoped to this partnership. */
  partnershipId: string;
  /** The organisation an `agency` or `partner-lead` user belongs to. */
  organisationId?: string;
  /** The statutory partner a `partner-lead` signs for. */
  partner?: Partner;
  name?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` (src/access/authenticate.ts); absent on public routes. */
    principal?: Principal;
  }
}

/** A partnership id: `demo`, `north-yorkshire`. */
export const PartnershipIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be 2 to 40 of a-z, 0-9 and -');

/** A user or organisation id: short, printable, no spaces (the same rule as workflows/roles.ts). */
export const PrincipalIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'must be letters, digits and . _ : @ - only');

/**
 * The claims this service reads from a verified JWT. Registered claims (`iss`, `aud`, `exp`, …) are
 * checked by the verifier; other claims an identity provider adds are ignored (stripped).
 * `org` is required for `agency` and `partner-lead`; `partner` for `partner-lead`.
 */
export const PrincipalClaimsSchema = z
  .object({
    sub: PrincipalIdSchema,
    role: z.enum(ROLES),
    partnership: PartnershipIdSchema,
    org: PrincipalIdSchema.optional(),
    partner: z.enum(PARTNERS).optional(),
    name: z.string().min(1).max(200).optional(),
  })
  .superRefine((claims, ctx) => {
    if ((claims.role === 'agency' || claims.role === 'partner-lead') && claims.org === undefined) {
      ctx.addIssue({ code: 'custom', path: ['org'], message: `a ${claims.role} token must name its organisation (org)` });
    }
    if (claims.role === 'partner-lead' && claims.partner === undefined) {
      ctx.addIssue({ code: 'custom', path: ['partner'], message: 'a partner-lead token must name the partner it signs for' });
    }
  });
export type PrincipalClaims = z.infer<typeof PrincipalClaimsSchema>;

/**
 * @example principalFromClaims({ sub: 'u1', role: 'agency', partnership: 'demo', org: 'demo-police' })
 * //=> { userId: 'u1', role: 'agency', partnershipId: 'demo', organisationId: 'demo-police' }
 */
export function principalFromClaims(claims: PrincipalClaims): Principal {
  const principal: Principal = { userId: claims.sub, role: claims.role, partnershipId: claims.partnership };
  if (claims.org !== undefined) principal.organisationId = claims.org;
  if (claims.partner !== undefined) principal.partner = claims.partner;
  if (claims.name !== undefined) principal.name = claims.name;
  return principal;
}

/** The claims a token for this principal carries (the inverse of {@link principalFromClaims}). */
export function claimsFromPrincipal(principal: Principal): PrincipalClaims {
  const claims: PrincipalClaims = { sub: principal.userId, role: principal.role, partnership: principal.partnershipId };
  if (principal.organisationId !== undefined) claims.org = principal.organisationId;
  if (principal.partner !== undefined) claims.partner = principal.partner;
  if (principal.name !== undefined) claims.name = principal.name;
  return claims;
}
