import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOST_CHECK_RULES } from '../../rules/index.js';
import { runRules, type RunOptions } from '../../src/engine/run.js';
import { readFleetDirectory } from '../../src/fleet/hosts.js';
import { findingShape, fleetReport, headlines } from '../../src/fleet/summary.js';
import { fixturePath } from '../helpers/cli.js';
import { hostFixture } from '../helpers/hosts.js';

const OPTIONS: RunOptions = {
  rules: HOST_CHECK_RULES,
  settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } },
  ignore: [],
  severityOverrides: {},
};

describe('findingShape', () => {
  it('keeps the first clause of a message and masks what differs from host to host', () => {
    expect(findingShape('Could not gather engine: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock. Skipped DD207.')).toBe(
      'Could not gather engine',
    );
    expect(findingShape('Interface br-76c1f4b95c9f (172.19.0.1/16) looks like a Docker bridge, but no current network uses it: it was left')).toBe(
      'Interface br-… (…) looks like a Docker bridge, but no current network uses it',
    );
    expect(findingShape('A rule names bridge br-76c1f4b95c9f, which no Docker network has: `-t nat -A POSTROUTING`. dockerd')).toBe(
      'A rule names bridge br-…, which no Docker network has',
    );
    expect(findingShape('network web (fd00:1::/64, br-031c8d1636c4) has 3 rules')).toBe('network web (…, br-…) has … rules');
    expect(findingShape('/etc/nftables.conf runs `flush ruleset`: the next restart of nftables.service deletes')).toBe('/etc/nftables.conf runs `flush ruleset`');
    // Found by the property below (seed 89901345): a clause cut right after a period.
    expect(findingShape('.: 0 .:')).toBe('');
    expect(findingShape('a.. b')).toBe('a');
    expect(findingShape('see e.g.: the unit')).toBe('see e.g');
  });

  it('is bounded, masks every count and is its own shape, whatever the message', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 99999 }), (text, n) => {
        const shape = findingShape(`${text} ${n} ${text}`);
        expect(shape.length).toBeLessThanOrEqual(120);
        expect(findingShape(shape)).toBe(shape);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0 }), (n) => {
        expect(findingShape(`stops all ${n} running containers`)).toBe('stops all … running containers');
      }),
    );
  });
});

describe('fleetReport on the fixture hosts', () => {
  const names = ['el7-iptables-restart', 'el8-iptables-restart', 'healthy-20.10', 'no-engine'];
  const hostFiles = names.map((name) => ({ name, file: `${name}.json`, loaded: hostFixture(name) }));
  const fleet = fleetReport(hostFiles, OPTIONS);

  it('reports on each host exactly what a check of its snapshot reports', () => {
    for (const [i, name] of names.entries()) expect(fleet.hosts[i]!.report).toEqual(runRules(hostFixture(name), OPTIONS));
    expect(fleet.hosts.map((host) => [host.name, host.read, host.worst])).toEqual([
      ['el7-iptables-restart', true, 'error'],
      ['el8-iptables-restart', true, 'error'],
      ['healthy-20.10', true, 'info'],
      ['no-engine', true, 'info'],
    ]);
  });

  it('says which engine answered and why the other could not be reached', () => {
    expect(fleet.hosts.find((host) => host.name === 'healthy-20.10')!.engine).toEqual({ version: '20.10.24+dfsg1' });
    expect(fleet.hosts.find((host) => host.name === 'no-engine')!.engine).toEqual({
      unavailable: 'Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock',
    });
  });

  it('lists the findings several hosts share, errors first, with the hosts', () => {
    expect(fleet.shared.map((s) => [s.ruleId, s.severity, s.shape, s.hosts])).toEqual([
      ['DD401', 'error', "Docker's chains are missing from the live iptables", ['el7-iptables-restart', 'el8-iptables-restart']],
      ['DD401', 'error', 'network bridge (…, docker0)', ['el7-iptables-restart', 'el8-iptables-restart']],
      ['DD401', 'error', 'network mynet (…, br-…)', ['el7-iptables-restart', 'el8-iptables-restart']],
      ['DD409', 'warning', '/etc/sysconfig/iptables exists', ['el7-iptables-restart', 'el8-iptables-restart']],
      ['DD002', 'info', 'Could not gather firewalld', names],
      ['DD002', 'info', 'Could not gather systemdUnits', names],
      ['DD501', 'info', 'live-restore is off', ['el7-iptables-restart', 'el8-iptables-restart', 'healthy-20.10']],
    ]);
  });

  it('headlines a host with one line per distinct finding, most severe first', () => {
    const el7 = fleet.hosts[0]!;
    expect(headlines(el7.report.findings, 2)).toEqual({
      shown: ["DD401 Docker's chains are missing from the live iptables", 'DD401 network bridge (…, docker0)'],
      more: 5,
    });
  });
});

describe('readFleetDirectory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-fleet-'));
    copyFileSync(fixturePath('hosts/healthy-20.10/snapshot.json'), path.join(dir, 'web-1.json'));
    copyFileSync(fixturePath('hosts/no-engine/snapshot.json'), path.join(dir, 'web-2.json'));
    copyFileSync(fixturePath('hosts/no-engine/snapshot.json'), path.join(dir, 'web-2.bundle'));
    writeFileSync(path.join(dir, 'broken.json'), '{"facts": [1, 2,\n');
    writeFileSync(path.join(dir, 'summary.txt'), 'host errors\n');
    writeFileSync(path.join(dir, '.hidden.json'), '{}');
    mkdirSync(path.join(dir, 'old.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every host file in name order, names hosts after their files and lists what it did not read', async () => {
    const { hosts, ignored } = await readFleetDirectory(dir);
    expect(hosts.map((host) => [host.name, path.basename(host.file)])).toEqual([
      ['broken', 'broken.json'],
      ['web-1', 'web-1.json'],
      ['web-2.bundle', 'web-2.bundle'],
      ['web-2.json', 'web-2.json'],
    ]);
    expect(ignored).toEqual(['.hidden.json', 'old.json/', 'summary.txt']);
  });

  it('turns a file that cannot be parsed into DD001 on that host, every other check skipped', async () => {
    const { hosts } = await readFleetDirectory(dir);
    const broken = fleetReport(hosts, OPTIONS).hosts[0]!;
    expect(broken.read).toBe(false);
    expect(broken.worst).toBe('error');
    expect(broken.engine).toBeUndefined();
    expect(broken.report.findings.map((f) => [f.ruleId, f.location])).toEqual([['DD001', { file: path.join(dir, 'broken.json'), line: 2, column: 1 }]]);
    expect(broken.report.skipped).toHaveLength(HOST_CHECK_RULES.length - 1);
  });
});
