import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { dockdoc, fixturePath, REPO_ROOT } from '../helpers/cli.js';
import { REQUIRE_INTEGRATION_ENV } from '../support/describe-integration.js';
import { requiredSymbolVersions } from '../support/elf.js';
import { makeSystemdRoot } from '../hook/systemdRoot.js';

/** What `npm run build:standalone` produces (scripts/build-standalone.mjs); CI builds it before the tests. */
const EXECUTABLE = path.join(REPO_ROOT, 'dist-standalone', 'dockdoc-linux-x64');
const built = existsSync(EXECUTABLE);
const version = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** A host without Node: PATH is an empty directory, the environment otherwise empty, the working directory elsewhere. */
const noNode = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-standalone-'));
afterAll(() => rmSync(noNode, { recursive: true, force: true }));

async function standalone(args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  const result = await execa(EXECUTABLE, args, { reject: false, cwd: noNode, env: { PATH: noNode, NO_COLOR: '1' }, extendEnv: false, timeout: 60_000 });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? -1 };
}

/** Highest GLIBC_x.y the binary needs from any library. */
function glibcFloor(needs: Record<string, string[]>): string {
  const versions = Object.values(needs)
    .flat()
    .filter((v) => v.startsWith('GLIBC_'))
    .map((v) => v.slice('GLIBC_'.length).split('.').map(Number));
  versions.sort((a, b) => a[0]! - b[0]! || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0));
  return versions.at(-1)!.join('.');
}

if (!built && process.env[REQUIRE_INTEGRATION_ENV] === '1') {
  it('has the standalone executable', () => {
    throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${EXECUTABLE} is missing: run \`npm run build:standalone\` first`);
  });
} else if (!built) {
  console.warn(`standalone executable tests skipped: ${EXECUTABLE} is missing (\`npm run build:standalone\` builds it)`);
}

describe.runIf(built)('the standalone executable, on a host with no node in PATH', () => {
  it('finds no node in that PATH', async () => {
    await expect(execa('node', ['--version'], { env: { PATH: noNode }, extendEnv: false })).rejects.toThrow(/ENOENT/);
  });

  it('prints its version', async () => {
    expect(await standalone(['--version'])).toEqual({ stdout: version, stderr: '', exitCode: 0 });
  });

  it('lists every rule and explains one from its embedded page', async () => {
    const rules = await standalone(['rules', '--format', 'json']);
    expect(rules.exitCode).toBe(0);
    expect((JSON.parse(rules.stdout) as { id: string }[]).map((r) => r.id)).toEqual(ALL_RULES.map((r) => r.id));
    const explain = await standalone(['explain', 'DD409']);
    expect(explain).toMatchObject({ stderr: '', exitCode: 0 });
    expect(explain.stdout.trimEnd()).toBe(readFileSync(path.join(REPO_ROOT, 'docs/rules/DD409.md'), 'utf8').trimEnd());
  });

  it('gives exactly the npm build\'s findings on a snapshot (the daemon key catalogue is read from its assets)', async () => {
    const args = ['check', '--snapshot', fixturePath('hosts/el7-iptables-restart/snapshot.json'), '--format', 'json'];
    const [own, npmBuild] = await Promise.all([standalone(args), dockdoc(args)]);
    expect(own.stderr).toBe('');
    expect(own.exitCode).toBe(1);
    expect(JSON.parse(own.stdout)).toEqual(JSON.parse(npmBuild.stdout));
    expect((JSON.parse(own.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toContain('DD401');
  });

  it('prints the same agentless gather script as the npm build', async () => {
    const [own, npmBuild] = await Promise.all([standalone(['gather-script']), dockdoc(['gather-script'])]);
    expect(own.exitCode).toBe(0);
    expect(own.stdout).toBe(npmBuild.stdout);
    expect(own.stdout.startsWith('#!/bin/sh\n')).toBe(true);
  });

  it('names itself alone in the hook drop-ins (no script after the binary)', async () => {
    const root = makeSystemdRoot(['iptables.service']);
    const install = await standalone(['hook', 'install', '--dry-run', '--root', root, '--unit', 'iptables.service']);
    rmSync(root, { recursive: true, force: true });
    expect(install.stderr).toBe('');
    expect(install.exitCode).toBe(0);
    expect(install.stdout).toContain(`ExecStartPost=-/usr/bin/systemd-cat --identifier=dockdoc ${EXECUTABLE} hook run --unit iptables.service`);
  });

  it('needs the glibc README names as its floor', () => {
    const floor = glibcFloor(requiredSymbolVersions(EXECUTABLE));
    expect(floor).toBe('2.28');
    expect(readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8')).toContain(`glibc ${floor}`);
  });
});
