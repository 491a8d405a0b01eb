import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import DD001 from '../../rules/DD001.js';
import DD002 from '../../rules/DD002.js';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import type { Rule } from '../../src/engine/types.js';
import { gatherTimeoutWithin } from '../../src/hook/budget.js';
import { HookError } from '../../src/hook/errors.js';
import { HOOK_AREAS, runHook, type HookRunRequest } from '../../src/hook/run.js';
import { available } from '../../src/snapshot/fact.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';
import { hostFixture } from '../helpers/hosts.js';

const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };

/**
 * A stand-in for the firewall rules (DD4xx, owned elsewhere), so these tests exercise the hook's plumbing on real
 * captures with exact output: it fires when the filter table has no DOCKER chain, which is what an iptables service
 * restart leaves behind on EL7 and on EL8.
 */
const FILTER_DOCKER_CHAIN_PROBE: Rule = {
  id: 'DDT01',
  title: 'test probe: filter table has no DOCKER chain',
  severity: 'error',
  area: 'firewall',
  needs: ['engine', 'iptables'],
  summary: 'test double',
  check(snapshot) {
    const save = available(snapshot.facts.iptables)!.save;
    const filter = /^\*filter\n([\s\S]*?)^COMMIT$/m.exec(save)?.[1] ?? '';
    return /^:DOCKER /m.test(filter) ? [] : [{ subject: 'chain:filter/DOCKER', message: 'the filter table has no DOCKER chain', fix: { text: 'restart dockerd' } }];
  },
};
/** The doctor's own rules and the probe: exact output that does not change when the firewall rules are refined. */
const RUN = { rules: [DD001, DD002, FILTER_DOCKER_CHAIN_PROBE], settings: SETTINGS, ignore: [], severityOverrides: {} };
const HOSTS = ['healthy-20.10', 'el7-iptables-restart', 'el8-iptables-restart', 'after-dockerd-restart', 'no-engine'];

function request(host: string, overrides: Partial<HookRunRequest> = {}): HookRunRequest {
  return {
    trigger: { unit: 'iptables.service', event: 'reload' },
    boundMs: 5_000,
    settleMs: 0,
    gather: { root: '/', timeoutMs: 5_000 },
    snapshotPath: fixturePath(`hosts/${host}/snapshot.json`),
    run: RUN,
    failOn: null,
    failOnSkipped: false,
    repair: null,
    ...overrides,
  };
}

describe('gatherTimeoutWithin', () => {
  it('fits two gatherer timeouts back to back, plus the finishing reserve, into the bound', () => {
    expect(gatherTimeoutWithin(5_000, 0, 5_000)).toBe(2_375);
    expect(gatherTimeoutWithin(5_000, 2_000, 5_000)).toBe(1_375);
    expect(gatherTimeoutWithin(60_000, 0, 5_000)).toBe(5_000);
    expect(gatherTimeoutWithin(450, 0, 5_000)).toBe(100);
  });

  it('refuses a bound that leaves no time to gather', () => {
    expect(() => gatherTimeoutWithin(2_400, 2_000, 5_000)).toThrow(
      new HookError('--bound 2400 ms leaves no time to gather facts after --settle 2000 ms; allow at least 2450 ms'),
    );
  });
});

