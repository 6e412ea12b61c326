import http from 'node:http';
import type { Express } from 'express';

export interface RunningHttpServer {
  server: http.Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then cuts what is left after graceMs. */
  drain(graceMs: number): Promise<void>;
}

export function listen(app: Express, host: string, port: number): Promise<RunningHttpServer> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.keepAliveTimeout = 5000;
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
      resolve({
        server,
        url: `http://${shownHost}:${boundPort}`,
        drain: (graceMs) => drainServer(server, graceMs),
      });
    });
  });
}

function drainServer(server: http.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Idle keep-alive sockets would otherwise hold close() open until they time out.
    server.closeIdleConnections();
  });
}
