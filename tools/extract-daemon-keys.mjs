#!/usr/bin/env node
// Maintainer tool: regenerates data/daemon-keys/ (the daemon.json keys dockerd accepts, per engine
// release) from a full clone of moby/moby with its tags. Not used at run time.
//
//   node tools/extract-daemon-keys.mjs <moby git dir> [--from 20.10.0] [--tags v20.10.24,docker-v29.7.2]
//
// Every release tag (vX.Y.Z, docker-vX.Y.Z; no pre-releases) from --from on is extracted; consecutive releases
// with identical catalogues share one generated file. See src/daemon/catalogue/README.md.

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineVersionOfTag, extractCatalogue } from './daemon-keys/catalogue.mjs';
import { writeCatalogues } from './daemon-keys/emit.mjs';

const CATALOGUE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'daemon', 'catalogue');
const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'daemon-keys');

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

function releaseTags(gitDir, from) {
  const tags = execFileSync('git', ['--git-dir', gitDir, 'tag', '--list'], { encoding: 'utf8' })
    .split('\n')
    .filter((tag) => /^(docker-)?v\d+\.\d+\.\d+$/.test(tag))
    .filter((tag) => compareVersions(engineVersionOfTag(tag), from) >= 0);
  return tags.sort((a, b) => compareVersions(engineVersionOfTag(a), engineVersionOfTag(b)));
}

function parseArguments(argv) {
  const options = { gitDir: null, from: '20.10.0', tags: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--from') options.from = argv[++i];
    else if (arg === '--tags') options.tags = argv[++i].split(',');
    else if (options.gitDir === null && !arg.startsWith('--')) options.gitDir = arg;
    else throw new Error(`unexpected argument ${arg}`);
  }
  if (options.gitDir === null) throw new Error('usage: extract-daemon-keys.mjs <moby git dir> [--from X.Y.Z] [--tags t1,t2]');
  return options;
}

const options = parseArguments(process.argv.slice(2));
const tags = options.tags === null
  ? releaseTags(options.gitDir, options.from)
  : [...options.tags].sort((a, b) => compareVersions(engineVersionOfTag(a), engineVersionOfTag(b)));
const catalogues = [];
for (const tag of tags) {
  process.stderr.write(`extracting ${tag}\n`);
  catalogues.push(extractCatalogue(options.gitDir, tag));
}
const groups = writeCatalogues(CATALOGUE_DIR, DATA_DIR, catalogues);
for (const group of groups) {
  const versions = group.extracted.map((c) => c.engineVersion);
  process.stdout.write(`${versions[0]} – ${versions[versions.length - 1]}: ${Object.keys(group.content.flags).length} flags, ${Object.keys(group.content.json).length} JSON keys\n`);
}
