import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Ceilings only (the machine is shared): tests wait for conditions, never for time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One fault-injection fleet per file; files run one after the other to stay in budget.
    fileParallelism: false,
  },
});
