#!/usr/bin/env node
// Builds fixtures/hosts/<name>/snapshot.json from the real captures in fixtures/docker-rules/ (dockerd 20.10.24,
// iptables 1.8.9 nf_tables, Debian 12). Run: node scripts/build-host-fixtures.mjs
// Facts the capture did not record are marked unavailable rather than invented.
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { tmpdir } from 'node:os';

// The gatherer's own conversion of the engine API's network JSON, bundled from the sources for plain node.
const gathererModule = path.join(tmpdir(), `dockdoc-gather-engine-${process.pid}.mjs`);
await build({ entryPoints: ['src/gather/engine.ts'], outfile: gathererModule, bundle: true, format: 'esm', platform: 'node', external: ['dockerode'], logLevel: 'error' });
const { networkFromApi } = await import(gathererModule);
rmSync(gathererModule);

const captures = 'fixtures/docker-rules';
const read = (...parts) => readFileSync(path.join(captures, ...parts), 'utf8');
const captured = (...parts) => existsSync(path.join(captures, ...parts));
const readJson = (...parts) => JSON.parse(read(...parts));
const notCaptured = { unavailable: 'not recorded in the capture this fixture was built from' };

const HOSTS = [
  { name: 'healthy-20.10', step: '03b-second-container-on-user-network', savedRules: false,
    what: 'Docker 20.10 with a user network and published ports, healthy; no saved rules file' },
  { name: 'el7-iptables-restart', step: '06-after-iptables-services-restart-el7-style', savedRules: true,
    what: 'the same host right after `systemctl restart iptables` on EL7 (every table flushed, then the file restored)' },
  { name: 'el8-iptables-restart', step: '08-after-iptables-restore-only-el8-nft-style', savedRules: true,
    what: 'the same host right after `systemctl restart iptables` on EL8/nft (only the saved file restored: filter wiped, nat kept)' },
  { name: 'after-dockerd-restart', step: '07-after-dockerd-restart', savedRules: true,
    what: 'the EL7 host after dockerd was restarted: Docker rules rebuilt below the admin rules, a leaked MASQUERADE left over' },
  { name: 'no-engine', step: '00-netns-before-dockerd', savedRules: false, engine: false,
    what: 'a host with no Docker engine running' },
];

function engineFact(step) {
  const version = readJson('docker-version.json').Server;
  const info = readJson('docker-info.json');
  const containers = existsSync(path.join(captures, step, 'docker-container-inspect.json')) ? readJson(step, 'docker-container-inspect.json') : [];
  return {
    id: info.ID,
    version: version.Version,
    apiVersion: version.ApiVersion,
    operatingSystem: info.OperatingSystem,
    kernelVersion: info.KernelVersion,
    liveRestore: Boolean(info.LiveRestoreEnabled),
    defaultAddressPools: (info.DefaultAddressPools ?? []).map((p) => ({ base: p.Base, size: p.Size })),
    firewallBackend: info.FirewallBackend?.Driver ?? '',
    warnings: info.Warnings ?? [],
    swarm: { state: info.Swarm?.LocalNodeState ?? '', defaultAddrPool: info.Swarm?.Cluster?.DefaultAddrPool ?? [], subnetSize: info.Swarm?.Cluster?.SubnetSize ?? 0 },
    networks: readJson(step, 'docker-network-inspect.json').map(networkFromApi).sort((a, b) => a.name.localeCompare(b.name)),
    containers: containers.map(containerFromInspect).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** `docker inspect` form → the snapshot's container (the live gatherer reads the list form of the same data). */
function containerFromInspect(c) {
  const ports = Object.entries(c.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) => {
    const [containerPort, protocol] = key.split('/');
    return (bindings ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(containerPort), protocol }));
  });
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    state: c.State.Status,
    endpoints: Object.entries(c.NetworkSettings.Networks ?? {}).map(([network, e]) => ({
      network, networkId: e.NetworkID, ipv4: e.IPAddress || null, ipv6: e.GlobalIPv6Address || null,
    })),
    ports,
  };
}

