import winston from 'winston';
import { currentRequestId } from './request-context.js';

const addRequestId = winston.format((info) => {
  const requestId = currentRequestId();
  if (requestId && info['requestId'] === undefined) info['requestId'] = requestId;
  return info;
});

/**
 * Structured JSON logs. Callers pass ids, states and counts only: never a request body and never
 * a child's details (DOMAIN.md, data minimisation).
 */
export const logger = winston.createLogger({
  level: process.env['LOG_LEVEL'] === 'silent' ? 'error' : (process.env['LOG_LEVEL'] ?? 'info'),
  silent: process.env['LOG_LEVEL'] === 'silent',
  format: winston.format.combine(addRequestId(), winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
});

export type Logger = typeof logger;
