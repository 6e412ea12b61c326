import mongoose, { type Model, Schema } from 'mongoose';
import { z } from 'zod';
import { PartnershipIdSchema, type Principal, PrincipalIdSchema } from '../access/principal.js';
import { PARTNERS, type Partner, ROLES, type Role } from '../access/roles.js';

/**
 * A user of a partnership. Names and e-mail addresses in seeded data are synthetic. An `agency`
 * or `partner-lead` user belongs to one organisation; a `partner-lead` names the partner they sign for.
 */
export const UserSchema = z
  .strictObject({
    id: PrincipalIdSchema,
    partnershipId: PartnershipIdSchema,
    name: z.string().trim().min(1).max(200),
    email: z
      .email()
      .max(254)
      .transform((email) => email.toLowerCase()),
    role: z.enum(ROLES),
    organisationId: PrincipalIdSchema.optional(),
    partner: z.enum(PARTNERS).optional(),
    disabled: z.boolean().default(false),
  })
  .superRefine((user, ctx) => {
    if ((user.role === 'agency' || user.role === 'partner-lead') && user.organisationId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['organisationId'],
        message: `${user.role === 'agency' ? 'an agency' : 'a partner-lead'} user must belong to an organisation`,
      });
    }
    if (user.role === 'partner-lead' && user.partner === undefined) {
      ctx.addIssue({ code: 'custom', path: ['partner'], message: 'a partner-lead must name the partner they sign for' });
    }
  });
export type UserInput = z.input<typeof UserSchema>;
export type User = z.output<typeof UserSchema> & { createdAt: Date; updatedAt: Date };

export interface UserDocument {
  _id: string;
  partnershipId: string;
  name: string;
  email: string;
  role: Role;
  organisationId?: string;
  partner?: Partner;
  disabled: boolean;
  /** The OpenID Connect identity bound at the user's first sign-in (issue 14, finding 3): `iss` and `sub`. */
  oidcIssuer?: string;
  oidcSubject?: string;
  createdAt: Date;
  updatedAt: Date;
}

export const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    email: { type: String, required: true, maxlength: 254 },
    role: { type: String, required: true, enum: ROLES },
    organisationId: { type: String },
    partner: { type: String, enum: PARTNERS },
    disabled: { type: Boolean, required: true, default: false },
    oidcIssuer: { type: String, maxlength: 500 },
    oidcSubject: { type: String, maxlength: 255 },
  },
  { collection: 'users', strict: 'throw', timestamps: true, versionKey: false },
);
userSchema.index({ partnershipId: 1, email: 1 }, { unique: true });
userSchema.index({ partnershipId: 1, role: 1, createdAt: 1 });
userSchema.index({ partnershipId: 1, organisationId: 1 });
userSchema.index({ oidcIssuer: 1, oidcSubject: 1 });

export const USER_MODEL = 'User';

/** The User model on this connection (created once per connection). */
export function userModel(connection: mongoose.Connection): Model<UserDocument> {
  return (connection.models[USER_MODEL] as Model<UserDocument> | undefined) ?? connection.model<UserDocument>(USER_MODEL, userSchema);
}

/** The principal a token for this user proves. */
export function principalForUser(user: Pick<User, 'id' | 'role' | 'partnershipId' | 'organisationId' | 'partner' | 'name'>): Principal {
  const principal: Principal = { userId: user.id, role: user.role, partnershipId: user.partnershipId, name: user.name };
  if (user.organisationId !== undefined) principal.organisationId = user.organisationId;
  if (user.partner !== undefined) principal.partner = user.partner;
  return principal;
}
