import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockdoc, fixturePath } from '../helpers/cli.js';

/** The exact inputs of issue 10 that crashed or aborted the CLI: each must now be a finding with a location. */
const scratch = mkdtempSync(path.join(tmpdir(), 'dockdoc-hostile-'));

function project(name: string, compose: string, dotEnv?: string): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'compose.yaml'), compose);
  if (dotEnv !== undefined) writeFileSync(path.join(dir, '.env'), dotEnv);
  return dir;
}

function snapshotWith(facts: Record<string, unknown>): string {
  const snapshot = JSON.parse(readFileSync(fixturePath('hosts/healthy-20.10/snapshot.json'), 'utf8'));
  Object.assign(snapshot.facts, facts);
  const file = path.join(scratch, `snapshot-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

const lint = (args: string[]) => dockdoc(['lint', ...args], {}, scratch);

describe('hostile inputs through the built CLI (issue 10)', () => {
  it("lints two projects nested '- ' x 1,000 deep without V8 aborting in its RegExp compiler", async () => {
    project('a', `${'- '.repeat(1000)}x`);
    project('b', `${'- '.repeat(1000)}x`);
    const result = await lint(['a', 'b']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('a/compose.yaml:1:200  error  DD001  nested more than 100 levels deep');
    expect(result.stdout).toContain('b/compose.yaml:1:200  error  DD001  nested more than 100 levels deep');
  });

  it('reports the 5 KB nesting that overflowed the yaml library at its line', async () => {
    project('c', ` ${'- '.repeat(2500)}- :/64\n  gate`);
    const result = await lint(['c']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain('c/compose.yaml:1:201  error  DD001  nested more than 100 levels deep');
  });

  it(".env interpolation errors are DD001 at the .env line, and the other projects' findings are kept", async () => {
    const compose = 'services:\n  s:\n    image: x\n    environment:\n      S: ${S}\n';
    project('d', compose, 'A=1\nS=${${X}}\n');
    project('e', compose, 'S=${X:?boom}\n');
    cpSync(fixturePath('compose/dd301'), path.join(scratch, 'dd301'), { recursive: true });
    const result = await lint(['d', 'e', 'dd301']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('d/.env:2  error  DD001  invalid interpolation format: "${${X}}"');
    expect(result.stdout).toContain('e/.env:1  error  DD001  required variable X is missing a value: boom');
    expect(result.stdout).toContain('dd301/compose.yaml:10:19  error  DD301');
  });

  it("reads daemon.json nested 4,000 deep or [ x 20,000 as dockerd does: a finding with Go's message", async () => {
    for (const [text, message] of [
      ['{"a":'.repeat(4000), 'unexpected EOF'],
      ['['.repeat(20_000), "invalid character '[' exceeded max depth"],
    ] as const) {
      const result = await dockdoc(['check', '--format', 'json', '--snapshot', snapshotWith({ daemonConfig: { path: '/etc/docker/daemon.json', present: true, text } })]);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(1);
      expect(JSON.parse(result.stdout).findings.map((f: { message: string }) => f.message).join('\n')).toContain(message);
    }
  });

  it('reports ICMP types iptables refuses in a saved rules file as DD001 at their line, and still checks the rest', async () => {
    const text = '*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p icmp --icmp-type bogus -j ACCEPT\n-A INPUT -p icmp --icmp-type 300 -j ACCEPT\n-A INPUT -p icmp --icmp-type 8/256 -j ACCEPT\nCOMMIT\n';
    const snapshot = snapshotWith({ savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text, family: 4 }] } });
    const result = await dockdoc(['check', '--format', 'json', '--snapshot', snapshot]);
    expect(result.stderr).toBe('');
    const dd001 = JSON.parse(result.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'DD001');
    expect(dd001.map((f: { location: { line: number }; message: string }) => `${f.location.line} ${f.message}`)).toEqual([
      "3 Invalid ICMP type `bogus'",
      "4 Invalid ICMP type `300'",
      "5 Invalid ICMP type `8/256'",
    ]);
  });

  it('refuses a .dockdoc.yml nested too deep with file:line:col, not a stack overflow', async () => {
    const config = path.join(scratch, 'deep.yml');
    writeFileSync(config, ` ${'- '.repeat(2500)}- :/64\n  gate`);
    const result = await dockdoc(['check', '--config', config, '--snapshot', fixturePath('hosts/healthy-20.10/snapshot.json')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`dockdoc: ${config}:1:201: nested more than 100 levels deep; dockdoc refuses the file`);
  });

  it('checks nothing, shows no tick and exits 2 for a missing, empty or invalid snapshot', async () => {
    const missing = path.join(scratch, 'missing.json');
    const refused = await dockdoc(['check', '--snapshot', missing]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(`dockdoc: --snapshot ${missing}: no such file or directory`);
    const empty = path.join(scratch, 'empty.json');
    writeFileSync(empty, '');
    const routes = path.join(scratch, 'routes.json');
    writeFileSync(routes, '{"schemaVersion":1,"facts":{"routes":{}}}');
    for (const [file, message] of [
      [empty, 'the snapshot file is empty'],
      [routes, `${routes}:1:38  not a valid snapshot: facts.routes: expected an array`],
    ]) {
      const result = await dockdoc(['check', '--snapshot', file!]);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toContain(message);
      expect(result.stdout).not.toContain('✓');
      expect(result.stdout).toMatch(/Nothing was checked: \d+ checks skipped/);
    }
  });
});
