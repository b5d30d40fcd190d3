import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // The exporter started by the end-to-end test logs with pino at LOG_LEVEL.
    env: { LOG_LEVEL: 'silent' },
  },
});
