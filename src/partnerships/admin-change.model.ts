import mongoose, { type Model, Schema } from 'mongoose';

/**
 * The administration change history (`admin_changes`): one entry per change to a partnership's
 * settings, organisations or users, saying who made it, when, and each field's old and new value.
 * It answers "who gave this person access, and when?", which the access audit trail (one row per
 * request, never a body) cannot. Entries are only ever inserted.
 */

export const ADMIN_RESOURCE_TYPES = ['partnership', 'organisation', 'user'] as const;
export type AdminResourceType = (typeof ADMIN_RESOURCE_TYPES)[number];

export const ADMIN_CHANGE_ACTIONS = ['created', 'updated'] as const;
export type AdminChangeAction = (typeof ADMIN_CHANGE_ACTIONS)[number];

/** One field's change. Values are settings, names and e-mail addresses of staff: never a child's details. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Who made a change: a signed-in administrator, or someone at the server running `npm run admin`. */
export type ChangeActor = { kind: 'user'; userId: string; name?: string } | { kind: 'cli'; name: string };

export interface AdminChangeDocument {
  _id: string;
  partnershipId: string;
  at: Date;
  actor: ChangeActor;
  resourceType: AdminResourceType;
  resourceId: string;
  action: AdminChangeAction;
  changes: FieldChange[];
}

const adminChangeSchema = new Schema<AdminChangeDocument>(
  {
    _id: { type: String, required: true },
    partnershipId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: Schema.Types.Mixed, required: true },
    resourceType: { type: String, required: true, enum: ADMIN_RESOURCE_TYPES },
    resourceId: { type: String, required: true },
    action: { type: String, required: true, enum: ADMIN_CHANGE_ACTIONS },
    changes: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'admin_changes', strict: 'throw', versionKey: false, minimize: false },
);
adminChangeSchema.index({ partnershipId: 1, at: -1 });
adminChangeSchema.index({ partnershipId: 1, resourceType: 1, resourceId: 1, at: -1 });

const MODEL = 'AdminChange';

export function adminChangeModel(connection: mongoose.Connection): Model<AdminChangeDocument> {
  return (
    (connection.models[MODEL] as Model<AdminChangeDocument> | undefined) ?? connection.model<AdminChangeDocument>(MODEL, adminChangeSchema)
  );
}
