import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Tests start real servers and child processes; run files one after another so timing
    // assertions (rate limit p99, expiry) do not compete with each other for the 2 cores.
    fileParallelism: false,
    pool: 'forks',
  },
});
