import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import mongoose, { type Model, Schema } from 'mongoose';
import { logger } from '../../logging/logger.js';

/**
 * express-rate-limit's store in the service's own database (collection `rate_limits`), so every
 * instance counts against one limit. Fixed windows: a client's count for a window is one
 * document whose `_id` names the limiter, the client and the window's start, changed only with
 * one atomic `findOneAndUpdate` ($inc, upsert). Expired windows are deleted on an interval (no TTL
 * indexes on FerretDB, ARCHITECTURE decision 5). Keys are stored as given: an IP address or a
 * user id, never anything from a request body.
 */

interface RateLimitDocument {
  _id: string;
  count: number;
  resetAt: Date;
}

const rateLimitSchema = new Schema<RateLimitDocument>(
  {
    _id: { type: String, required: true, maxlength: 400 },
    count: { type: Number, required: true },
    resetAt: { type: Date, required: true },
  },
  { collection: 'rate_limits', strict: 'throw', versionKey: false },
);
rateLimitSchema.index({ resetAt: 1 });

const MODEL = 'RateLimit';

function rateLimitModel(connection: mongoose.Connection): Model<RateLimitDocument> {
  return (connection.models[MODEL] as Model<RateLimitDocument> | undefined) ?? connection.model<RateLimitDocument>(MODEL, rateLimitSchema);
}

export interface MongoRateLimitStoreOptions {
  /** Names this limiter's documents (`ip`, `sign-in`, …). */
  prefix: string;
  /** How often expired windows are deleted; 0 never (tests). */
  sweepIntervalMs?: number;
  now?: () => number;
}

export class MongoRateLimitStore implements Store {
  readonly prefix: string;
  /** Counts are shared between instances, not kept in this process. */
  readonly localKeys = false;
  private readonly model: Model<RateLimitDocument>;
  private windowMs = 60_000;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    connection: mongoose.Connection,
    private readonly options: MongoRateLimitStoreOptions,
  ) {
    this.prefix = options.prefix;
    this.model = rateLimitModel(connection);
    const interval = options.sweepIntervalMs ?? 5 * 60_000;
    if (interval > 0) {
      this.sweeper = setInterval(() => void this.removeExpired().catch(() => undefined), interval);
      this.sweeper.unref();
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async ensureIndexes(): Promise<void> {
    await this.model.createIndexes();
  }

  /** The document of `key` in the current window, and when that window ends. */
  private current(key: string): { id: string; resetAt: Date } {
    const start = Math.floor(this.now() / this.windowMs) * this.windowMs;
    return { id: `${this.prefix}|${key}|${start}`, resetAt: new Date(start + this.windowMs) };
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { id } = this.current(key);
    const document = await this.model.findOne({ _id: id }).lean<RateLimitDocument>();
    return document ? { totalHits: document.count, resetTime: document.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { id, resetAt } = this.current(key);
    const update = () =>
      this.model
        .findOneAndUpdate({ _id: id }, { $inc: { count: 1 }, $set: { resetAt } }, { upsert: true, returnDocument: 'after' })
        .lean<RateLimitDocument>()
        .orFail();
    let document: RateLimitDocument;
    try {
      document = await update();
    } catch (error) {
      // Two first hits of a window raced to insert it: the loser's update now finds the document.
      if ((error as { code?: number }).code !== 11000) throw error;
      document = await update();
    }
    return { totalHits: document.count, resetTime: document.resetAt };
  }

  async decrement(key: string): Promise<void> {
    const { id } = this.current(key);
    await this.model.updateOne({ _id: id }, { $inc: { count: -1 } });
  }

  async resetKey(key: string): Promise<void> {
    const { id } = this.current(key);
    await this.model.deleteOne({ _id: id });
  }

  /** Deletes the windows that have ended; returns how many. */
  async removeExpired(): Promise<number> {
    const result = await this.model.deleteMany({ resetAt: mongoose.trusted({ $lte: new Date(this.now()) }) });
    if (result.deletedCount > 0) logger.debug('expired rate-limit windows deleted', { count: result.deletedCount });
    return result.deletedCount;
  }

  shutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
