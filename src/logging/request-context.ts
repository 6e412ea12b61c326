import { AsyncLocalStorage } from 'node:async_hooks';

/** Carries the request id through every await, so each log line can name its request. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId;
}
