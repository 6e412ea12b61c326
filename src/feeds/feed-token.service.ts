import { createHash, randomBytes } from 'node:crypto';
import type mongoose from 'mongoose';
import { z } from 'zod';
import { type Principal, PrincipalIdSchema } from '../access/principal.js';
import { ForbiddenError, NotFoundError, RuleViolationError, UnauthenticatedError } from '../errors/app-errors.js';
import { logger } from '../logging/logger.js';
import { principalForUser } from '../partnerships/user.model.js';
import { findUser } from '../partnerships/user.repository.js';
import type { SystemClock } from '../shared/system-clock.js';
import { type FeedTokenDocument, feedTokenModel } from './feed-token.model.js';

/** A feed token: `sft_` and 43 base64url characters (256 random bits). */
export const FEED_TOKEN_PATTERN = /^sft_[A-Za-z0-9_-]{43}$/;
/** Active tokens one user may hold; revoke one to make another. */
export const MAX_FEED_TOKENS_PER_USER = 10;

export const CreateFeedTokenSchema = z.strictObject({ label: z.string().trim().min(1).max(100).optional() });
export const FeedTokenIdParamsSchema = z.strictObject({
  id: z.string().regex(/^[a-f0-9]{32}$/, 'a feed token id is 32 hexadecimal characters'),
});

/** @example hashFeedToken('sft_…') //=> 64 hex characters */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Lists a user's tokens: an administrator any user's of their partnership, anyone else their own. */
export const FeedTokenListQuerySchema = z.strictObject({ userId: PrincipalIdSchema.optional() });

/** When a token stops working: its own expiry, or (made before tokens expired) its creation plus the lifetime. */
export function expiryOf(document: Pick<FeedTokenDocument, 'createdAt' | 'expiresAt'>, ttlDays: number): Date {
  return document.expiresAt ?? new Date(document.createdAt.getTime() + ttlDays * 86_400_000);
}

function view(document: FeedTokenDocument, ttlDays: number) {
  return {
    id: document._id,
    label: document.label,
    createdAt: document.createdAt.toISOString(),
    lastUsedAt: document.lastUsedAt ? document.lastUsedAt.toISOString() : null,
    expiresAt: expiryOf(document, ttlDays).toISOString(),
  };
}

const REFUSED = 'The feed token is not valid.';

export function createFeedTokenService(deps: { connection: mongoose.Connection; clock: SystemClock; ttlDays: number }) {
  const FeedToken = feedTokenModel(deps.connection);
  const ownedBy = (partnershipId: string, userId: string) => ({ partnershipId, userId, revokedAt: null });
  const mine = (principal: Principal) => ownedBy(principal.partnershipId, principal.userId);
  const live = (document: FeedTokenDocument) => expiryOf(document, deps.ttlDays) > deps.clock.now();
  const show = (document: FeedTokenDocument) => view(document, deps.ttlDays);

  return {
    async ensureIndexes(): Promise<void> {
      await FeedToken.createIndexes();
    },

    /** Makes a token for the caller. The token is in this answer only; the database keeps its hash. */
    async create(principal: Principal, body: unknown) {
      const input = CreateFeedTokenSchema.parse(body ?? {});
      const active = (await FeedToken.find(mine(principal)).select({ createdAt: 1, expiresAt: 1 }).lean<FeedTokenDocument[]>()).filter(
        live,
      ).length;
      if (active >= MAX_FEED_TOKENS_PER_USER) {
        throw new RuleViolationError(`You already have ${active} feed tokens; revoke one first.`, 'feed-token-limit', {
          limit: MAX_FEED_TOKENS_PER_USER,
        });
      }
      const token = `sft_${randomBytes(32).toString('base64url')}`;
      const document: FeedTokenDocument = {
        _id: randomBytes(16).toString('hex'),
        tokenHash: hashFeedToken(token),
        userId: principal.userId,
        partnershipId: principal.partnershipId,
        label: input.label ?? null,
        createdAt: deps.clock.now(),
        lastUsedAt: null,
        revokedAt: null,
        expiresAt: new Date(deps.clock.now().getTime() + deps.ttlDays * 86_400_000),
      };
      await FeedToken.create(document);
      const query = `token=${token}`;
      return {
        ...show(document),
        token,
        feeds: { deadlines: `/api/deadlines.ics?${query}`, case: `/api/cases/{caseId}/deadlines.ics?${query}` },
      };
    },

    /**
     * Active (not revoked, not expired) tokens, oldest first, without any secret: the caller's, or,
     * for an administrator, any user's of their partnership (to find a leaked one to revoke).
     */
    async list(principal: Principal, query: unknown = {}) {
      const { userId } = FeedTokenListQuerySchema.parse(query);
      if (userId !== undefined && userId !== principal.userId && principal.role !== 'admin') {
        throw new ForbiddenError('Only an administrator lists another user’s feed tokens.');
      }
      const documents = await FeedToken.find(ownedBy(principal.partnershipId, userId ?? principal.userId))
        .sort({ createdAt: 1, _id: 1 })
        .lean<FeedTokenDocument[]>();
      return { items: documents.filter(live).map(show) };
    },

    /**
     * Revokes a token (again: no change): the caller's own, or, for an administrator, any of their
     * partnership's (issue 14, finding 11). Any other token is not found.
     */
    async revoke(principal: Principal, id: string): Promise<void> {
      const document = await FeedToken.findOne({ _id: id }).lean<FeedTokenDocument>();
      const own = document?.userId === principal.userId;
      if (!document || document.partnershipId !== principal.partnershipId || !(own || principal.role === 'admin')) {
        throw new NotFoundError(`No feed token ${id}.`);
      }
      if (document.revokedAt === null) {
        await FeedToken.updateOne(
          { _id: id, revokedAt: null },
          { $set: { revokedAt: deps.clock.now(), ...(own ? {} : { revokedBy: principal.userId }) } },
        );
        if (!own) logger.info('feed token revoked by an administrator', { feedTokenId: id });
      }
    },

    /**
     * The principal a feed request's token stands for, built from the user as they are now (role,
     * organisation), so a disabled user, a revoked or unknown token all get 401.
     */
    async principalFor(token: unknown): Promise<Principal> {
      if (typeof token !== 'string' || !FEED_TOKEN_PATTERN.test(token))
        throw new UnauthenticatedError('A valid feed token is required (?token=…).');
      const document = await FeedToken.findOne({ tokenHash: hashFeedToken(token) }).lean<FeedTokenDocument>();
      if (!document || document.revokedAt !== null || !live(document)) {
        logger.info('feed token refused', { reason: !document ? 'unknown' : document.revokedAt !== null ? 'revoked' : 'expired' });
        throw new UnauthenticatedError(REFUSED);
      }
      const user = await findUser(deps.connection, document.partnershipId, document.userId);
      if (!user || user.disabled) {
        logger.info('feed token refused', { reason: 'user-inactive', feedTokenId: document._id });
        throw new UnauthenticatedError(REFUSED);
      }
      await FeedToken.updateOne({ _id: document._id }, { $set: { lastUsedAt: deps.clock.now() } });
      return principalForUser(user);
    },
  };
}

export type FeedTokenService = ReturnType<typeof createFeedTokenService>;
