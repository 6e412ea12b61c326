import { defineConfig } from 'vitest/config';

// The fault suite (`npm run test:faults`): each file starts its own FerretDB and real service
// processes, breaks something under load and checks what was stored. One file at a time: they are
// heavy on a 2-core machine and time-sensitive. Each test prints its figure.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    reporters: ['default'],
    fileParallelism: false,
    testTimeout: 150_000,
    hookTimeout: 120_000,
  },
});
