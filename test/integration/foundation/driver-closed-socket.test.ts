import net from 'node:net';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

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
interface ConnectionInternals {
  closed: boolean;
  socket: net.Socket;
  command(ns: unknown, cmd: object, options: object): Promise<unknown>;
}
interface MonitorInternals {
  connection: ConnectionInternals | null;
  monitorId: { _executeAndReschedule(): void };
}

const ADMIN = { db: 'admin', collection: '$cmd', toString: () => 'admin.$cmd' };

let client: mongoose.mongo.MongoClient;
let monitor: MonitorInternals;

beforeAll(async () => {
  client = new mongoose.mongo.MongoClient(inject('mongoUri'), {
    serverMonitoringMode: 'poll',
    heartbeatFrequencyMS: 500,
    connectTimeoutMS: 1000,
  });
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
  Promise.race([
    promise.then(
      () => 'answered',
      (error: Error) => `failed: ${error.name}`,
    ),
    new Promise((resolve) => setTimeout(() => resolve(`still waiting after ${ms} ms`), ms)),
  ]);

describe('a connection whose socket the peer has just closed', () => {
  it('fails a command at once instead of waiting forever', async () => {
    const connection = monitor.connection!;
    connection.socket.destroy(); // as Node does on the peer's FIN, before 'close' is emitted
    const outcome = await settledWithin(connection.command(ADMIN, { hello: 1 }, { socketTimeoutMS: 500 }), 3000);
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

describe('a connection the server has half-closed (its FIN arrived, the socket is not yet destroyed)', () => {
  it('fails a command with a network error, which the service answers with 503, not a bare Error', async () => {
    // A real FIN: a TCP proxy in front of the database ends the driver's connection.
    const target = new URL(inject('mongoUri'));
    const sockets: net.Socket[] = [];
    const proxy = net.createServer((socket) => {
      sockets.push(socket);
      const upstream = net.connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxied = new mongoose.mongo.MongoClient(`mongodb://127.0.0.1:${(proxy.address() as net.AddressInfo).port}/`, {
      serverMonitoringMode: 'poll',
      heartbeatFrequencyMS: 500,
      connectTimeoutMS: 1000,
    });
    try {
      await proxied.connect();
      const servers = (proxied as unknown as { topology: { s: { servers: Map<string, { monitor: MonitorInternals }> } } }).topology.s
        .servers;
      const proxiedMonitor = [...servers.values()][0]!.monitor;
      const connection = proxiedMonitor.connection!;
      const outcome = new Promise((resolve) => {
        // The first thing the driver hears of the FIN; a heartbeat may fire in this very turn.
        connection.socket.once('end', () =>
          resolve(settledWithin(connection.command(ADMIN, { hello: 1 }, { socketTimeoutMS: 500 }), 3000)),
        );
      });
      for (const socket of sockets) socket.end();
      expect(await settledWithin(outcome, 5000)).toBe('answered'); // the race itself settled…
      expect(await outcome).toBe('failed: MongoNetworkError'); // …with a network error
    } finally {
      await proxied.close(true);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

async function waitForMonitorConnection(): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(monitor.connection && !monitor.connection.closed) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!monitor.connection || monitor.connection.closed) throw new Error('the server monitor did not reconnect within 5 s');
}