describe('runHook on recorded hosts', () => {
  it('prints one line per firewall and engine finding, with its syslog priority, and a summary', async () => {
    expect((await runHook(request('healthy-20.10'))).text).toBe('<6>dockdoc hook after iptables.service reload: 0 errors, 0 warnings, 0 notes\n');
    const wiped = '<3>DDT01 error chain:filter/DOCKER: the filter table has no DOCKER chain Fix: restart dockerd';
    expect((await runHook(request('el7-iptables-restart'))).text).toBe(`${wiped}\n<3>dockdoc hook after iptables.service reload: 1 error, 0 warnings, 0 notes\n`);
    expect((await runHook(request('el8-iptables-restart'))).text).toBe(`${wiped}\n<3>dockdoc hook after iptables.service reload: 1 error, 0 warnings, 0 notes\n`);
    expect((await runHook(request('no-engine'))).text).toBe(
      [
        '<6>DD002 info fact:engine: Could not gather engine: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock. Skipped DDT01: these checks did not run, so this report cannot vouch for what they cover. Fix: Nothing listens at that address: check that dockerd runs, or point dockdoc at the address it listens on with --docker-host / DOCKER_HOST.',
        '<6>dockdoc hook after iptables.service reload: 0 errors, 0 warnings, 1 note, 1 check skipped',
        '',
      ].join('\n'),
    );
  });

  it('with the whole catalogue: the firewall and engine findings of the rules on every recorded host, one line each', async () => {
    const catalogue = { ...RUN, rules: ALL_RULES };
    const el7 = await runHook(request('el7-iptables-restart', { run: catalogue }));
    expect(el7.text.split('\n').map((line) => /^<\d>DD\d+ \w+ [^:]+/.exec(line)?.[0] ?? line)).toEqual([
      '<3>DD401 error iptables',
      '<3>DD401 error network',
      '<3>DD401 error network',
      '<4>DD409 warning unit',
      // The recording predates the firewalld fact: DD413 and DD414 are skipped, and said so.
      '<6>DD002 info fact',
      '<6>DD501 info engine',
      '<3>dockdoc hook after iptables.service reload: 3 errors, 1 warning, 2 notes, 2 checks skipped',
      '',
    ]);
    for (const host of HOSTS) {
      const result = await runHook(request(host, { run: catalogue }));
      const expected = runRules(hostFixture(host), { ...catalogue, rules: ALL_RULES.filter((r) => HOOK_AREAS.includes(r.area)) });
      expect(result.report.findings).toEqual(expected.findings);
      expect(result.text.trimEnd().split('\n')).toHaveLength(expected.findings.length + 1);
    }
  });

  it('leaves compose and pool rules out: a firewall reload does not change them', async () => {
    const result = await runHook(request('healthy-20.10'));
    const ran = new Set([...result.report.findings.map((f) => f.ruleId), ...result.report.skipped.map((s) => s.ruleId)]);
    expect([...ran].filter((id) => /^DD[123]/.test(id))).toEqual([]);
    expect(result.text).not.toContain('fact:compose');
  });

  it('never fails the unit unless asked, and then by --fail-on', async () => {
    expect((await runHook(request('el7-iptables-restart'))).exitCode).toBe(0);
    expect((await runHook(request('el7-iptables-restart', { failOn: 'error' }))).exitCode).toBe(1);
    expect((await runHook(request('no-engine', { failOnSkipped: true }))).exitCode).toBe(1);
    expect((await runHook(request('healthy-20.10', { failOnSkipped: true }))).exitCode).toBe(0);
    expect((await runHook(request('no-engine', { failOn: 'warning' }))).exitCode).toBe(0);
    expect((await runHook(request('no-engine', { failOn: 'info' }))).exitCode).toBe(1);
  });

  it('names a snapshot it cannot read', async () => {
    await expect(runHook(request('no-engine', { snapshotPath: fixturePath('hosts/no-such-host/snapshot.json') }))).rejects.toThrow(HookError);
  });
});

describe('dockdoc hook run (built CLI)', () => {
  it('prints journal lines for a recorded host and exits 0', async () => {
    const result = await dockdoc(['hook', 'run', '--snapshot', fixturePath('hosts/el7-iptables-restart/snapshot.json'), '--unit', 'iptables.service', '--event', 'start']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').at(-1)).toMatch(/^<[346]>dockdoc hook after iptables\.service start: /);
  });

  it('refuses a FIFO as its snapshot at once, instead of blocking on it until the bound', async () => {
    // A FIFO nobody writes to: a blocking read would hold the process past its bound (process.exit cannot end it).
    const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-fifo-'));
    try {
      const fifo = path.join(dir, 'snapshot.json');
      execFileSync('mkfifo', [fifo]);
      const started = Date.now();
      const result = await dockdoc(['hook', 'run', '--snapshot', fifo, '--bound', '5000', '--unit', 'nftables.service', '--event', 'reload']);
      expect(result).toEqual({
        exitCode: 2,
        stderr: `dockdoc: ${fifo}: cannot read snapshot: it is a FIFO (named pipe), not a regular file (dockdoc reads only regular files)`,
        stdout: '',
      });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bound that leaves no time to gather, and a bad number', async () => {
    const tight = await dockdoc(['hook', 'run', '--bound', '1000', '--settle', '900']);
    expect(tight.exitCode).toBe(2);
    expect(tight.stderr).toBe('dockdoc: --bound 1000 ms leaves no time to gather facts after --settle 900 ms; allow at least 1350 ms');
    const bad = await dockdoc(['hook', 'run', '--bound', 'soon']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe('dockdoc: --bound must be a positive number of milliseconds, not "soon"');
  });
});
