import type { RequestHandler } from 'express';
import { logger } from '../logging/logger.js';

/** One line per request: method, matched route pattern, status and time. No bodies, no query values. */
export const accessLog: RequestHandler = (request, response, next) => {
  const started = process.hrtime.bigint();
  response.on('finish', () => {
    const route = request.route?.path ? `${request.baseUrl}${String(request.route.path)}` : request.path;
    logger.http('request', {
      method: request.method,
      route: route.slice(0, 200),
      status: response.statusCode,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
  });
  next();
};
