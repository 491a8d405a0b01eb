import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_CHECK_RULES } from '../../rules/index.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';

const CHECKS = HOST_CHECK_RULES.length;

/** A fleet directory of captured hosts, as the Ansible playbook leaves one: HOST.json each, and its summary. */
function fleetOf(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  for (const [file, source] of Object.entries(files)) {
    if (source.startsWith('fixture:')) copyFileSync(fixturePath(`hosts/${source.slice('fixture:'.length)}/snapshot.json`), path.join(dir, file));
    else writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

describe('dockdoc fleet', () => {
  let scratch: string;
  let mixed: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-fleet-e2e-'));
    mixed = fleetOf(scratch, 'mixed', {
      'el7.json': 'fixture:el7-iptables-restart',
      'web-1.json': 'fixture:healthy-20.10',
      'down.json': 'fixture:no-engine',
      'broken.json': '{"facts": {\n',
      'summary.txt': 'an older summary\n',
    });
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('prints one line per host: a host that could not be read and one whose engine was down say so, neither is ✓', async () => {
    const result = await dockdoc(['fleet', mixed]);
    expect(result.exitCode).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^dockdoc \\S+: fleet of 4 hosts in ${mixed}$`));
    const hostLines = lines.filter((line) => /^[✗!✓] /.test(line));
    expect(hostLines.map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['✗', 'broken', 'unread'],
      ['!', 'down', 'info'],
      ['✗', 'el7', 'error'],
      ['!', 'web-1', 'info'],
    ]);
    expect(hostLines[0]).toContain(`not read: not a JSON snapshot: unexpected EOF (${mixed}/broken.json:2:1)`);
    expect(hostLines[1]).toContain('engine not reached: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock');
    expect(hostLines[1]).toContain(`6 notes; 25 of ${CHECKS} checks skipped`);
    expect(hostLines[2]).toContain(`3 errors, 1 warning, 3 notes; 3 of ${CHECKS} checks skipped  DD401 Docker's chains are missing from the live iptables;`);
    expect(lines).toContain('  3 of 4 • DD002 Could not gather systemdUnits: down, el7, web-1');
    expect(lines).toContain('Not read (not *.json or *.bundle): summary.txt');
    expect(lines.at(-1)).toBe(
      'Fleet: 4 hosts: 1 with errors, 0 with warnings, 2 without, 1 not read, 1 whose engine was not reached; 4 hosts not fully checked, so this is not an all-clear',
    );
  });

  it('lists every finding and skipped check under its host with -v, but not the skips of a host not read', async () => {
    const lines = (await dockdoc(['fleet', mixed, '-v'])).stdout.split('\n');
    const under = (host: string) => lines.slice(lines.findIndex((line) => line.split(/\s+/)[1] === host) + 1).filter((_, i, rest) => rest.slice(0, i + 1).every((line) => line.startsWith('    ')));
    expect(under('broken')).toEqual(['    ✗ DD001 not a JSON snapshot: unexpected EOF']);
    expect(under('el7').filter((line) => line.startsWith('    ✗ DD401 '))).toHaveLength(3);
    expect(under('el7').filter((line) => line.startsWith('    - '))).toEqual([
      '    - DD104 skipped: systemdUnits unavailable: not recorded in the capture this fixture was built from',
      '    - DD413 skipped: firewalld unavailable: not recorded in this snapshot',
      '    - DD414 skipped: firewalld unavailable: not recorded in this snapshot',
    ]);
  });

  it('gives each host in JSON exactly the report `check --snapshot --format json` gives', async () => {
    const result = await dockdoc(['fleet', mixed, '--format', 'json']);
    expect(result.exitCode).toBe(1);
    const fleet = JSON.parse(result.stdout);
    expect(Object.keys(fleet)).toEqual(['schemaVersion', 'tool', 'directory', 'hosts', 'shared', 'ignoredFiles', 'summary']);
    expect(fleet.schemaVersion).toBe(1);
    expect(fleet.hosts.map((h: { name: string; read: boolean; worst: string }) => [h.name, h.read, h.worst])).toEqual([
      ['broken', false, 'error'],
      ['down', true, 'info'],
      ['el7', true, 'error'],
      ['web-1', true, 'info'],
    ]);
    const checks = await Promise.all(fleet.hosts.map((host: { file: string }) => dockdoc(['check', '--snapshot', host.file, '--format', 'json'])));
    for (const [i, host] of fleet.hosts.entries()) {
      const check = JSON.parse(checks[i]!.stdout);
      expect({ findings: host.findings, skipped: host.skipped, summary: host.summary }).toEqual({ findings: check.findings, skipped: check.skipped, summary: check.summary });
    }
    expect(fleet.hosts[1].engine).toEqual({ unavailable: 'Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock' });
    expect(fleet.hosts[3].engine).toEqual({ version: '20.10.24+dfsg1' });
    expect(fleet.shared[0]).toEqual({
      ruleId: 'DD002',
      title: 'A fact could not be gathered',
      severity: 'info',
      shape: 'Could not gather firewalld',
      hosts: ['down', 'el7', 'web-1'],
    });
    expect(fleet.ignoredFiles).toEqual(['summary.txt']);
    expect(fleet.summary).toEqual({
      hosts: 4,
      unread: 1,
      engineUnreached: 1,
      withSkippedChecks: 4,
      worst: { error: 2, warning: 0, info: 2, none: 0 },
      findings: { error: 4, warning: 1, info: 12 },
    });
  });

  it('exits as check does: 0 below the threshold, 1 at it or with --fail-on-skipped', async () => {
    const healthy = fleetOf(scratch, 'healthy', { 'a.json': 'fixture:healthy-20.10', 'b.json': 'fixture:healthy-20.10' });
    const [plain, failOnSkipped, failOnInfo] = await Promise.all([
      dockdoc(['fleet', healthy]),
      dockdoc(['fleet', healthy, '--fail-on-skipped']),
      dockdoc(['fleet', healthy, '--fail-on', 'info']),
    ]);
    expect([plain.exitCode, failOnSkipped.exitCode, failOnInfo.exitCode]).toEqual([0, 1, 1]);
  });

  it('exits 1 when a host file could not be read, 2 when nothing could be checked or DIR is wrong', async () => {
    const unreadable = fleetOf(scratch, 'unreadable', { 'a.json': '', 'b.json': 'fixture:healthy-20.10' });
    const nothing = fleetOf(scratch, 'nothing', { 'a.json': 'not json' });
    const empty = fleetOf(scratch, 'empty', { 'notes.txt': 'x' });
    const absent = path.join(scratch, 'absent');
    const [partly, none, noHostFiles, missing] = await Promise.all([
      dockdoc(['fleet', unreadable]),
      dockdoc(['fleet', nothing]),
      dockdoc(['fleet', empty]),
      dockdoc(['fleet', absent]),
    ]);
    expect([partly.exitCode, none.exitCode]).toEqual([1, 2]);
    expect(noHostFiles).toMatchObject({
      exitCode: 2,
      stdout: '',
      stderr: `dockdoc: fleet ${empty}: no host files in it (*.json, *.bundle; write them with \`dockdoc snapshot -o HOST.json\`)`,
    });
    expect(missing).toMatchObject({ exitCode: 2, stderr: `dockdoc: fleet ${absent}: no such file or directory` });
  });

  it('never waits on a FIFO or reads a device named like a host file: each is a host not read', async () => {
    const hostile = fleetOf(scratch, 'hostile', { 'web-1.json': 'fixture:healthy-20.10' });
    execFileSync('mkfifo', [path.join(hostile, 'fifo.json')]);
    symlinkSync('/dev/zero', path.join(hostile, 'zero.bundle'));
    const result = await dockdoc(['fleet', hostile]);
    expect(result.exitCode).toBe(1);
    const hostLines = result.stdout.split('\n').filter((line) => /^[✗!✓] /.test(line));
    expect(hostLines.map((line) => line.split(/\s+/).slice(0, 3))).toEqual([
      ['✗', 'fifo', 'unread'],
      ['!', 'web-1', 'info'],
      ['✗', 'zero', 'unread'],
    ]);
    expect(hostLines[0]).toContain('not read: cannot read snapshot: ');
    expect(hostLines[2]).toContain('not read: cannot read snapshot: ');
  });
});
