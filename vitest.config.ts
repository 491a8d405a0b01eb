import { defineConfig } from 'vitest/config';

export default defineConfig({
  // src/bundle/gather.sh is imported as its text, as esbuild's text loader does in scripts/build.mjs.
  plugins: [
    {
      name: 'shell-script-as-text',
      transform: (code: string, id: string) => (id.endsWith('.sh') ? { code: `export default ${JSON.stringify(code)};`, map: null } : null),
    },
  ],
  test: {
    include: ['test/**/*.test.ts', 'rules/**/*.test.ts'],
    setupFiles: ['test/support/load-readers.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // Integration tests start real dockerd instances; two cores cannot run many at once.
    fileParallelism: true,
    maxWorkers: 2,
    minWorkers: 1,
  },
});
