import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Each file gets its own Redis key prefix, so files may run in parallel safely.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    restoreMocks: true,
  },
});
