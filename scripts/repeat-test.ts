/**
 * `npm run test:repeat -- [--runs N] [--deadline-seconds S] [--config FILE] <test file>`: runs one
 * test file N times in a row (default 10, the fault suite's config), each in a fresh vitest process
 * that is killed if it outlives its deadline (default 180 s). Prints each run's outcome, duration
 * and the figure the test printed, then a summary; exits 1 if any run failed or was killed.
 *
 * Evidence for a rare fault is many runs on one machine, not one green run.
 */
import { spawn } from 'node:child_process';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = args[index + 1];
  if (!value) throw new Error(`--${name} needs a value`);
  args.splice(index, 2);
  return value;
}
const runs = Number(option('runs', '10'));
const deadlineSeconds = Number(option('deadline-seconds', '180'));
const config = option('config', 'test/faults/vitest.config.ts');
const file = args[0];
if (!file || !Number.isInteger(runs) || runs < 1 || !(deadlineSeconds > 0)) {
  process.stderr.write('usage: npm run test:repeat -- [--runs N] [--deadline-seconds S] [--config FILE] <test file>\n');
  process.exit(2);
}

interface RunResult {
  passed: boolean;
  seconds: number;
  figure: string;
  reason: string;
}

/** The line(s) a test printed with console.log (vitest shows them under "stdout | …"). */
function figureOf(output: string): string {
  // eslint-disable-next-line no-control-regex -- vitest colours its output
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const figures: string[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('stdout |') && lines[i + 1]) figures.push(lines[i + 1]!.trim());
  });
  return figures.join(' | ');
}

function runOnce(): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npx', ['vitest', 'run', '--config', config, file!], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      // The whole process group: vitest, its workers and the services they started.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, deadlineSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      const failure =
        output
          .split('\n')
          .find((line) => /DeadlineError|AssertionError|Error:/.test(line))
          ?.trim() ?? '';
      resolve({
        passed: code === 0 && !killed,
        seconds,
        figure: figureOf(output),
        reason: killed ? `killed after its ${deadlineSeconds} s deadline` : code === 0 ? '' : `exit ${code}: ${failure}`,
      });
    });
  });
}

const results: RunResult[] = [];
for (let run = 1; run <= runs; run++) {
  const result = await runOnce();
  results.push(result);
  process.stdout.write(
    `run ${run}/${runs}: ${result.passed ? 'passed' : 'FAILED'} in ${result.seconds.toFixed(1)} s${result.reason ? ` (${result.reason})` : ''}\n` +
      (result.figure ? `  ${result.figure}\n` : ''),
  );
}
const passed = results.filter((result) => result.passed).length;
const slowest = Math.max(...results.map((result) => result.seconds));
process.stdout.write(`${file}: ${passed} of ${runs} runs passed; slowest ${slowest.toFixed(1)} s\n`);
process.exit(passed === runs ? 0 : 1);
