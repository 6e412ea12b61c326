import mongoose, { type Model, Schema } from 'mongoose';
import { z } from 'zod';
import { PartnershipIdSchema, PrincipalIdSchema } from '../access/principal.js';
import { PARTNERS, type Partner } from '../access/roles.js';

/** The kinds of organisation that refer cases, return information and own actions. */
export const ORGANISATION_KINDS = [
  'children-services',
  'police',
  'health',
  'school',
  'youth-justice',
  'probation',
  'voluntary',
  'neighbouring-partnership',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The kind of organisation each statutory partner is. */
export const PARTNER_KIND: Record<Partner, OrganisationKind> = {
  'local-authority': 'children-services',
  police: 'police',
  health: 'health',
};

/** An organisation of a partnership, e.g. `{ id: 'demo-police', partnershipId: 'demo', kind: 'police', partner: 'police' }`. */
export const OrganisationSchema = z
  .strictObject({
    id: PrincipalIdSchema,
    partnershipId: PartnershipIdSchema,
    name: z.string().trim().min(1).max(200),
    kind: z.enum(ORGANISATION_KINDS),
    /** Set only on the organisation that is one of the three statutory partners. */
    partner: z.enum(PARTNERS).optional(),
    /**
     * False once an administrator retires the organisation: it stays on the records that name it
     * but is no longer offered for new users or referrals. Absent means active, so re-running the
     * seed never re-activates an organisation someone retired.
     */
    active: z.boolean().optional(),
  })
  .superRefine((organisation, ctx) => {
    if (organisation.partner && PARTNER_KIND[organisation.partner] !== organisation.kind) {
      ctx.addIssue({
        code: 'custom',
        path: ['partner'],
        message: `the ${organisation.partner} partner must be a ${PARTNER_KIND[organisation.partner]} organisation`,
      });
    }
  });
export type OrganisationInput = z.input<typeof OrganisationSchema>;
export type Organisation = Omit<z.output<typeof OrganisationSchema>, 'active'> & { active: boolean; createdAt: Date; updatedAt: Date };

export interface OrganisationDocument {
  _id: string;
  partnershipId: string;
  name: string;
  kind: OrganisationKind;
  partner?: Partner;
  /** Absent on organisations stored before issue 12: read as active. */
  active?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export const organisationSchema = new Schema<OrganisationDocument>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    kind: { type: String, required: true, enum: ORGANISATION_KINDS },
    partner: { type: String, enum: PARTNERS },
    active: { type: Boolean },
  },
  { collection: 'organisations', strict: 'throw', timestamps: true, versionKey: false },
);
organisationSchema.index({ partnershipId: 1, kind: 1 });
organisationSchema.index({ partnershipId: 1, name: 1 }, { unique: true });

export const ORGANISATION_MODEL = 'Organisation';

/** The Organisation model on this connection (created once per connection). */
export function organisationModel(connection: mongoose.Connection): Model<OrganisationDocument> {
  return (
    (connection.models[ORGANISATION_MODEL] as Model<OrganisationDocument> | undefined) ??
    connection.model<OrganisationDocument>(ORGANISATION_MODEL, organisationSchema)
  );
}
