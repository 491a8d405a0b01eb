#!/usr/bin/env node
// `npm run build`: bundles the CLI with esbuild into dist/, the code bin/dockdoc.js runs (and so what the tests, the
// benchmarks and CI run): the split build for every command, and `pools` as one flat file (scripts/bundle-options.mjs
// says why). Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { FLAT_POOLS_BUILD_OPTIONS, SPLIT_BUILD_OPTIONS } from './bundle-options.mjs';

rmSync('dist', { recursive: true, force: true });
await Promise.all([build(SPLIT_BUILD_OPTIONS), build(FLAT_POOLS_BUILD_OPTIONS)]);
