// `npm start`: compile what changed (tsc is incremental, so an unchanged tree costs a second or
// two), then run the compiled service in this same process so signals reach it directly.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
/** A first full build takes well under a minute on two cores; longer means something is stuck. */
const BUILD_DEADLINE_MS = 5 * 60_000;
const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'scripts', 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
  timeout: BUILD_DEADLINE_MS,
  killSignal: 'SIGKILL',
});
if (build.error?.code === 'ETIMEDOUT') {
  process.stderr.write(`The TypeScript build did not finish within ${BUILD_DEADLINE_MS / 1000} s; run npm start again.\n`);
  process.exit(1);
}
if (build.status !== 0) {
  process.stderr.write('The build failed; fix the errors above and run npm start again.\n');
  process.exit(1);
}
await import(path.join(root, 'dist', 'src', 'main.js'));
