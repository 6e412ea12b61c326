import { spawn } from 'node:child_process';
import { DeadlineError, withDeadline } from '../../src/shared/deadline.js';
import { PROJECT_ROOT } from './test-env.js';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's scripts as a user would (`npm run <name>` is `tsx scripts/<name>.ts`),
 * in its own process, and kills it if it has not finished within `ms`: the wait says which
 * command it was waiting for, with what it had written to stderr by then.
 */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  ms = 90_000,
): Promise<ScriptResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const waitingFor = `exit of ${script} ${args.join(' ')}`;
  try {
    return { code: await withDeadline(exited, ms, waitingFor), stdout, stderr };
  } catch (error) {
    if (!(error instanceof DeadlineError)) throw error;
    child.kill('SIGKILL');
    throw new DeadlineError(`${waitingFor} (stderr so far: ${stderr.slice(-500)})`, ms);
  }
}
