#!/usr/bin/env node
// `npm run build`: bundles the CLI with esbuild into dist/, the code bin/dockdoc.js runs (and so what the tests, the
// benchmarks and CI run). One entry chunk holds the start-up path; each command's own code is a chunk loaded on
// demand, so a run never walks a module graph or loads another command's code. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED_BUNDLE_OPTIONS } from './bundle-options.mjs';

// Bundled CommonJS dependencies (yaml, commander) call `require` for Node's built-ins, which an ES module lacks.
const REQUIRE_BANNER = "import { createRequire as __dockdocRequire } from 'node:module'; const require = __dockdocRequire(import.meta.url);";

rmSync('dist', { recursive: true, force: true });
const { outputFiles } = await build({
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
  banner: { js: REQUIRE_BANNER },
  write: false,
});
for (const file of outputFiles) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.path.endsWith('.js') ? withoutUnusedBanner(file.text) : file.contents);
}

/**
 * The chunk without the banner when nothing in it names `require` (2 of ~100 chunks do): each banner is one more
 * import and createRequire per module loaded, ~10 ms of the 38 modules `dockdoc pools` loads. The banner's line stays,
 * empty, so the source map's lines still hold.
 */
function withoutUnusedBanner(text) {
  if (!text.startsWith(REQUIRE_BANNER)) throw new Error('esbuild no longer puts the banner first: scripts/build.mjs must learn where it is');
  return /\brequire\b/.test(text.slice(REQUIRE_BANNER.length)) ? text : text.slice(REQUIRE_BANNER.length);
}
