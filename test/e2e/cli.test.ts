import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockdoc, fixturePath, REPO_ROOT } from '../helpers/cli.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-e2e-'));
const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function snapshotWithDaemonJson(text: string): string {
  const snapshot = JSON.parse(readFileSync(fixturePath('hosts/healthy-20.10/snapshot.json'), 'utf8'));
  snapshot.facts.daemonConfig = { path: '/etc/docker/daemon.json', present: true, text };
  const file = path.join(scratch, `snapshot-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('dockdoc CLI', () => {
  it('prints its version', async () => {
    expect(await dockdoc(['--version'])).toMatchObject({ stdout: version, exitCode: 0 });
  });

  it('lists the rules and explains one from its doc page', async () => {
    const rules = await dockdoc(['rules']);
    expect(rules.exitCode).toBe(0);
    expect(rules.stdout).toMatch(/^DD001 {2}error {4}engine {4}An input file cannot be read or parsed$/m);
    const explain = await dockdoc(['explain', 'dd101']);
    expect(explain.exitCode).toBe(0);
    expect(explain.stdout).toBe(readFileSync(path.join(REPO_ROOT, 'docs/rules/DD101.md'), 'utf8').trimEnd());
    expect((await dockdoc(['explain', 'DD999'])).exitCode).toBe(2);
  });

  it('gives exit 0 and the JSON contract for a healthy captured host', async () => {
    const result = await dockdoc(['check', '--snapshot', fixturePath('hosts/healthy-20.10/snapshot.json'), '--format', 'json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'tool', 'findings', 'skipped', 'summary']);
    expect(report.findings.filter((f: { severity: string }) => f.severity === 'error')).toEqual([]);
  });

  it('exits 1 on an error finding, and --fail-on / --ignore move the threshold', async () => {
    const broken = snapshotWithDaemonJson('{"bip": "10.1.0.1/24",}');
    const failing = await dockdoc(['check', '--snapshot', broken, '--format', 'json']);
    expect(failing.exitCode).toBe(1);
    expect(JSON.parse(failing.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('DD101');
    expect((await dockdoc(['check', '--snapshot', broken, '--ignore', 'DD101', '--format', 'json'])).exitCode).toBe(0);
  });

  it('reports an unreadable snapshot as DD001 with its line and column, checks nothing and exits 2 (issue 10)', async () => {
    const file = path.join(scratch, 'bad.json');
    writeFileSync(file, '{\n  "facts": {\n}');
    const result = await dockdoc(['check', '--snapshot', file, '--format', 'json']);
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout).skipped).toContainEqual({ ruleId: 'DD101', reason: `snapshot ${file} could not be read` });
    const [finding] = JSON.parse(result.stdout).findings;
    expect(finding).toMatchObject({ ruleId: 'DD001', location: { file, line: 3, column: 2 }, message: 'not a JSON snapshot: unexpected EOF' });
  });

  it('exits 2 on usage errors and bad configuration, with file:line', async () => {
    expect((await dockdoc(['check', '--format', 'xml'])).exitCode).toBe(2);
    expect((await dockdoc(['frobnicate'])).exitCode).toBe(2);
    const config = path.join(scratch, 'bad.yml');
    writeFileSync(config, 'failOn: sometimes\n');
    const result = await dockdoc(['check', '--snapshot', fixturePath('hosts/healthy-20.10/snapshot.json'), '--config', config]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`dockdoc: ${config}:1:1: severity must be error, warning or info, not "sometimes"`);
  });

  it('colours only when asked: FORCE_COLOR forces it, NO_COLOR and pipes turn it off', async () => {
    const args = ['check', '--snapshot', snapshotWithDaemonJson('{,}')];
    expect((await dockdoc(args)).stdout).not.toContain('\u001b[');
    expect((await dockdoc(args, { FORCE_COLOR: '1' })).stdout).toContain('\u001b[');
    expect((await dockdoc(args, { FORCE_COLOR: '1', NO_COLOR: '1' })).stdout).not.toContain('\u001b[');
  });

  it('writes a snapshot that check reads back with the same findings', async () => {
    const out = path.join(scratch, 'live.json');
    const root = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-root-'));
    const gather = ['--root', root, '--docker-host', `unix://${path.join(root, 'no-such.sock')}`, '--timeout', '3000'];
    expect((await dockdoc(['snapshot', '-o', out, ...gather])).exitCode).toBe(0);
    const offline = await dockdoc(['check', '--snapshot', out, '--format', 'json']);
    const live = await dockdoc(['check', ...gather, '--format', 'json']);
    expect(JSON.parse(offline.stdout).findings).toEqual(JSON.parse(live.stdout).findings);
    // No engine here: a clear report naming what was skipped, not an error.
    expect(live.exitCode).toBe(0);
    const engineNote = JSON.parse(live.stdout).findings.find((f: { subject: string }) => f.subject === 'fact:engine');
    expect(engineNote).toMatchObject({ ruleId: 'DD002', severity: 'info' });
    expect(engineNote.evidence.skippedRules).toEqual(expect.arrayContaining(['DD207', 'DD401', 'DD501']));
    const snapshot = JSON.parse(readFileSync(out, 'utf8'));
    expect(snapshot.facts.engine.unavailable).toMatch(/^Docker engine at unix:\/\/.*no-such\.sock \(from --docker-host\) did not answer: .*ENOENT/);
    // Paths are recorded as the host knows them, also when read under --root.
    expect(snapshot.facts.daemonConfig).toEqual({ path: '/etc/docker/daemon.json', present: false });
  });
});
