import session, { type SessionData } from 'express-session';
import mongoose, { type Model, Schema } from 'mongoose';
import { logger } from '../../logging/logger.js';

/**
 * express-session's store in the service's own database (collection `web_sessions`). connect-mongo
 * needs a TTL index, which FerretDB lacks (ARCHITECTURE decision 5), so this store keeps an
 * `expiresAt` date, treats an expired session as absent when read, and deletes expired sessions on
 * an interval. The session is kept as JSON text, so no key of it is ever read as a query operator.
 */

interface SessionDocument {
  _id: string;
  data: string;
  expiresAt: Date;
  userId?: string;
}

const sessionSchema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true, maxlength: 100_000 },
    expiresAt: { type: Date, required: true },
    userId: { type: String },
  },
  { collection: 'web_sessions', strict: 'throw', versionKey: false },
);
sessionSchema.index({ expiresAt: 1 });
sessionSchema.index({ userId: 1 });

const MODEL = 'WebSession';

function sessionModel(connection: mongoose.Connection): Model<SessionDocument> {
  return (connection.models[MODEL] as Model<SessionDocument> | undefined) ?? connection.model<SessionDocument>(MODEL, sessionSchema);
}

/** Ends every stored web session of a user at once (an administrator disabled them). */
export async function endSessionsOfUser(connection: mongoose.Connection, userId: string): Promise<number> {
  const result = await sessionModel(connection).deleteMany({ userId });
  return result.deletedCount;
}

type Callback<T = void> = (error?: unknown, value?: T) => void;

export class MongoSessionStore extends session.Store {
  private readonly model: Model<SessionDocument>;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    connection: mongoose.Connection,
    private readonly options: { idleMs: number; sweepIntervalMs?: number; now?: () => number },
  ) {
    super();
    this.model = sessionModel(connection);
    const interval = options.sweepIntervalMs ?? 10 * 60_000;
    if (interval > 0) {
      this.sweeper = setInterval(() => void this.removeExpired().catch(() => undefined), interval);
      this.sweeper.unref();
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** Deletes every session past its expiry; returns how many. */
  async removeExpired(): Promise<number> {
    const result = await this.model.deleteMany({ expiresAt: mongoose.trusted({ $lt: new Date(this.now()) }) });
    return result.deletedCount;
  }

  /** Ends every session of a user (for example when they are disabled). */
  async destroyForUser(userId: string): Promise<number> {
    const result = await this.model.deleteMany({ userId });
    return result.deletedCount;
  }

  private expiryOf(data: SessionData): Date {
    const expires = data.cookie?.expires;
    if (expires) return new Date(expires);
    return new Date(this.now() + this.options.idleMs);
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.model
      .findOne({ _id: sid })
      .lean<SessionDocument>()
      .then((document) => {
        if (!document) return callback(undefined, null);
        if (document.expiresAt.getTime() <= this.now()) {
          void this.model.deleteOne({ _id: sid }).catch(() => undefined);
          return callback(undefined, null);
        }
        try {
          callback(undefined, JSON.parse(document.data) as SessionData);
        } catch {
          logger.warn('a stored web session could not be read; it is treated as signed out');
          callback(undefined, null);
        }
      }, callback);
  }

  override set(sid: string, data: SessionData, callback?: Callback): void {
    const userId = (data as { userId?: string }).userId;
    this.model
      .updateOne(
        { _id: sid },
        { $set: { data: JSON.stringify(data), expiresAt: this.expiryOf(data), ...(userId ? { userId } : {}) } },
        { upsert: true },
      )
      .then(
        () => callback?.(),
        (error: unknown) => callback?.(error),
      );
  }

  override touch(sid: string, data: SessionData, callback?: Callback): void {
    this.model.updateOne({ _id: sid }, { $set: { expiresAt: this.expiryOf(data) } }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  override destroy(sid: string, callback?: Callback): void {
    this.model.deleteOne({ _id: sid }).then(
      () => callback?.(),
      (error: unknown) => callback?.(error),
    );
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
