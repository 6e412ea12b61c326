import mongoose from 'mongoose';
import { withDeadline } from '../shared/deadline.js';

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
    // FerretDB sends no topologyVersion, so the driver polls it anyway; saying so keeps a real
    // MongoDB on the same one-hello-per-second check, which notices a restarted server within a second.
    serverMonitoringMode: 'poll',
    maxPoolSize: 50,
  };
  const connection = mongoose.createConnection(uri, options);
  await connection.asPromise();
  // The driver finds a returning server by itself (its monitor polls every heartbeat, and the
  // pool reopens on the first good one). Never close and reopen this connection to "help" it:
  // mongoose marks a force-closed connection for good, and every model query on it then fails
  // with "Connection was force closed" while a ping on the reopened client still answers: a
  // service that says it is ready and answers 503 to everything (the hang this replaced).
  return {
    connection,
    ping: async () => {
      await withDeadline(connection.db!.admin().command({ ping: 1 }), timeoutMs, 'answer to a database ping');
    },
    close: () => connection.close(),
  };
}
