import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle, serializeBundle, type Bundle, type BundleRecord } from '../../src/bundle/format.js';
import { bundleHostIo } from '../../src/bundle/hostIo.js';
import { loadSnapshotOrBundle, snapshotFromBundle } from '../../src/bundle/load.js';
import { gatherSnapshot } from '../../src/gather/snapshot.js';
import { REDACTED } from '../../src/gather/redact.js';
import { WATCHED_UNITS } from '../../src/gather/systemd.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';

const FIXTURE = fixturePath('bundles/dockerd-20.10-healthy.bundle');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-bundle-'));
const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];
const HEADER = { hostname: 'web01', 'taken-at': '2026-12-05T07:00:00Z', 'docker-host': 'unix:///var/run/docker.sock', 'step-timeout': '10' };

async function loaded(file: string): Promise<Snapshot> {
  const result = await loadSnapshotOrBundle(file);
  if (!('facts' in result)) throw new Error(`${result.line}:${result.column} ${result.message}`);
  return result;
}

function bundleOf(records: Omit<BundleRecord, 'line'>[]): Bundle {
  const parsed = parseBundle('host.bundle', serializeBundle({ header: HEADER, records: records.map((r) => ({ ...r, line: 0 })) }));
  if (!('records' in parsed)) throw new Error(parsed.message);
  return parsed;
}

