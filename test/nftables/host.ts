import { readFileSync } from 'node:fs';
import { unavailable } from '../../src/snapshot/fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type EngineFact, type Snapshot } from '../../src/snapshot/schema.js';

const CAPTURES = new URL('../../fixtures/nftables/captures/', import.meta.url).pathname;

/** A real `nft -j list ruleset` / `nft list ruleset` pair (fixtures/nftables/captures, nft 1.0.6). */
export function nftCapture(name: string): { json: string; text: string } {
  return { json: readFileSync(`${CAPTURES}${name}.json`, 'utf8'), text: readFileSync(`${CAPTURES}${name}.txt`, 'utf8') };
}

/**
 * The engine of moby's TestNftabler (nftabler_test.go, docker-v29.7.2) as `docker info` / the API would show it:
 * network `dummy` on bridge br-dummy (192.168.0.0/24, fd49:efd7:54aa::/64), container `web` at 192.168.0.2 and
 * fd49:efd7:54aa::1 publishing 8080→80/tcp on 0.0.0.0 and ::, nftables backend.
 */
export function nftablesEngine(overrides: Partial<EngineFact> = {}): EngineFact {
  return {
    id: 'b5a9c2a0-0000-4000-8000-000000000029',
    version: '29.7.2',
    apiVersion: '1.52',
    operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: '6.1.0-28-amd64',
    liveRestore: false,
    defaultAddressPools: [],
    firewallBackend: 'nftables',
    warnings: [],
    swarm: { state: 'inactive', defaultAddrPool: [], subnetSize: 0 },
    networks: [
      {
        id: 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0',
        name: 'dummy',
        driver: 'bridge',
        scope: 'local',
        internal: false,
        enableIPv6: true,
        ipamDriver: 'default',
        subnets: [
          { subnet: '192.168.0.0/24', gateway: '192.168.0.1', ipRange: null, auxAddresses: {} },
          { subnet: 'fd49:efd7:54aa::/64', gateway: 'fd49:efd7:54aa::1000', ipRange: null, auxAddresses: {} },
        ],
        options: { 'com.docker.network.bridge.name': 'br-dummy' },
        bridge: 'br-dummy',
      },
    ],
    containers: [
      {
        id: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
        name: 'web',
        state: 'running',
        endpoints: [{ network: 'dummy', networkId: 'd0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0', ipv4: '192.168.0.2', ipv6: 'fd49:efd7:54aa::1' }],
        ports: [
          { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        ],
      },
    ],
    ...overrides,
  };
}

/** A Debian 12 host running that engine, its live ruleset the given capture; stock, disabled nftables.service. */
export function nftablesHost(capture = 'default-nat-both-families', facts: Partial<Snapshot['facts']> = {}): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'dockdoc', version: 'test' },
    takenAt: '2026-12-05T04:00:00Z',
    host: { hostname: 'nft29' },
    facts: {
      daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: '{\n  "firewall-backend": "nftables",\n  "ip6tables": true\n}\n' },
      systemdUnits: { units: { 'nftables.service': { fragment: { path: '/lib/systemd/system/nftables.service', present: true, text: '[Service]\nExecStart=/usr/sbin/nft -f /etc/nftables.conf\nExecReload=/usr/sbin/nft -f /etc/nftables.conf\n' }, dropIns: [] } } },
      nftablesConf: { path: '/etc/nftables.conf', present: true, text: '#!/usr/sbin/nft -f\n\nflush ruleset\n\ntable inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter;\n\t}\n\tchain forward {\n\t\ttype filter hook forward priority filter;\n\t}\n\tchain output {\n\t\ttype filter hook output priority filter;\n\t}\n}\n' },
      engine: nftablesEngine(),
      iptables: { backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: '', otherBackend: unavailable('not used by these tests') },
      ip6tables: { backend: 'nf_tables', versionText: 'ip6tables v1.8.9 (nf_tables)', save: '', otherBackend: unavailable('not used by these tests') },
      savedRules: { files: [] },
      routes: unavailable('not used by these tests'),
      addresses: unavailable('not used by these tests'),
      resolvConf: unavailable('not used by these tests'),
      sysctls: { values: { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '1', 'net.ipv6.conf.default.forwarding': '1' } },
      nftRuleset: nftCapture(capture),
      firewallUnitStates: { source: 'systemctl', units: { 'nftables.service': { enabled: 'disabled', active: 'inactive' } } },
      firewalld: { conf: { path: '/etc/firewalld/firewalld.conf', present: false }, running: null, zones: {}, policies: null },
      nftablesConfigFiles: { files: [{ path: '/etc/sysconfig/nftables.conf', present: false }] },
      compose: unavailable('no compose files given'),
      ...facts,
    },
  };
}
