import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Test runs keep their own data directories, apart from `npm start`'s ./data. */
export const TEST_DATA_ROOT = path.join(PROJECT_ROOT, '.test-data');

/**
 * Test services run with the rate limits off (0), because one test drives more requests from one
 * loopback address in a minute than any person would; the limits themselves are tested with their
 * own settings in test/integration/security/sign-in-burst-rate-limited.test.ts.
 */
export const RATE_LIMITS_OFF: Readonly<Record<string, string>> = {
  RATE_LIMIT_PER_IP: '0',
  RATE_LIMIT_PER_USER: '0',
  RATE_LIMIT_SIGN_IN_PER_IP: '0',
  RATE_LIMIT_STRICT: '0',
};
