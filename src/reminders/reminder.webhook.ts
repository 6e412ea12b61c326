import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signed webhook. Each POST carries `X-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * HMAC-SHA256(secret, `${t}.${body}`) over the exact bytes of the body, and `Idempotency-Key`
 * with the reminder's stable id. A receiver recomputes v1, compares in constant time, refuses a
 * `t` too far from its own clock (replays), and drops an id it has already seen (a resend).
 */

export const SIGNATURE_HEADER = 'X-Signature';
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** @example signatureHeader('s3cret', 1741600800, '{}') //=> 't=1741600800,v1=<64 hex>' */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}

/**
 * Checks a signature header as a receiver would: well formed, the HMAC matches, and `t` within
 * `toleranceSeconds` of `nowSeconds`.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const match = header ? /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

export class WebhookError extends Error {
  /** A short code for the outbox (`webhook-http-503`, `webhook-timeout`, `webhook-network`): never a body. */
  constructor(readonly code: string) {
    super(code);
  }
}

/** POSTs one signed payload; resolves on a 2xx, throws WebhookError otherwise. Redirects are refused. */
export async function postSignedWebhook(
  url: string,
  secret: string,
  payload: { id: string },
  timestampSeconds: number,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<void> {
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'safeguarding-review-engine-reminders/1',
        'Idempotency-Key': payload.id,
        [SIGNATURE_HEADER]: signatureHeader(secret, timestampSeconds, body),
      },
      body,
    });
  } catch (error) {
    const name = (error as Error)?.name;
    throw new WebhookError(name === 'TimeoutError' || name === 'AbortError' ? 'webhook-timeout' : 'webhook-network');
  }
  // The receiver's answer is not needed; read it so the connection can be reused.
  await response.arrayBuffer().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new WebhookError(`webhook-http-${response.status}`);
}
