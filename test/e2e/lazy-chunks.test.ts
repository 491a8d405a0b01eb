import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixturePath, REPO_ROOT } from '../helpers/cli.js';

// A run loads only the code it runs (issue 12): the built CLI is run with hooks that record every file node loads
// (bin/dockdoc.js imports dist/dockdoc.js as an ES module; the chunks are CommonJS, `require`d), and each loaded
// chunk's source map says which sources it holds.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-lazy-'));
const HOOKS = path.join(scratch, 'hooks.mjs');
const REGISTER = path.join(scratch, 'register.mjs');
const REQUIRE_HOOK = path.join(scratch, 'require-hook.cjs');
writeFileSync(
  REQUIRE_HOOK,
  `const Module = require('node:module');
const { appendFileSync } = require('node:fs');
const { pathToFileURL } = require('node:url');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) { appendFileSync(process.env.DOCKDOC_TEST_LOAD_LOG, pathToFileURL(filename).href + '\\n'); return compile.call(this, content, filename); };
`,
);
writeFileSync(
  HOOKS,
  `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(log, url + '\\n'); return next(url, context); }
`,
);
writeFileSync(REGISTER, `import { register } from 'node:module';\nregister(${JSON.stringify(new URL(`file://${HOOKS}`).href)}, { data: { log: process.env.DOCKDOC_TEST_LOAD_LOG } });\n`);

const BIN = path.join(REPO_ROOT, 'bin/dockdoc.js');
const DIST = path.join(REPO_ROOT, 'dist');

/** The sources (as the bundle's source maps name them, e.g. `src/compose/yaml-library.ts`) of every chunk a run loaded. */
async function sourcesLoaded(args: string[]): Promise<{ sources: Set<string>; chunks: number; stdout: string; exitCode: number }> {
  const log = path.join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const result = await execa(process.execPath, ['--import', REGISTER, '--require', REQUIRE_HOOK, BIN, ...args], {
    reject: false,
    cwd: REPO_ROOT,
    env: { DOCKDOC_TEST_LOAD_LOG: log, NO_COLOR: '' },
    timeout: 60_000,
  });
  const chunks = [...new Set(readFileSync(log, 'utf8').split('\n').filter((url) => url.startsWith('file:')))]
    .map((url) => fileURLToPath(url))
    .filter((file) => path.dirname(file) === DIST);
  const sources = new Set<string>();
  for (const chunk of chunks) {
    const map = JSON.parse(readFileSync(`${chunk}.map`, 'utf8')) as { sources: string[] };
    for (const source of map.sources) sources.add(path.relative(REPO_ROOT, path.resolve(DIST, source)));
  }
  return { sources, chunks: chunks.length, stdout: result.stdout, exitCode: result.exitCode ?? -1 };
}

/** Whether any source is a file of the named package (wherever its node_modules is). */
const hasPackage = (sources: Set<string>, name: string): boolean => [...sources].some((source) => source.includes(`node_modules/${name}/`));

const YAML_LIBRARY = 'yaml';
const COMPOSE_YAML_READER = 'src/compose/yaml-library.ts';
const VALIDATOR = 'src/snapshot/generated/validate.ts';

function snapshotWithComposeFile(text: string): string {
  const snapshot = JSON.parse(readFileSync(fixturePath('hosts/healthy-20.10/snapshot.json'), 'utf8'));
  snapshot.facts.compose = { projects: [{ workingDir: '/srv/app', files: [{ path: '/srv/app/compose.yaml', present: true, text }], variables: {}, nameOverride: null }] };
  const file = path.join(scratch, `compose-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('a run loads only the code it runs (issue 12)', () => {
  it('check --snapshot of a host without compose files loads the validator, but neither the yaml library nor the other reporters', async () => {
    const run = await sourcesLoaded(['check', '--snapshot', fixturePath('hosts/healthy-20.10/snapshot.json'), '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).schemaVersion).toBe(1);
    // The hook sees lazily loaded chunks: the validator is one, loaded because a snapshot is read.
    expect(run.sources).toContain(VALIDATOR);
    expect(run.sources).toContain('src/report/json.ts');
    expect(hasPackage(run.sources, YAML_LIBRARY)).toBe(false);
    expect(run.sources).not.toContain(COMPOSE_YAML_READER);
    expect(run.sources).not.toContain('src/text/yaml.ts');
    for (const reporter of ['src/report/text.ts', 'src/report/html/report-page.ts', 'src/report/prometheus.ts', 'src/report/journald.ts']) {
      expect(run.sources).not.toContain(reporter);
    }
  });

  it('check --snapshot loads the yaml library when the snapshot carries a compose file, and its errors are the library’s', async () => {
    const run = await sourcesLoaded(['check', '--snapshot', snapshotWithComposeFile('services:\n  web: {image: nginx\nnetworks: [\n'), '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(hasPackage(run.sources, YAML_LIBRARY)).toBe(true);
    expect(run.sources).toContain(COMPOSE_YAML_READER);
    const [problem] = (JSON.parse(run.stdout) as { findings: { ruleId: string; message: string; location: unknown }[] }).findings.filter((f) => f.ruleId === 'DD001');
    expect(problem).toMatchObject({
      message: 'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      location: { file: '/srv/app/compose.yaml', line: 3, column: 1 },
    });
  });

  it('pools loads neither the yaml library nor the snapshot validator', async () => {
    const config = path.join(scratch, 'daemon.json');
    writeFileSync(config, JSON.stringify({ 'default-address-pools': [{ base: '10.0.0.0/8', size: 30 }, { base: 'fd00::/8', size: 64 }] }));
    const run = await sourcesLoaded(['pools', '--next', '3', '--daemon-config', config, '--docker-host', `unix://${path.join(scratch, 'no-engine.sock')}`, '--engine-version', '20.10.24', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(hasPackage(run.sources, YAML_LIBRARY)).toBe(false);
    expect(run.sources).not.toContain(VALIDATOR);
  });

  it('--version loads the start-up chunk alone', async () => {
    const run = await sourcesLoaded(['--version']);
    expect(run.exitCode).toBe(0);
    expect([...run.sources].some((source) => source.includes('node_modules/'))).toBe(false);
    expect([...run.sources].filter((source) => source.startsWith('src/')).sort()).toEqual([
      'src/cli/commandModules.ts',
      'src/cli/entry.ts',
      // Which `ip` listings to start early: decided before the program loads, so it is in the start-up chunk.
      'src/gather/hostListings.ts',
      'src/version.ts',
    ]);
  });
});
