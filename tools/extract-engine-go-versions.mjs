#!/usr/bin/env node
// Maintainer tool: regenerates data/engine-go-versions.json, the Go release each dockerd release was built with
// (`ARG GO_VERSION` of moby's Dockerfile at the release tag), from a full clone of moby/moby with its tags.
// Go's encoding/json changed the wording of its decode errors across Go releases, and dockerd quotes them
// (rule DD109). Not used at run time.
//
//   node tools/extract-engine-go-versions.mjs <moby git dir> [--from 20.10.0]

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineVersionOfTag } from './daemon-keys/catalogue.mjs';

const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'engine-go-versions.json');

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

const [gitDir, fromFlag, fromValue] = process.argv.slice(2);
if (!gitDir || (fromFlag !== undefined && fromFlag !== '--from')) throw new Error('usage: extract-engine-go-versions.mjs <moby git dir> [--from X.Y.Z]');
const from = fromValue ?? '20.10.0';
const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

const tags = git('tag', '--list')
  .split('\n')
  .filter((tag) => /^(docker-)?v\d+\.\d+\.\d+$/.test(tag))
  .filter((tag) => compareVersions(engineVersionOfTag(tag), from) >= 0)
  .sort((a, b) => compareVersions(engineVersionOfTag(a), engineVersionOfTag(b)));

const engines = {};
for (const tag of tags) {
  const match = /^ARG GO_VERSION=(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(git('show', `${tag}:Dockerfile`));
  if (!match) throw new Error(`${tag}: no ARG GO_VERSION in Dockerfile`);
  engines[engineVersionOfTag(tag)] = { go: match[1], tag, commit: git('rev-list', '-n', '1', tag).trim() };
}
const data = {
  source: 'moby/moby Dockerfile `ARG GO_VERSION` at each release tag: the Go of the static binaries and docker-ce packages built by Docker; distributions that build dockerd themselves (Debian, Ubuntu, Fedora, Alpine) use their own Go',
  engines,
};
writeFileSync(OUTPUT, `${JSON.stringify(data, null, 2)}\n`);
process.stdout.write(`${tags.length} releases\n`);
