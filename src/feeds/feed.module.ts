import type mongoose from 'mongoose';
import type { RequestHandler, Router } from 'express';
import { type ActionDeadlineSource, NO_ACTIONS } from '../reminders/reminder.types.js';
import type { SystemClock } from '../shared/system-clock.js';

/** When the configuration does not say (FEED_TOKEN_TTL_DAYS). */
export const DEFAULT_FEED_TOKEN_TTL_DAYS = 180;
import { type FeedTokenService, createFeedTokenService } from './feed-token.service.js';
import { createFeedRouter, createFeedTokenRouter } from './feed.routes.js';
import { createFeedService } from './feed.service.js';

export interface FeedModuleDeps {
  connection: mongoose.Connection;
  clock: SystemClock;
  /** How long a feed token works (FEED_TOKEN_TTL_DAYS). */
  tokenTtlDays?: number;
  /** Where event links point (the reminder settings' link base). */
  linkBaseUrl: string;
  actions?: ActionDeadlineSource;
  /** The access audit recorder (src/audit): each feed request then leaves one audit row. */
  auditRecorder?: RequestHandler;
}

/**
 * Assembles the calendar feeds. `feedRouter` goes before the bearer-authenticated router (it
 * authenticates with feed tokens itself); `tokenRouter` goes inside it.
 */
export async function createFeedModule(
  deps: FeedModuleDeps,
): Promise<{ feedRouter: Router; tokenRouter: Router; tokens: FeedTokenService }> {
  const feedTokens = createFeedTokenService({
    connection: deps.connection,
    clock: deps.clock,
    ttlDays: deps.tokenTtlDays ?? DEFAULT_FEED_TOKEN_TTL_DAYS,
  });
  await feedTokens.ensureIndexes();
  const feeds = createFeedService({
    connection: deps.connection,
    clock: deps.clock,
    actions: deps.actions ?? NO_ACTIONS,
    linkBaseUrl: deps.linkBaseUrl,
  });
  return {
    feedRouter: createFeedRouter(feeds, feedTokens, deps.auditRecorder),
    tokenRouter: createFeedTokenRouter(feedTokens),
    tokens: feedTokens,
  };
}
