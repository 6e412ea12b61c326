import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';

/**
 * The driver patch in patches/mongodb+7.8.0.patch. When a server closes a connection, Node
 * destroys the socket a loop turn before it emits 'close'; the unpatched driver, writing in that
 * turn, waited for a 'drain' that never comes. This is what left the service unready for good
 * after FerretDB restarted under load (test/faults/database-down.test.ts): the server monitor's
 * heartbeat hung that way, so no heartbeat ever ran again.
 *
 * Reaching the moment needs the driver's internals (the server's monitor and its connection);
 * they are read here, never in the service.
 */
interface MonitorInternals {
  connection: { closed: boolean; socket: { destroy(): void }; command(ns: unknown, cmd: object, options: object): Promise<unknown> } | null;
  monitorId: { _executeAndReschedule(): void };
}

let client: mongoose.mongo.MongoClient;
let monitor: MonitorInternals;

beforeAll(async () => {
  client = new mongoose.mongo.MongoClient(inject('mongoUri'), { serverMonitoringMode: 'poll', heartbeatFrequencyMS: 500, connectTimeoutMS: 1000 });
  await client.connect();
  const servers = (client as unknown as { topology: { s: { servers: Map<string, { monitor: MonitorInternals }> } } }).topology.s.servers;
  monitor = [...servers.values()][0]!.monitor;
  // The monitor opens its own connection at its first heartbeat.
  const deadline = Date.now() + 5000;
  while (!monitor.connection && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!monitor.connection) throw new Error('the server monitor opened no connection within 5 s');
});

afterAll(async () => {
  await client?.close(true);
});

const settledWithin = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => 'answered', (error: Error) => `failed: ${error.name}`), new Promise((resolve) => setTimeout(() => resolve(`still waiting after ${ms} ms`), ms))]);

describe('a connection whose socket the peer has just closed', () => {
  it('fails a command at once instead of waiting forever', async () => {
    const connection = monitor.connection!;
    connection.socket.destroy(); // as Node does on the peer's FIN, before 'close' is emitted
    const outcome = await settledWithin(connection.command({ db: 'admin', collection: '$cmd', toString: () => 'admin.$cmd' }, { hello: 1 }, { socketTimeoutMS: 500 }), 3000);
    expect(outcome).toBe('failed: MongoNetworkError');
  });

  it('does not stop the server monitor: its next heartbeats run', async () => {
    await waitForMonitorConnection();
    const heartbeats: string[] = [];
    client.on('serverHeartbeatStarted', () => heartbeats.push('started'));
    client.on('serverHeartbeatSucceeded', () => heartbeats.push('succeeded'));
    client.on('serverHeartbeatFailed', () => heartbeats.push('failed'));
    monitor.connection!.socket.destroy();
    monitor.monitorId._executeAndReschedule(); // the heartbeat timer firing in that same loop turn
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(heartbeats.slice(0, 2)).toEqual(['started', 'failed']);
    expect(heartbeats.filter((event) => event === 'succeeded').length).toBeGreaterThanOrEqual(1);
  });
});

async function waitForMonitorConnection(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(monitor.connection && !monitor.connection.closed) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!monitor.connection || monitor.connection.closed) throw new Error('the server monitor did not reconnect within 5 s');
}
