import { spawn } from 'node:child_process';
import { DeadlineError } from '../../src/shared/deadline.js';
import { PROJECT_ROOT } from './test-env.js';

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the project's scripts as a user would (`npm run <name>` is `tsx scripts/<name>.ts`),
 * in its own process, and kills it if it has not finished within `ms`: the wait says which
 * command it was waiting for.
 */
export function runScript(script: string, args: string[], env: Record<string, string | undefined>, ms = 90_000): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new DeadlineError(`exit of ${script} ${args.join(' ')} (stderr so far: ${stderr.slice(-500)})`, ms));
    }, ms);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
