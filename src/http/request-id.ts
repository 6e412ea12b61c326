import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { requestContext } from '../logging/request-context.js';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Takes a well-formed X-Request-Id from a configured proxy (TRUST_PROXY), else makes one; echoes
 * it and logs under it. A client talking to the service directly cannot choose the id its
 * requests are logged and audited under (issue 14, finding 10).
 */
export const requestId: RequestHandler = (request, response, next) => {
  const offered = fromTrustedProxy(request) ? request.get('x-request-id') : undefined;
  const id = offered && SAFE_ID.test(offered) ? offered : randomUUID();
  request.requestId = id;
  response.setHeader('X-Request-Id', id);
  requestContext.run({ requestId: id }, next);
};

/** Whether the peer of this connection is one of the proxies Express's `trust proxy` setting names. */
function fromTrustedProxy(request: Request): boolean {
  const trust = request.app.get('trust proxy fn') as ((address: string, hop: number) => boolean) | undefined;
  const peer = request.socket.remoteAddress;
  return typeof trust === 'function' && typeof peer === 'string' && trust(peer, 0);
}
