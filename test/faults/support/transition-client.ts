/**
 * Clients as the API asks them to behave: each owns some cases, sends one event at a time with
 * If-Match and an Idempotency-Key, and on a 503 or a broken connection sends the very same
 * request again (same key, same body) until it gets an answer. Every answer is recorded; every
 * 200 is an acknowledged transition the database must keep.
 */
import { randomUUID } from 'node:crypto';
import { PARTNERSHIP } from './fault-env.js';

export interface Ack {
  caseId: string;
  key: string;
  /** The version the acknowledged event produced (the response's ETag). */
  version: number;
  /** The response body's `event`, to compare with a replay. */
  event: unknown;
  body: string;
  replayed: boolean;
  url: string;
}

export interface Outcome {
  at: number;
  /** HTTP status, or 0 when no response came (connection refused, reset, timeout). */
  status: number;
  retryAfter: string | null;
  connectionClose: boolean;
  error?: string;
}

/** A request retried for `retryForMs` without a definitive answer: its effect is unknown. */
export interface Unanswered {
  caseId: string;
  key: string;
  attempts: number;
  lastStatus: number;
  lastError?: string;
}

export interface OwnedCase {
  id: string;
  version: number;
}

/** Opens `count` serious-incident cases over HTTP (state `notification`, which takes repeated information requests). */
export async function openCases(url: string, token: string, count: number, laAwareOn?: string): Promise<OwnedCase[]> {
  const aware = laAwareOn ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const opened: OwnedCase[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/api/cases`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        route: 'serious-incident',
        incidentOn: aware,
        laAwareOn: aware,
        children: [{ ageBand: '5-9', sex: i % 2 ? 'female' : 'male', legalStatus: [] }],
        laArea: 'Faultshire',
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { id: string; version: number };
    if (response.status !== 201) throw new Error(`opening a case answered ${response.status}`);
    opened.push({ id: body.id, version: body.version });
  }
  return opened;
}

export interface LoadOptions {
  /** Where each request goes (called per request, so a test can move clients to another instance). */
  url: () => string;
  token: string;
  cases: OwnedCase[];
  workers: number;
  /** Pause before sending a request again after a 503 or a broken connection. */
  retryDelayMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  /**
   * How long one request is sent again (after 503s or broken connections) before it is given up
   * as unanswered and its worker stops. A service that never recovers fails the test instead of
   * hanging it.
   */
  retryForMs?: number;
  /** Called before each new (not retried) request: false stops the worker. */
  mayStart?: () => boolean;
  /** Stop sending new events once any response says `Connection: close` (the instance is draining). */
  stopOnConnectionClose?: boolean;
  /** On 412 (another writer changed the case): read the version again and send a new event. */
  rereadOnConflict?: boolean;
}

export interface TransitionLoad {
  acks: Ack[];
  outcomes: Outcome[];
  /** Requests given up after `retryForMs` without an answer (should be none). */
  unanswered: Unanswered[];
  /** Requests sent and not answered yet (their effect is unknown until retried). */
  pending(): number;
  /** Stops sending new events; resolves once every owned request has an answer. */
  stop(): Promise<void>;
  done: Promise<void>;
}

export function startTransitionLoad(options: LoadOptions): TransitionLoad {
  const acks: Ack[] = [];
  const outcomes: Outcome[] = [];
  const unanswered: Unanswered[] = [];
  const retryForMs = options.retryForMs ?? 60_000;
  let stopping = false;
  let pending = 0;
  const retryDelay = options.retryDelayMs ?? 200;
  const perWorker: OwnedCase[][] = Array.from({ length: options.workers }, () => []);
  options.cases.forEach((owned, i) => perWorker[i % options.workers]!.push({ ...owned }));

  const send = async (owned: OwnedCase, key: string, body: string) => {
    const url = options.url();
    const started = Date.now();
    try {
      const response = await fetch(`${url}/api/cases/${owned.id}/events`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.token}`,
          'Content-Type': 'application/json',
          'If-Match': `"${owned.version}"`,
          'Idempotency-Key': key,
        },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const text = await response.text();
      outcomes.push({
        at: started,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        connectionClose: response.headers.get('connection') === 'close',
      });
      return { status: response.status, text, headers: response.headers, url };
    } catch (error) {
      outcomes.push({
        at: started,
        status: 0,
        retryAfter: null,
        connectionClose: false,
        error: (error as Error).cause ? String((error as { cause?: { code?: string } }).cause?.code ?? error) : (error as Error).name,
      });
      return { status: 0, text: '', headers: new Headers(), url };
    }
  };

  const worker = async (owned: OwnedCase[]) => {
    if (owned.length === 0) return;
    for (let turn = 0; ; turn++) {
      if (stopping || (options.mayStart && !options.mayStart())) return;
      if (options.stopOnConnectionClose && outcomes.some((outcome) => outcome.connectionClose)) return;
      const item = owned[turn % owned.length]!;
      const key = `fault-${randomUUID()}`;
      const body = JSON.stringify({
        type: 'agency-information.requested',
        agencies: [`fault-agency-v${item.version}-${key.slice(6, 14)}`],
      });
      pending += 1;
      const firstSentAt = Date.now();
      let attempts = 0;
      try {
        for (;;) {
          attempts += 1;
          const answer = await send(item, key, body);
          if (answer.status === 200) {
            const parsed = JSON.parse(answer.text) as { event: unknown; case: { version: number } };
            acks.push({
              caseId: item.id,
              key,
              version: parsed.case.version,
              event: parsed.event,
              body,
              replayed: answer.headers.get('idempotent-replayed') === 'true',
              url: answer.url,
            });
            item.version = parsed.case.version;
            break;
          }
          if (answer.status === 503 || answer.status === 0) {
            if (Date.now() - firstSentAt >= retryForMs) {
              const last = outcomes.at(-1);
              unanswered.push({
                caseId: item.id,
                key,
                attempts,
                lastStatus: answer.status,
                ...(last?.error ? { lastError: last.error } : {}),
              });
              return; // this worker's case is now in an unknown state: stop rather than guess
            }
            await new Promise((r) => setTimeout(r, retryDelay));
            continue;
          }
          if (answer.status === 412 && options.rereadOnConflict) {
            const current = await fetch(`${options.url()}/api/cases/${item.id}`, {
              headers: { Authorization: `Bearer ${options.token}` },
              signal: AbortSignal.timeout(10_000),
            }).catch(() => undefined);
            if (current?.status === 200) item.version = ((await current.json()) as { version: number }).version;
            break;
          }
          break; // anything else is recorded in outcomes and judged by the test
        }
      } finally {
        pending -= 1;
      }
    }
  };

  const done = Promise.all(perWorker.map(worker)).then(() => undefined);
  return {
    acks,
    outcomes,
    unanswered,
    pending: () => pending,
    stop: async () => {
      stopping = true;
      await done;
    },
    done,
  };
}

export const isReady = (url: string) => () => fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status === 200);

export { PARTNERSHIP };
