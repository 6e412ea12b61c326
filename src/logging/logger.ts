import winston from 'winston';
import { currentRequestId } from './request-context.js';

const addRequestId = winston.format((info) => {
  const requestId = currentRequestId();
  if (requestId && info['requestId'] === undefined) info['requestId'] = requestId;
  return info;
});

/**
 * Structured JSON logs. Callers pass ids, states and counts only: never a request body and never
 * a child's details (DOMAIN.md, data minimisation). The level is `info` until the entry point
 * applies the configured one (`applyLogLevel`); this module reads no environment.
 */
export const logger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(addRequestId(), winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
});

export type Logger = typeof logger;

/** The configured `LOG_LEVEL` (`silent` turns logging off), or at least `floor` where stdout must stay clean. */
export function applyLogLevel(level: 'error' | 'warn' | 'info' | 'http' | 'debug' | 'silent', floor?: 'warn' | 'error'): void {
  logger.silent = level === 'silent';
  if (level === 'silent') return;
  const order = ['error', 'warn', 'info', 'http', 'debug'];
  logger.level = floor && order.indexOf(level) > order.indexOf(floor) ? floor : level;
}
