import { type ChildProcess, spawn } from 'node:child_process';
import { findFreePort } from '../../src/database/free-port.js';
import { PROJECT_ROOT, RATE_LIMITS_OFF } from './test-env.js';

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves when the process exits, with its code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the real service (src/main.ts) as a separate process, as `npm start` would, and waits
 * until GET /ready answers 200.
 */
export async function startServiceProcess(env: Record<string, string>, readyTimeoutMs = 120_000): Promise<ServiceProcess> {
  const port = env['PORT'] ? Number(env['PORT']) : await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'info', ...RATE_LIMITS_OFF, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`service exited before it was ready:\n${output}`);
    }
    const ready = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service not ready within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url, output: () => output, exited };
}
