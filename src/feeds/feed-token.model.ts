import mongoose, { type Model, Schema } from 'mongoose';

/**
 * A calendar feed token (`feed_tokens`). Calendar clients cannot send a bearer header, so a feed
 * URL carries a random token in its query string. Only the token's SHA-256 is stored; the token
 * itself is shown once, when it is made. Revoking sets `revokedAt` (the record stays, as a trace).
 */
export interface FeedTokenDocument {
  /** A random public id (for listing and revoking), not the token. */
  _id: string;
  /** SHA-256 of the token, hex. Unique: the lookup key of a feed request. */
  tokenHash: string;
  userId: string;
  partnershipId: string;
  /** The user's own name for it ("Outlook on my laptop"). */
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  /** After this the token is refused (issue 14, finding 11). Tokens made before expiry existed have none: see expiryOf. */
  expiresAt?: Date;
  /** Who revoked it, when not its owner (an administrator). */
  revokedBy?: string;
}

const FeedTokenSchema = new Schema<FeedTokenDocument>(
  {
    _id: { type: String, required: true },
    tokenHash: { type: String, required: true },
    userId: { type: String, required: true },
    partnershipId: { type: String, required: true },
    label: { type: String, default: null, maxlength: 100 },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    expiresAt: { type: Date },
    revokedBy: { type: String, maxlength: 100 },
  },
  { collection: 'feed_tokens', strict: 'throw', versionKey: false, id: false },
);
FeedTokenSchema.index({ tokenHash: 1 }, { unique: true });
FeedTokenSchema.index({ partnershipId: 1, userId: 1, createdAt: 1 });

export const FEED_TOKEN_MODEL = 'FeedToken';

export function feedTokenModel(connection: mongoose.Connection): Model<FeedTokenDocument> {
  return (
    (connection.models[FEED_TOKEN_MODEL] as Model<FeedTokenDocument> | undefined) ??
    connection.model<FeedTokenDocument>(FEED_TOKEN_MODEL, FeedTokenSchema)
  );
}
