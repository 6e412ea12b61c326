import express from 'express';
import { describe, expect, it } from 'vitest';
import { listRoutePolicies } from '../../../src/access/policy.js';
import { ROLES } from '../../../src/access/roles.js';
import type { FeedTokenService } from '../../../src/feeds/feed-token.service.js';
import { FEED_TOKEN_PATTERN, hashFeedToken } from '../../../src/feeds/feed-token.service.js';
import { createFeedRouter, createFeedTokenRouter } from '../../../src/feeds/feed.routes.js';
import type { FeedService } from '../../../src/feeds/feed.service.js';

describe('feed routes carry a policy each (RELIABILITY row 2)', () => {
  it('the feeds are public-tagged (they check the feed token themselves); token management needs a bearer role', () => {
    const app = express();
    app.use('/api', createFeedRouter({} as FeedService, {} as FeedTokenService));
    app.use('/api', createFeedTokenRouter({} as FeedTokenService));
    const policies = listRoutePolicies(app).map((entry) => [
      entry.method,
      entry.path,
      entry.policy?.kind,
      entry.policy?.kind === 'roles' ? entry.policy.roles.length : undefined,
    ]);
    expect(policies).toEqual([
      ['GET', '/api/deadlines.ics', 'public', undefined],
      ['GET', '/api/cases/:id/deadlines.ics', 'public', undefined],
      ['POST', '/api/feed-tokens', 'roles', ROLES.length],
      ['GET', '/api/feed-tokens', 'roles', ROLES.length],
      ['DELETE', '/api/feed-tokens/:id', 'roles', ROLES.length],
    ]);
  });
});

describe('feed token format and hash', () => {
  it('accepts sft_ and 43 base64url characters only', () => {
    expect(FEED_TOKEN_PATTERN.test(`sft_${'A'.repeat(43)}`)).toBe(true);
    expect(FEED_TOKEN_PATTERN.test(`sft_${'A'.repeat(42)}`)).toBe(false);
    expect(FEED_TOKEN_PATTERN.test(`sft_${'A'.repeat(42)}=`)).toBe(false);
    expect(FEED_TOKEN_PATTERN.test(`xyz_${'A'.repeat(43)}`)).toBe(false);
  });

  it('stores the SHA-256 in hex (sha256sum of "sft_test", by hand)', () => {
    expect(hashFeedToken('sft_test')).toBe('b289400bb7bb33c007199361a390bb37ec4b03033c3b4393f8e1c77d82b4d2e8');
  });
});
