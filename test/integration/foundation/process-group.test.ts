import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isAlive, stopProcess, stopProcessGroup } from '../../../src/database/process-control.js';

/**
 * A guard like FerretDB's: a detached shell that passes SIGTERM on to its child and waits for it.
 * Here the child ignores SIGTERM, as a server stuck finishing its connections does.
 */
function startStubbornGuard(): Promise<{ leader: number; child: number }> {
  const script = `
trap '' TERM
sleep 1000 &
child=$!
echo "$child"
trap 'kill -TERM "$child"; wait "$child"' TERM
wait "$child"
`;
  const guard = spawn('sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  guard.unref();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the guard did not report its child within 5 s')), 5000);
    guard.stdout!.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve({ leader: guard.pid!, child: Number(chunk.toString().trim()) });
    });
  });
}

describe('stopping a server that runs under a guard', () => {
  it('stopProcessGroup leaves neither the guard nor its child running', async () => {
    const { leader, child } = await startStubbornGuard();
    await stopProcessGroup(leader, 300);
    expect(isAlive(leader)).toBe(false);
    expect(isAlive(child)).toBe(false);
  });

  it('stopping the guard alone would orphan its child (why the group is stopped)', async () => {
    const { leader, child } = await startStubbornGuard();
    try {
      await stopProcess(leader, 300);
      expect(isAlive(leader)).toBe(false);
      expect(isAlive(child)).toBe(true);
    } finally {
      process.kill(-leader, 'SIGKILL');
    }
  });
});
