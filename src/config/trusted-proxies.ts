import net from 'node:net';
import { z } from 'zod';

/** Names Express's `trust proxy` understands for whole ranges. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** One proxy: an IPv4 or IPv6 address, optionally with a CIDR prefix, or a range name. */
export function isProxyAddress(value: string): boolean {
  if (RANGE_NAMES.has(value)) return true;
  const [address, prefix, ...rest] = value.split('/');
  if (rest.length > 0 || !address) return false;
  const family = net.isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY (issue 14, finding 10): the load balancers and proxies in front of the service, as a
 * comma-separated list of addresses, CIDR ranges or `loopback`/`linklocal`/`uniquelocal`. Only a
 * request arriving from one of them has its X-Forwarded-For, X-Forwarded-Proto and X-Request-Id
 * believed; unset, none is. Given to Express as its `trust proxy` setting.
 */
export const TrustProxySchema = z
  .string()
  .default('')
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z
          .string()
          .max(50)
          .refine(isProxyAddress, 'each entry must be an IP address, a CIDR range (10.0.0.0/8) or loopback, linklocal, uniquelocal'),
      )
      .max(50),
  );
