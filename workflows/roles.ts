/**
 * Who acts on a case: the human roles of a partnership, the non-human sweeper, the three
 * safeguarding partners, and the actor record every event carries.
 */
import { z } from 'zod';

/** Human roles (issue 5, "Who can do what"). */
export const ROLES = ['chair', 'business-unit', 'partner-lead', 'agency', 'reviewer', 'viewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The non-human actor: the deadline sweeper. It sends `deadline.passed` and nothing else. */
export const SYSTEM_ROLE = 'system' as const;

/** Every role an event's actor may carry: the human roles plus `system`. */
export const ACTOR_ROLES = [...ROLES, SYSTEM_ROLE] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** The three statutory safeguarding partners (Children Act 2004 s16E). */
export const PARTNERS = ['local-authority', 'police', 'health'] as const;
export type Partner = (typeof PARTNERS)[number];

export const ActorRoleSchema = z.enum(ACTOR_ROLES);
export const PartnerSchema = z.enum(PARTNERS);

/** An identifier (user, organisation, reviewer): short, printable, no spaces. */
export const IdentifierSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, { message: 'must be letters, digits and . _ : @ - only' });

/**
 * The actor of an event, set by the server from the authenticated user (never by the client).
 * A `partner-lead` names the partner they sign for; an `agency` user names their organisation.
 */
export const ActorSchema = z
  .object({
    userId: IdentifierSchema,
    role: ActorRoleSchema,
    organisationId: IdentifierSchema.optional(),
    partner: PartnerSchema.optional(),
  })
  .strict()
  .superRefine((actor, ctx) => {
    if (actor.role === 'partner-lead' && actor.partner === undefined) {
      ctx.addIssue({ code: 'custom', path: ['partner'], message: 'a partner-lead must name the partner they sign for' });
    }
    if (actor.role === 'agency' && actor.organisationId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['organisationId'], message: 'an agency user must belong to an organisation' });
    }
  });
export type Actor = z.infer<typeof ActorSchema>;
