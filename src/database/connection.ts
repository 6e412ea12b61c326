import mongoose from 'mongoose';

// Applied to every model: unknown filter keys throw instead of widening a query to all documents,
// and filter values that are objects with `$` keys are treated as literals (operator injection).
mongoose.set('strictQuery', 'throw');
mongoose.set('sanitizeFilter', true);

export interface DatabaseConnection {
  connection: mongoose.Connection;
  /** Resolves when the server answers a ping within the timeout; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the mongoose connection. Commands are not buffered while the server is away: a request
 * fails fast (and becomes a 503) instead of hanging until some later reconnect.
 */
export async function connectDatabase(uri: string, dbName: string, timeoutMs: number): Promise<DatabaseConnection> {
  const options: mongoose.ConnectOptions = {
    dbName,
    bufferCommands: false,
    autoIndex: false,
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: Math.max(timeoutMs * 5, 10_000),
    heartbeatFrequencyMS: 1000,
    // Poll the server for its state rather than hold a streaming "hello" open: after the server
    // restarts (a FerretDB child, a failover), polling notices it within a heartbeat, whereas a
    // stalled stream was seen to leave the service unready until restarted.
    serverMonitoringMode: 'poll',
    maxPoolSize: 50,
  };
  const connection = mongoose.createConnection(uri, options);
  await connection.asPromise();
  // The driver normally finds a returning server by itself. Under load it was seen, rarely, to stop
  // trying (no connection attempts at all while the server listened again), leaving the service
  // unready until restarted. So after several failed pings in a row the connection is reopened.
  let failedPings = 0;
  let reopening: Promise<unknown> | undefined;
  const reopen = () =>
    (reopening ??= connection
      .close(true)
      .catch(() => undefined)
      .then(() => connection.openUri(uri, options))
      .catch(() => undefined)
      .finally(() => (reopening = undefined)));
  return {
    connection,
    ping: async () => {
      try {
        await withTimeout(connection.db!.admin().command({ ping: 1 }), timeoutMs);
        failedPings = 0;
      } catch (error) {
        failedPings += 1;
        if (failedPings >= REOPEN_AFTER_FAILED_PINGS) {
          failedPings = 0;
          void reopen();
        }
        throw error;
      }
    },
    close: () => connection.close(),
  };
}

const REOPEN_AFTER_FAILED_PINGS = 5;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
