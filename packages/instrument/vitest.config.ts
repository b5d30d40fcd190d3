import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the machine is shared; tests wait for conditions, these are only ceilings.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
