#!/usr/bin/env node
// `npm run build`: bundles the CLI into dist/, the code bin/dockdoc.js runs (and so what the tests, the benchmarks and
// CI run). One entry chunk holds the start-up path; each command's own code is a chunk loaded on demand, so a run
// never loads another command's code. Type checking is `npm run typecheck`.
//
// Two steps. esbuild bundles the TypeScript into ES module chunks (it splits only ES modules), in memory; rollup then
// writes the same chunks out as CommonJS. Node 20 loads an ES module through an asynchronous loader that resolves a
// URL, stats, reads, compiles and links each file on its own, and `pools` loads ~40 chunks; `require` of a CommonJS
// chunk costs a fraction of that: `pools` 229 → 201 ms (docs/performance.md, "CommonJS chunks").
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { rollup } from 'rollup';
import { SHARED_BUNDLE_OPTIONS } from './bundle-options.mjs';

const DIST = path.resolve('dist');
// Bundled CommonJS dependencies (yaml) call `require` for Node's built-ins, which the worker's ES module lacks.
const REQUIRE_BANNER = "import { createRequire as __dockdocRequire } from 'node:module'; const require = __dockdocRequire(import.meta.url);";
const ESBUILD_OPTIONS = {
  ...SHARED_BUNDLE_OPTIONS,
  target: 'node18.19',
  // Less text for V8 to scan on every start; names are kept, so a DOCKDOC_DEBUG stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  write: false,
};

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST);
// Every .js under dist/ is CommonJS; the lint worker, an ES module (it awaits at its top level), is a .mjs.
writeFileSync(path.join(DIST, 'package.json'), '{ "type": "commonjs" }\n');

const { outputFiles } = await build({ ...ESBUILD_OPTIONS, entryPoints: { dockdoc: 'src/cli/entry.ts' }, outdir: DIST, splitting: true, format: 'esm', sourcemap: 'external' });
const chunks = new Map(outputFiles.map((file) => [file.path, file.text]));
const bundle = await rollup({
  input: path.join(DIST, 'dockdoc.js'),
  external: (id) => isBuiltin(id),
  plugins: [esbuildChunks(chunks)],
  logLevel: 'warn',
  // The entry chunk may export more than run(), for the chunks it shares code with: no facade module in front of it.
  preserveEntrySignatures: 'allow-extension',
  onwarn(warning) {
    throw new Error(`rollup: ${warning.message}`);
  },
});
await bundle.write({
  dir: DIST,
  format: 'cjs',
  sourcemap: true,
  entryFileNames: '[name].js',
  chunkFileNames: '[name].js',
  // A lazy chunk is `require`d when its `import()` runs, as before: no chunk loads earlier than it did.
  dynamicImportInCjs: false,
  generatedCode: 'es2015',
});
await bundle.close();

// The lint worker thread's code (src/lint/read-threads.ts starts it by this name), one file of its own.
const worker = await build({ ...ESBUILD_OPTIONS, entryPoints: ['src/lint/read-worker.ts'], outfile: path.join(DIST, 'lint-read-worker.mjs'), format: 'esm', sourcemap: 'linked', banner: { js: REQUIRE_BANNER } });
for (const file of worker.outputFiles) writeFileSync(file.path, file.contents);

/** rollup's view of esbuild's chunks: their code and source maps, from memory. */
function esbuildChunks(files) {
  return {
    name: 'esbuild-chunks',
    resolveId(source, importer) {
      return importer ? path.resolve(path.dirname(importer), source) : source;
    },
    load(id) {
      const code = files.get(id);
      if (code === undefined) throw new Error(`rollup asked for ${id}, which esbuild did not write`);
      return { code, map: files.get(`${id}.map`) };
    },
  };
}
