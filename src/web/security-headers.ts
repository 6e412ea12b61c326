import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';

/**
 * The pages' Content-Security-Policy, replacing helmet's default for page responses: scripts only
 * from this site plus the one inline line of the GOV.UK template (allowed by a per-response nonce),
 * styles and fonts only from this site, no framing, forms posted only here. No CDN is ever named.
 */
export function pageSecurityHeaders(options: { production: boolean }): RequestHandler {
  return (_request, response, next) => {
    const nonce = randomBytes(16).toString('base64');
    response.locals['cspNonce'] = nonce;
    const directives = [
      "default-src 'self'",
      "base-uri 'none'",
      "object-src 'none'",
      "frame-ancestors 'none'",
      "form-action 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "style-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "script-src-attr 'none'",
      "connect-src 'self'",
      ...(options.production ? ['upgrade-insecure-requests'] : []),
    ];
    response.setHeader('Content-Security-Policy', directives.join('; '));
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'same-origin');
    next();
  };
}

/** Pages that show case information are never stored by the browser or a proxy. */
export const noStore: RequestHandler = (_request, response, next) => {
  response.setHeader('Cache-Control', 'no-store');
  next();
};
