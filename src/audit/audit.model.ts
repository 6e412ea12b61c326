import mongoose, { type Model, Schema } from 'mongoose';

/**
 * The access audit trail (`access_audit`): one entry per audited request, saying who did what to
 * which record, when, and whether it was allowed. Never the record's content, never a request
 * body, never a query string: only ids, the route pattern, the status and the outcome.
 *
 * The collection is append-only. The model refuses every update, replace and delete with a
 * pre-hook that throws ({@link AuditTrailImmutableError}); in production the database user the
 * service runs as holds only `find` and `insert` on this collection (README "Who looked at what"),
 * so not even the driver underneath mongoose can change an entry.
 */

/** `allowed`: the access happened (2xx/3xx). `denied`: refused (401, 403, 404, 429). `failed`: authorised but not completed (other 4xx, 5xx). */
export const AUDIT_OUTCOMES = ['allowed', 'denied', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditEntry {
  _id: string;
  /** When the response was sent (the injected clock). */
  at: Date;
  requestId: string;
  /** Null when authentication failed (no principal). */
  userId: string | null;
  role: string | null;
  organisationId: string | null;
  partnershipId: string | null;
  /** `case.read`, `case.list`, `report.read`, `request.unauthenticated`, ... */
  action: string;
  /** The part of the action before the dot (`case`, `report`, `action`), or null. */
  resourceType: string | null;
  resourceId: string | null;
  method: string;
  /** The route pattern (`/api/cases/:id`), never the path with its values or query. */
  route: string | null;
  outcome: AuditOutcome;
  status: number;
  /** False when the client went away before the response was complete. */
  completed: boolean;
  /** The socket address of the caller (there is no principal to name on a failed authentication). */
  ip: string | null;
  /** On an aggregated row only: how many more anonymous refusals of this kind the address had that minute (src/audit/anonymous-refusals.ts). */
  repeated?: number;
}

/** Thrown by every write to `access_audit` other than an insert. */
export class AuditTrailImmutableError extends Error {
  constructor(operation: string) {
    super(`The access audit trail is append-only: ${operation} is refused.`);
    this.name = 'AuditTrailImmutableError';
  }
}

const nullableString = { type: String, default: null };

const auditSchema = new Schema<AuditEntry>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    requestId: { type: String, required: true, maxlength: 100 },
    userId: nullableString,
    role: nullableString,
    organisationId: nullableString,
    partnershipId: nullableString,
    action: { type: String, required: true, maxlength: 100 },
    resourceType: nullableString,
    resourceId: nullableString,
    method: { type: String, required: true, maxlength: 10 },
    route: nullableString,
    outcome: { type: String, required: true, enum: AUDIT_OUTCOMES },
    status: { type: Number, required: true, min: 100, max: 599 },
    completed: { type: Boolean, required: true },
    ip: nullableString,
    repeated: { type: Number, min: 1 },
  },
  { collection: 'access_audit', strict: 'throw', versionKey: false, minimize: false, id: false },
);

/** Query operations that would change or remove entries: all refused. */
const REFUSED_QUERY_OPERATIONS = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
  'deleteOne',
  'deleteMany',
] as const;

for (const operation of REFUSED_QUERY_OPERATIONS) {
  auditSchema.pre(operation, { query: true, document: false }, function refuseQueryWrite() {
    throw new AuditTrailImmutableError(operation);
  });
}
// Document methods: entry.updateOne(...), entry.deleteOne().
auditSchema.pre(['updateOne', 'deleteOne'], { document: true, query: false }, function refuseDocumentWrite() {
  throw new AuditTrailImmutableError('a document update or delete');
});
// save() inserts a new entry; saving a loaded one would change it.
auditSchema.pre('save', function refuseResave() {
  if (!this.isNew) throw new AuditTrailImmutableError('saving an existing entry');
});
// bulkWrite can carry updates and deletes; the trail never needs it.
auditSchema.pre('bulkWrite', function refuseBulkWrite() {
  throw new AuditTrailImmutableError('bulkWrite');
});

// Plain indexes only (ARCHITECTURE decision 5), partnership first like every other collection.
auditSchema.index({ partnershipId: 1, at: -1 });
auditSchema.index({ partnershipId: 1, resourceType: 1, resourceId: 1, at: -1 });
auditSchema.index({ partnershipId: 1, userId: 1, at: -1 });

export const AUDIT_MODEL = 'AccessAudit';

/** The AccessAudit model on this connection (created once per connection). */
export function auditModel(connection: mongoose.Connection): Model<AuditEntry> {
  return (connection.models[AUDIT_MODEL] as Model<AuditEntry> | undefined) ?? connection.model<AuditEntry>(AUDIT_MODEL, auditSchema);
}
