#!/usr/bin/env node
// `npm run build`: bundles the CLI with esbuild into dist/, the code bin/dockdoc.js runs (and so what the tests, the
// benchmarks and CI run). One entry chunk holds the start-up path; each command's own code is a chunk loaded on
// demand, so a run never walks a module graph or loads another command's code. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { dockdoc: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node18.19',
  sourcemap: 'linked',
  // The agentless gather script is a real file (src/bundle/gather.sh), imported as its text.
  loader: { '.sh': 'text' },
  // Bundled CommonJS dependencies (yaml, commander) call `require` for Node's built-ins.
  banner: { js: "import { createRequire as __dockdocRequire } from 'node:module'; const require = __dockdocRequire(import.meta.url);" },
  logLevel: 'warning',
});