describe('a bundle as a snapshot', () => {
  it('the real bundle answers every question the gatherers ask, and gives the engine, firewall, routes and sysctls of its host', async () => {
    const parsed = parseBundle(FIXTURE, (await import('node:fs')).readFileSync(FIXTURE));
    if (!('records' in parsed)) throw new Error(parsed.message);
    const io = bundleHostIo(parsed);
    await gatherSnapshot({ root: '/', timeoutMs: 5000, io });
    expect(io.unanswered).toEqual([]);
    const snapshot = await loaded(FIXTURE);
    expect(snapshot.host).toEqual({ hostname: 'vm' });
    expect(snapshot.takenAt).toBe('2026-12-05T07:32:36.000Z');
    const { engine, iptables, routes, sysctls, nftRuleset, firewallUnitStates, installedEngine } = snapshot.facts;
    if ('unavailable' in engine) throw new Error(engine.unavailable);
    expect(engine.version).toBe('20.10.24+dfsg1');
    expect(engine.networks.map((n) => [n.name, n.bridge, n.subnets.map((s) => s.subnet)])).toEqual([
      ['bridge', 'docker0', ['172.17.0.0/16']],
      ['host', null, []],
      ['none', null, []],
      ['web', expect.stringMatching(/^br-[0-9a-f]{12}$/), ['172.18.0.0/16']],
    ]);
    expect(engine.containers).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        name: 'site',
        state: 'running',
        endpoints: [{ network: 'web', networkId: engine.networks[3]!.id, ipv4: '172.18.0.2', ipv6: null }],
        ports: [
          { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        ],
      },
    ]);
    expect(iptables).toMatchObject({ backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', otherBackend: { backend: 'legacy', save: '' } });
    expect(routes).toContainEqual(expect.objectContaining({ family: 4, dst: '172.18.0.0/16', dev: engine.networks[3]!.bridge, table: 'main' }));
    expect(sysctls).toMatchObject({ values: { 'net.ipv4.ip_forward': '1' } });
    expect(nftRuleset).toMatchObject({ json: expect.any(String), chains: { text: expect.stringContaining('table ip filter') } });
    expect(firewallUnitStates).toEqual({ source: 'systemctl', units: { 'nftables.service': { enabled: 'disabled', active: null } } });
    expect(installedEngine).toEqual({ version: '20.10.24', source: 'dockerd --version: Docker version 20.10.24+dfsg1, build 5d6db84' });
  });

  it('redacts the files it holds as a live run does: daemon.json log-opts and credentials, unit Environment= values', async () => {
    const daemonJson = '{\n  "log-driver": "splunk",\n  "log-opts": { "splunk-token": "abc123" },\n  "registry-mirrors": ["https://user:pw@mirror.example"]\n}\n';
    const unit = '[Service]\nEnvironment=TOKEN=s3cret HTTP_PROXY=http://u:p@proxy:3128\nExecStart=/usr/bin/dockerd --log-opt splunk-token=abc123\n';
    const snapshot = await snapshotFromBundle(
      bundleOf([
        { kind: 'file', status: 'present', key: '/etc/docker/daemon.json', out: daemonJson, err: '' },
        { kind: 'file', status: 'present', key: '/etc/systemd/system/docker.service', out: unit, err: '' },
        // The other units' files, each looked for in systemd's search path: absent, as the script records them.
        ...WATCHED_UNITS.filter((name) => name !== 'docker.service').flatMap((name) =>
          UNIT_DIRS.map((dir) => ({ kind: 'file', status: 'absent', key: `${dir}/${name}`, out: '', err: '' })),
        ),
      ]),
    );
    const text = JSON.stringify(snapshot);
    expect(text).not.toMatch(/abc123|s3cret|user:pw|u:p@/);
    expect(snapshot.facts.daemonConfig).toMatchObject({ present: true, text: expect.stringContaining(`"splunk-token": "${REDACTED}"`) });
    const units = snapshot.facts.systemdUnits;
    if ('unavailable' in units) throw new Error(units.unavailable);
    expect(units.units['docker.service']!.fragment).toMatchObject({ text: expect.stringContaining(`Environment=TOKEN=${REDACTED} HTTP_PROXY=http://${REDACTED}@proxy:3128`) });
  });

  it('a failure the script recorded is the fact a live run would have: not installed, timed out, failed with stderr', async () => {
    const snapshot = await snapshotFromBundle(
      bundleOf([
        { kind: 'run', status: 'not-found', key: 'iptables -V', out: '', err: '' },
        { kind: 'run', status: '0', key: 'ip6tables -V', out: 'ip6tables v1.8.9 (legacy)\n', err: '' },
        { kind: 'run', status: 'timeout', key: 'ip6tables-save -w', out: '', err: '' },
        { kind: 'run', status: '1', key: 'ip -j -4 route show table all', out: '', err: 'Cannot open netlink socket: Permission denied\n' },
        { kind: 'engine', status: '1', key: 'version', out: '', err: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n' },
      ]),
    );
    expect(snapshot.facts.iptables).toEqual({ unavailable: 'iptables is not installed (not found in PATH)' });
    expect(snapshot.facts.ip6tables).toEqual({ unavailable: '`ip6tables-save -w` timed out after 10 s in the gather script' });
    expect(snapshot.facts.routes).toEqual({ unavailable: '`ip -j -4 route show table all` failed (exit 1): Cannot open netlink socket: Permission denied' });
    expect(snapshot.facts.engine).toEqual({
      unavailable:
        "Docker engine at unix:///var/run/docker.sock (the gather script's docker CLI) did not answer `version`: exit 1: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
    });
    // Asked of the bundle but never recorded (an older script): unavailable and named, never an empty answer.
    expect(snapshot.facts.addresses).toEqual({ unavailable: 'the bundle has no record of `ip -j addr` (made by an older gather script?)' });
    expect(snapshot.facts.resolvConf).toEqual({ unavailable: 'the bundle has no record of /etc/resolv.conf (made by an older gather script?)' });
  });

  it('a snapshot still loads as before', async () => {
    expect((await loaded(fixturePath('hosts/seed/snapshot.json'))).facts.engine).toMatchObject({ version: expect.any(String) });
  });

  it('check --snapshot gives DD001 at the line and column of a bad bundle and exit 2; snapshot --from refuses it the same way', async () => {
    const file = path.join(scratch, 'cut.bundle');
    writeFileSync(file, 'dockdoc-bundle 1\nhostname web01\ntaken-at 2026-12-05T07:00:00Z\n@run 0 999 0 iptables -V\niptables v1.8.9\n');
    const checked = await dockdoc(['check', '--snapshot', file, '--format', 'json']);
    expect(checked.exitCode).toBe(2);
    expect(JSON.parse(checked.stdout).findings).toEqual([
      expect.objectContaining({ ruleId: 'DD001', location: { file, line: 4, column: 8 }, message: expect.stringContaining('the record says 999 + 0 bytes follow') }),
    ]);
    const converted = await dockdoc(['snapshot', '--from', file]);
    expect({ exitCode: converted.exitCode, stdout: converted.stdout }).toEqual({ exitCode: 2, stdout: '' });
    expect(converted.stderr).toContain(`DD001 ${file}:4:8: not a valid bundle: the record says 999 + 0 bytes follow`);
  });

  it('check --snapshot on the real bundle gives its host findings', async () => {
    const checked = await dockdoc(['check', '--snapshot', FIXTURE, '--format', 'json']);
    expect(JSON.parse(checked.stdout).findings.map((f: { ruleId: string; subject: string }) => [f.ruleId, f.subject])).toEqual([
      ['DD411', 'file:/etc/nftables.conf'],
      ['DD501', 'engine:live-restore'],
    ]);
  });
});
