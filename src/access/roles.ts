/**
 * The human roles of a partnership and the three statutory safeguarding partners (issue 5, "Who can
 * do what"). Kept identical to workflows/roles.ts, which the machines use.
 */

/** `chair` (SPRG independent chair), `business-unit`, `partner-lead`, `agency`, `reviewer`, `viewer`, `admin`. */
export const ROLES = ['chair', 'business-unit', 'partner-lead', 'agency', 'reviewer', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The three statutory safeguarding partners (Children Act 2004 s16E). */
export const PARTNERS = ['local-authority', 'police', 'health'] as const;
export type Partner = (typeof PARTNERS)[number];

/** @example isRole('chair') //=> true; isRole('root') //=> false */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
