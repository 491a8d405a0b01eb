import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockdoc } from '../helpers/cli.js';
import { validateSarif } from '../report/sarif-schema.js';
import { COMPOSE_FIXTURES } from './fixture-lint.js';

const HOST = '../hosts/healthy-20.10/snapshot.json';
const lint = (args: string[]) => dockdoc(['lint', ...args], {}, COMPOSE_FIXTURES);
const scratch = (): string => mkdtempSync(path.join(tmpdir(), 'dockdoc-lint-'));

describe('dockdoc lint (built CLI)', () => {
  it('prints file:line:col  severity  rule  message, each with its fix, and exits 1 on an error', async () => {
    const result = await lint(['seed', '--snapshot', HOST]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      'seed/compose.yaml:14:19  error  DD304  Subnet 172.18.0.0/16 of network shop_backend overlaps network mynet (172.18.0.0/16) that already exists on the engine: `up` will fail with "Error response from daemon: Pool overlaps with other one on this address space".',
      "    fix: Choose a subnet for backend that overlaps no network on the engine (docker network inspect --format '{{.Name}} {{range .IPAM.Config}}{{.Subnet}} {{end}}' $(docker network ls -q) lists them), or remove the stale network if nothing uses it.",
      "seed/compose.yaml:14:19  warning  DD305  Subnet 172.18.0.0/16 of network shop_backend lies in pool 172.18.0.0/16 of Docker's built-in pools (/etc/docker/daemon.json sets no default-address-pools): a network created without a subnet can be given an overlapping block first, and `up` then fails with \"Pool overlaps with other one on this address space\".",
      "    fix: Pick backend's subnet outside the dynamic pools (172.17.0.0/16, 172.18.0.0/16, 172.19.0.0/16, 172.20.0.0/14, 172.24.0.0/14, 172.28.0.0/14, 192.168.0.0/16), or move the pools away from it with default-address-pools in daemon.json.",
      '1 error, 1 warning, 0 notes',
    ]);
  });

  it('exits 0 for warnings unless --fail-on warning', async () => {
    expect((await lint(['dd305'])).exitCode).toBe(0);
    expect((await lint(['dd305', '--fail-on', 'warning'])).exitCode).toBe(1);
    expect((await lint(['valid', '--fail-on', 'info'])).exitCode).toBe(0);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema, with help links to the rule pages', async () => {
    const result = await lint(['seed', 'dd302', 'broken', '--snapshot', HOST, '--format', 'sarif', '--rule-docs-url', 'https://example.org/dockdoc/docs/rules/']);
    expect(result.exitCode).toBe(1);
    const log = JSON.parse(result.stdout);
    expect(validateSarif(log), JSON.stringify(validateSarif.errors)).toBe(true);
    const rules = log.runs[0].tool.driver.rules as { id: string; helpUri: string; help: { markdown?: string } }[];
    expect(rules.map((r) => r.id)).toEqual(['DD001', 'DD002', 'DD003', 'DD205', 'DD301', 'DD302', 'DD303', 'DD304', 'DD305', 'DD306', 'DD307', 'DD308', 'DD309']);
    expect(rules.find((r) => r.id === 'DD304')).toMatchObject({ helpUri: 'https://example.org/dockdoc/docs/rules/DD304.md' });
    expect(rules.find((r) => r.id === 'DD304')!.help.markdown).toMatch(/^# DD304/);
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['DD001', 'DD001', 'DD001', 'DD302', 'DD302', 'DD302', 'DD302', 'DD302', 'DD304', 'DD305']);
  });

  it('adopts a baseline: the findings of today pass, a new one fails', async () => {
    const dir = scratch();
    const baseline = path.join(dir, 'baseline.json');
    const written = await lint(['dd302', 'dd305', '--write-baseline', baseline]);
    expect(written.exitCode).toBe(0);
    expect(written.stderr).toBe(`dockdoc: wrote 6 findings to ${baseline}`);
    const again = await lint(['dd302', 'dd305', '--baseline', baseline]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toBe('0 errors, 0 warnings, 0 notes; 6 in the baseline');
    const grown = await lint(['dd302', 'dd305', 'dd301', '--baseline', baseline]);
    expect(grown.exitCode).toBe(1);
    expect(grown.stdout.split('\n').filter((line) => line.includes('  DD')).map((line) => line.split('  ')[2])).toEqual(['DD301', 'DD301', 'DD301']);
  });

  it('honours --reserve, --daemon-config and the config file ignores', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'daemon.json'), '{"bip": "10.9.0.1/24"}\n');
    writeFileSync(path.join(dir, '.dockdoc.yml'), 'ignore:\n  - DD305\n');
    const result = await lint(['dd306', 'dd305', '--reserve', '10.8.0.0/16', '--daemon-config', path.join(dir, 'daemon.json'), '--config', path.join(dir, '.dockdoc.yml')]);
    // In file and line order, whatever the severity.
    expect(result.stdout.split('\n').filter((line) => !line.startsWith(' ')).map((line) => line.split('  ').slice(0, 3).join(' '))).toEqual([
      'dd306/compose.yaml:10:19 warning DD306',
      'dd306/compose.yaml:14:19 error DD304',
      '1 error, 1 warning, 0 notes',
    ]);
  });

  it('writes GitHub annotations and JUnit XML', async () => {
    const github = await lint(['overrides', '--format', 'github']);
    expect(github.stdout).toMatch(/^::error file=overrides\/compose\.override\.yaml,line=7,col=20,title=DD302 Compose address lies outside its subnet::gateway 10\.50\.1\.1/);
    const junit = await lint(['overrides', '--format', 'junit']);
    expect(junit.stdout).toContain('<testsuites name="dockdoc lint" tests="2" failures="1" errors="0">');
  });

  it('exits 2 on usage errors', async () => {
    expect(await lint(['--reserve', 'office'])).toMatchObject({ exitCode: 2, stderr: 'dockdoc: --reserve: "office" is not a CIDR such as 10.8.0.0/16' });
    expect(await lint(['../sarif'])).toMatchObject({ exitCode: 2, stderr: expect.stringMatching(/^dockdoc: no compose file under \.\.\/sarif/) });
    expect((await lint(['valid', '--format', 'xml'])).exitCode).toBe(2);
  });
});
