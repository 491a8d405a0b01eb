#!/usr/bin/env node
// `npm run build`: bundles the CLI with esbuild into dist/, the code bin/dockdoc.js runs (and so what the tests, the
// benchmarks and CI run). One entry chunk holds the start-up path; each command's own code is a chunk loaded on
// demand, so a run never walks a module graph or loads another command's code. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { SHARED_BUNDLE_OPTIONS } from './bundle-options.mjs';

rmSync('dist', { recursive: true, force: true });
await build({
  // lint-read-worker: the code a `dockdoc lint` worker thread starts with (src/lint/read-threads.ts loads it by name).
  entryPoints: { dockdoc: 'src/cli/entry.ts', 'lint-read-worker': 'src/lint/read-worker.ts' },
  ...SHARED_BUNDLE_OPTIONS,
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  target: 'node18.19',
  sourcemap: 'linked',
  // Less text for V8 to scan on every start; names are kept, so a DOCKDOC_DEBUG stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  // Bundled CommonJS dependencies (yaml, commander) call `require` for Node's built-ins.
  banner: { js: "import { createRequire as __dockdocRequire } from 'node:module'; const require = __dockdocRequire(import.meta.url);" },
});