/** `ip route` text (main table) → route entries. */
function routes(step) {
  return read(step, 'ip-route.txt').split('\n').filter(Boolean).map((line) => {
    const words = line.trim().split(/\s+/);
    const after = (key) => { const i = words.indexOf(key); return i >= 0 ? words[i + 1] : null; };
    return { family: 4, dst: words[0], dev: after('dev'), gateway: after('via'), scope: after('scope'), table: 'main', type: 'unicast', protocol: after('proto') };
  });
}

/** `ip -o addr` text → interfaces. */
function addresses(step) {
  const byName = new Map();
  for (const line of read(step, 'ip-addr.txt').split('\n').filter(Boolean)) {
    const m = /^\d+:\s+(\S+)\s+(inet6?)\s+([^/\s]+)\/(\d+)/.exec(line);
    if (!m) continue;
    const entry = byName.get(m[1]) ?? { name: m[1], state: 'UNKNOWN', addresses: [] };
    entry.addresses.push({ family: m[2] === 'inet' ? 4 : 6, address: m[3], prefixLength: Number(m[4]) });
    byName.set(m[1], entry);
  }
  return [...byName.values()];
}

function sysctls(step) {
  const values = { 'net.ipv4.ip_forward': null, 'net.ipv6.conf.all.forwarding': null, 'net.bridge.bridge-nf-call-iptables': null, 'net.bridge.bridge-nf-call-ip6tables': null };
  for (const line of read(step, 'sysctl.txt').split('\n')) {
    const m = /^(net\.[\w.-]+)=(.*)$/.exec(line);
    if (m && m[1] in values) values[m[1]] = m[2].trim();
  }
  return { values };
}

for (const host of HOSTS) {
  const { step } = host;
  const snapshot = {
    schemaVersion: 1,
    tool: { name: 'dockdoc', version: 'fixture' },
    takenAt: '2026-11-21T00:00:00.000Z',
    host: { hostname: `fixture-${host.name}` },
    facts: {
      daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: read('daemon-b.json') },
      systemdUnits: notCaptured,
      engine: host.engine === false ? { unavailable: 'Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock' } : engineFact(step),
      iptables: {
        backend: 'nf_tables',
        versionText: 'iptables v1.8.9 (nf_tables)',
        save: read(step, 'iptables-save.txt'),
        otherBackend: captured(step, 'iptables-legacy-save.txt') ? { backend: 'legacy', save: read(step, 'iptables-legacy-save.txt') } : notCaptured,
      },
      ip6tables: captured(step, 'ip6tables-save.txt')
        ? { backend: 'nf_tables', versionText: 'ip6tables v1.8.9 (nf_tables)', save: read(step, 'ip6tables-save.txt'), otherBackend: notCaptured }
        : notCaptured,
      savedRules: {
        files: [
          host.savedRules
            ? { path: '/etc/sysconfig/iptables', present: true, text: read('etc-sysconfig-iptables'), family: 4 }
            : { path: '/etc/sysconfig/iptables', present: false, family: 4 },
          { path: '/etc/sysconfig/ip6tables', present: false, family: 6 },
          { path: '/etc/iptables/rules.v4', present: false, family: 4 },
          { path: '/etc/iptables/rules.v6', present: false, family: 6 },
        ],
      },
      routes: captured(step, 'ip-route.txt') ? routes(step) : notCaptured,
      addresses: captured(step, 'ip-addr.txt') ? addresses(step) : notCaptured,
      resolvConf: notCaptured,
      sysctls: sysctls(step),
      nftablesConf: { path: '/etc/nftables.conf', present: false },
      compose: { unavailable: 'no compose files given' },
    },
  };
  const dir = path.join('fixtures', 'hosts', host.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'snapshot.json'), `${JSON.stringify(snapshot, null, 2)}\n`);
  writeFileSync(path.join(dir, 'README.md'), `# ${host.name}\n\n${host.what}.\n\nBuilt by scripts/build-host-fixtures.mjs from fixtures/docker-rules/${step}/ (real capture, dockerd 20.10.24).\n`);
  console.log(`wrote ${dir}/snapshot.json`);
}
