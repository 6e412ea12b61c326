import mongoose, { type Model, Schema } from 'mongoose';
import { z } from 'zod';
import { PartnershipIdSchema } from '../access/principal.js';
import { type ClockOverrides, ClockOverridesSchema } from '../calendar/clock-rules.js';
import { type OrganisationDocument, organisationModel } from './organisation.model.js';
import { type UserDocument, userModel } from './user.model.js';

/**
 * A Safeguarding Children Partnership: the tenant. Every other record carries its id.
 * @example { id: 'demo', name: 'Demo Safeguarding Children Partnership', referencePrefix: 'DEMO' }
 */
export const PartnershipSchema = z.strictObject({
  id: PartnershipIdSchema,
  name: z.string().trim().min(1).max(200),
  /** The first part of case references (`DEMO-2025-0007`). */
  referencePrefix: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be 2 to 10 capital letters or digits, starting with a letter'),
  /** Local clock settings, within what guidance allows (see src/calendar/clock-rules.ts). */
  clockOverrides: ClockOverridesSchema.default({}),
  /** Month (1 to 12) the partnership's reporting year starts; 4 = April, as the annual report. */
  reportingYearStartMonth: z.number().int().min(1).max(12).default(4),
  /**
   * How many working days before a deadline it shows as "due soon" for this partnership; absent:
   * the service's DEADLINE_WARNING_WORKING_DAYS. Same bounds as that setting.
   */
  dueSoonWorkingDays: z.number().int().min(0).max(20).optional(),
  /**
   * The themes the partnership records cases under (issue 16): when set, a new case's themes come
   * from this list, and anything else only as "other: …", so "neglect" and "medical neglect" do
   * not split. Absent: themes are free text, as before.
   */
  themes: z.array(z.string().trim().min(1).max(100)).max(100).optional(),
});
export type PartnershipInput = z.input<typeof PartnershipSchema>;
export type Partnership = z.output<typeof PartnershipSchema> & { createdAt: Date; updatedAt: Date };

export interface PartnershipDocument {
  _id: string;
  name: string;
  referencePrefix: string;
  clockOverrides: ClockOverrides;
  reportingYearStartMonth: number;
  dueSoonWorkingDays?: number;
  themes?: string[];
  createdAt: Date;
  updatedAt: Date;
}

export const partnershipSchema = new Schema<PartnershipDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    referencePrefix: { type: String, required: true },
    clockOverrides: {
      type: Schema.Types.Mixed,
      default: () => ({}),
      validate: {
        validator: (value: unknown) => ClockOverridesSchema.safeParse(value).success,
        message: 'clockOverrides are not valid clock overrides',
      },
    },
    reportingYearStartMonth: { type: Number, required: true, default: 4, min: 1, max: 12 },
    dueSoonWorkingDays: { type: Number, min: 0, max: 20 },
    themes: { type: [String], default: undefined },
  },
  { collection: 'partnerships', strict: 'throw', timestamps: true, versionKey: false, minimize: false },
);
partnershipSchema.index({ referencePrefix: 1 }, { unique: true });

export const PARTNERSHIP_MODEL = 'Partnership';

/** The Partnership model on this connection (created once per connection). */
export function partnershipModel(connection: mongoose.Connection): Model<PartnershipDocument> {
  return (
    (connection.models[PARTNERSHIP_MODEL] as Model<PartnershipDocument> | undefined) ??
    connection.model<PartnershipDocument>(PARTNERSHIP_MODEL, partnershipSchema)
  );
}

export interface PartnershipModels {
  Partnership: Model<PartnershipDocument>;
  Organisation: Model<OrganisationDocument>;
  User: Model<UserDocument>;
}

/** The partnership component's three models on a connection (the service's `mongoose.createConnection`). */
export function partnershipModels(connection: mongoose.Connection): PartnershipModels {
  return { Partnership: partnershipModel(connection), Organisation: organisationModel(connection), User: userModel(connection) };
}

/**
 * Creates the component's indexes (the connection has autoIndex off). Only plain and unique
 * indexes (ARCHITECTURE decision 5). Idempotent.
 */
export async function ensurePartnershipIndexes(connection: mongoose.Connection): Promise<void> {
  const models = partnershipModels(connection);
  await models.Partnership.createIndexes();
  await models.Organisation.createIndexes();
  await models.User.createIndexes();
}
