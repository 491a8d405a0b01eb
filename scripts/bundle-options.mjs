// What both builds bundle alike: npm's dist/ (scripts/build.mjs) and the standalone executable
// (scripts/build-standalone.mjs), so that a source file either can read, the other can too.
export const SHARED_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  // The agentless gather script is a real file (src/bundle/gather.sh), imported as its text.
  loader: { '.sh': 'text' },
  logLevel: 'warning',
};

// npm's dist/: ES modules for the Node the package supports.
const NPM_OPTIONS = {
  ...SHARED_BUNDLE_OPTIONS,
  outdir: 'dist',
  format: 'esm',
  target: 'node18.19',
  sourcemap: 'linked',
  // Bundled CommonJS dependencies (yaml, commander) call `require` for Node's built-ins.
  banner: { js: "import { createRequire as __dockdocRequire } from 'node:module'; const require = __dockdocRequire(import.meta.url);" },
};

// The split build: one entry chunk holds the start-up path; each command's own code is a chunk loaded on demand, so a
// run never loads another command's code. lint-read-worker: the code a `dockdoc lint` worker thread starts with
// (src/lint/read-threads.ts loads it by name).
export const SPLIT_BUILD_OPTIONS = {
  ...NPM_OPTIONS,
  entryPoints: { dockdoc: 'src/cli/entry.ts', 'lint-read-worker': 'src/lint/read-worker.ts' },
  splitting: true,
};

// dist/pools.js: `dockdoc pools` in one file, which bin/dockdoc.js runs instead of the split build for that command
// word. Without splitting, esbuild inlines the command's lazy imports (snapshot reader, picture, config reader) as
// functions run on first use, so the file loads no other file of dist/ and shares no module state with the split
// build (test/build/flat-pools.test.ts checks it): node's ES-module loader pays per module, and `pools` through the
// split build is dozens of small chunks.
export const FLAT_POOLS_BUILD_OPTIONS = {
  ...NPM_OPTIONS,
  entryPoints: { pools: 'src/cli/poolsEntry.ts' },
  splitting: false,
  plugins: [builtinsOnFirstUse()],
};

// In one ES module every `import` of a Node built-in is hoisted to the top and loaded at start, also those of the
// code run only on first use (node:http once an engine answers, node:crypto for a bundle): as CommonJS `require`s
// (the banner's) they load when the code importing them first runs, as in the split build.
function builtinsOnFirstUse() {
  return {
    name: 'builtins-on-first-use',
    setup(build) {
      build.onResolve({ filter: /^node:/ }, (args) => (args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' }));
      build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}
