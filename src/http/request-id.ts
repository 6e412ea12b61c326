import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { requestContext } from '../logging/request-context.js';

declare module 'express-serve-static-core' {
  interface Request {
    requestId: string;
  }
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Takes a well-formed X-Request-Id from a proxy, else makes one; echoes it and logs under it. */
export const requestId: RequestHandler = (request, response, next) => {
  const offered = request.get('x-request-id');
  const id = offered && SAFE_ID.test(offered) ? offered : randomUUID();
  request.requestId = id;
  response.setHeader('X-Request-Id', id);
  requestContext.run({ requestId: id }, next);
};
