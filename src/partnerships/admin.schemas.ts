import { z } from 'zod';
import { PrincipalIdSchema } from '../access/principal.js';
import { PARTNERS, ROLES } from '../access/roles.js';
import { CLOCK_RULES, ClockOverridesSchema } from '../calendar/clock-rules.js';
import { PaginationSchema } from '../shared/pagination.js';
import { ADMIN_RESOURCE_TYPES } from './admin-change.model.js';
import { ORGANISATION_KINDS } from './organisation.model.js';
import { PartnershipSchema } from './partnership.model.js';

/**
 * The administration requests (issue 12): one schema per request, reused by the routes, the
 * OpenAPI document, the web pages and `npm run admin`. All strict: an unknown key (`partnershipId`,
 * `createdAt`, `$set`…) is a 400, so nobody can move a record to another partnership.
 */

const Name = z.string().trim().min(1, 'enter a name').max(200);
const Email = z
  .email('enter an email address, like name@example.org')
  .max(254)
  .transform((email) => email.toLowerCase());
const Kind = z.enum(ORGANISATION_KINDS);
const Partner = z.enum(PARTNERS);

export const AdminIdParamsSchema = z.strictObject({ id: PrincipalIdSchema });

export const CreateOrganisationSchema = z.strictObject({
  /** Optional: made from the name when absent (`north-riverside-academy`). */
  id: PrincipalIdSchema.optional(),
  name: Name,
  kind: Kind,
  partner: Partner.optional(),
});
export type CreateOrganisation = z.infer<typeof CreateOrganisationSchema>;

/** `partner: null` removes the partner; absent keys stay as they are. */
export const UpdateOrganisationSchema = z
  .strictObject({
    name: Name.optional(),
    kind: Kind.optional(),
    partner: Partner.nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');
export type UpdateOrganisation = z.infer<typeof UpdateOrganisationSchema>;

export const OrganisationListQuerySchema = z.strictObject({
  kind: Kind.optional(),
  /** `true`: retired organisations too. */
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const CreateUserSchema = z.strictObject({
  /** Optional: made up when absent. */
  id: PrincipalIdSchema.optional(),
  name: Name,
  email: Email,
  role: z.enum(ROLES),
  organisationId: PrincipalIdSchema.optional(),
  partner: Partner.optional(),
});
export type CreateUser = z.infer<typeof CreateUserSchema>;

/** `organisationId: null` / `partner: null` remove them; absent keys stay as they are. */
export const UpdateUserSchema = z
  .strictObject({
    name: Name.optional(),
    email: Email.optional(),
    role: z.enum(ROLES).optional(),
    organisationId: PrincipalIdSchema.nullable().optional(),
    partner: Partner.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one field to change');
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const UserListQuerySchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  organisationId: PrincipalIdSchema.optional(),
  /** `true`: disabled users too. */
  includeDisabled: z.enum(['true', 'false']).optional(),
});

/**
 * The longest a partnership may set a clock, by unit. The clock table bounds guidance clocks one
 * way only (a notice "at least 7 working days" before publication may be longer); without an upper
 * bound a slip of the keyboard (a length of 5000) would put every new case's due dates beyond the
 * bank holiday data, and no case could be opened.
 */
export const MAX_CLOCK_LENGTH = { 'working-days': 60, months: 12, years: 5 } as const;

function withinPracticalLengths(overrides: Record<string, { length?: number } | undefined>, ctx: z.RefinementCtx): void {
  for (const rule of CLOCK_RULES) {
    const length = overrides[rule.id]?.length;
    const max = MAX_CLOCK_LENGTH[rule.unit];
    if (length !== undefined && length > max) {
      ctx.addIssue({
        code: 'custom',
        path: [rule.id, 'length'],
        message: `${rule.id} can be at most ${max} ${rule.unit.replace('-', ' ')}`,
      });
    }
  }
}

/**
 * The settings an administrator may change. Clock overrides replace the partnership's whole set
 * and are checked against the bounds the clock table declares (src/calendar/clock-rules.ts);
 * `dueSoonWorkingDays: null` goes back to the service default.
 */
export const UpdatePartnershipSchema = z
  .strictObject({
    name: PartnershipSchema.shape.name.optional(),
    referencePrefix: PartnershipSchema.shape.referencePrefix.optional(),
    reportingYearStartMonth: z.number().int().min(1).max(12).optional(),
    dueSoonWorkingDays: z.number().int().min(0).max(20).nullable().optional(),
    /** The managed list of themes (each once, whatever its capitals); `null` goes back to free text. */
    themes: z
      .array(z.string().trim().min(1).max(100))
      .max(100)
      .refine((themes) => new Set(themes.map((t) => t.toLowerCase())).size === themes.length, 'each theme once')
      .refine((themes) => !themes.some((t) => /^other\b/i.test(t)), '"other" is offered on its own; do not list it')
      .nullable()
      .optional(),
    clockOverrides: ClockOverridesSchema.superRefine(withinPracticalLengths).optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'name at least one setting to change');
export type UpdatePartnership = z.infer<typeof UpdatePartnershipSchema>;

export const ChangeListQuerySchema = PaginationSchema.extend({
  resourceType: z.enum(ADMIN_RESOURCE_TYPES).optional(),
  resourceId: PrincipalIdSchema.optional(),
}).strict();

// What the administration API answers with (dates as ISO strings on the wire).

export const OrganisationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: Kind,
  partner: Partner.nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const UserViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().nullable(),
  partner: Partner.nullable(),
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const PartnershipViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  referencePrefix: z.string(),
  reportingYearStartMonth: z.number(),
  dueSoonWorkingDays: z.number(),
  /** True when the partnership uses the service default for the due-soon window. */
  dueSoonWorkingDaysIsDefault: z.boolean(),
  /** The managed themes; empty: free text. */
  themes: z.array(z.string()),
  clockOverrides: z.record(z.string(), z.object({ length: z.number().optional(), startsFrom: z.string().optional() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const AdminChangeViewSchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ kind: z.enum(['user', 'cli']), userId: z.string().optional(), name: z.string().optional() }),
  resourceType: z.enum(ADMIN_RESOURCE_TYPES),
  resourceId: z.string(),
  action: z.enum(['created', 'updated']),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
});
