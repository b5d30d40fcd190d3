import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real servers and child processes: one file at a time keeps a 2-core machine honest.
    fileParallelism: false,
    pool: 'forks',
  },
});
