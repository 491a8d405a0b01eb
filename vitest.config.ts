import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Integration tests start real dockerd instances; two cores cannot run many at once.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
