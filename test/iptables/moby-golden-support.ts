import { readdirSync, readFileSync } from 'node:fs';
import { engineAtLeast } from '../../src/engine/version.js';
import { unavailable } from '../../src/snapshot/fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type EngineContainer, type EngineNetwork, type PublishedPort, type Snapshot } from '../../src/snapshot/schema.js';
import { DOCKER_RULES } from './docker-support.js';

export const GOLDEN = `${DOCKER_RULES}moby-golden/`;

/** One TestIptabler golden file: the rules of one family after one network, endpoint and port mapping were set up. */
export interface GoldenCase {
  version: string;
  file: string;
  family: 4 | 6;
  /** `hairpin`, `internal`, `icc`, `masq`, `snat`, `gwm`, `bindlh` as the file name gives them. */
  params: Record<string, string>;
}

export function goldenCases(version: string): GoldenCase[] {
  return readdirSync(`${GOLDEN}${version}/`)
    .filter((f) => f.endsWith('.golden'))
    .sort()
    .map((file) => ({
      version,
      file,
      family: file.endsWith('__ip6tables.golden') ? 6 : 4,
      params: Object.fromEntries(file.replace(/__.*$/, '').split(',').map((kv) => kv.split('=') as [string, string])),
    }));
}

export function goldenText(c: GoldenCase, family: 4 | 6 = c.family): string {
  const file = c.file.replace(/__ip6?tables\.golden$/, family === 4 ? '__iptables.golden' : '__ip6tables.golden');
  return readFileSync(`${GOLDEN}${c.version}/${file}`, 'utf8');
}

/**
 * The golden dumps hold the bridge driver's rules only; the daemon adds DOCKER-USER and FORWARD's jump to it
 * (with `-j RETURN` inside until 28.2.2). A live host has both.
 */
export function withDaemonChains(save: string, version: string): string {
  const userReturn = engineAtLeast(version, '28.2.2') ? '' : '-A DOCKER-USER -j RETURN\n';
  return save.replace(/(\*filter\n(?::[^\n]*\n)*)/, (head) => `${head}:DOCKER-USER - [0:0]\n-A FORWARD -j DOCKER-USER\n${userReturn}`);
}

/**
 * The engine as `docker network inspect` / `docker ps` would show TestIptabler's inputs (iptabler_test.go): bridge
 * `br-dummy` with 192.168.0.0/24 and fd49:efd7:54aa::/64, endpoint 192.168.0.2 / fd49:efd7:54aa::1, port 8080→80/tcp
 * on 0.0.0.0 and :: (127.0.0.1 and ::1 with bindlh), the gateway mode on both families, SNAT addresses with snat.
 */
export function goldenEngineParts(params: Record<string, string>): { networks: EngineNetwork[]; containers: EngineContainer[] } {
  const internal = params['internal'] === 'true';
  const options: Record<string, string> = {
    'com.docker.network.bridge.name': 'br-dummy',
    'com.docker.network.bridge.enable_icc': params['icc'] === 'true' ? 'true' : 'false',
  };
  if (!internal) {
    options['com.docker.network.bridge.enable_ip_masquerade'] = params['masq'] === 'true' ? 'true' : 'false';
    options['com.docker.network.bridge.gateway_mode_ipv4'] = params['gwm']!;
    options['com.docker.network.bridge.gateway_mode_ipv6'] = params['gwm']!;
    if (params['snat'] === 'true') {
      options['com.docker.network.host_ipv4'] = '192.168.123.0';
      options['com.docker.network.host_ipv6'] = 'fd34:d0d4:672f::123';
    }
  }
  const local = params['bindlh'] === 'true';
  const ports: PublishedPort[] = internal
    ? []
    : [
        { hostIp: local ? '127.0.0.1' : '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        { hostIp: local ? '::1' : '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
      ];
  return {
    networks: [
      {
        id: 'd'.repeat(64),
        name: 'dummy',
        driver: 'bridge',
        scope: 'local',
        internal,
        enableIPv6: true,
        ipamDriver: 'default',
        subnets: [
          { subnet: '192.168.0.0/24', gateway: '192.168.0.1', ipRange: null, auxAddresses: {} },
          { subnet: 'fd49:efd7:54aa::/64', gateway: 'fd49:efd7:54aa::1000', ipRange: null, auxAddresses: {} },
        ],
        options,
        bridge: 'br-dummy',
      },
    ],
    containers: [
      {
        id: 'c'.repeat(64),
        name: 'ctr',
        state: 'running',
        endpoints: [{ network: 'dummy', networkId: 'd'.repeat(64), ipv4: '192.168.0.2', ipv6: 'fd49:efd7:54aa::1' }],
        ports,
      },
    ],
  };
}

export interface HostInputs {
  version: string;
  networks: EngineNetwork[];
  containers: EngineContainer[];
  daemonJson: string;
  /** iptables-save / ip6tables-save text; null: that family's tools are missing. */
  saves: { 4: string | null; 6: string | null };
  warnings?: string[];
  firewallBackend?: string;
  dockerService?: string;
}

/** A snapshot of a host running `version` with these networks, containers, settings and live rules. */
export function hostSnapshot(h: HostInputs): Snapshot {
  const family = (save: string | null, tool: string) =>
    save === null
      ? unavailable(`${tool} not found`)
      : { backend: 'nf_tables' as const, versionText: `${tool} v1.8.9 (nf_tables)`, save, otherBackend: unavailable('legacy tools not installed') };
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'dockdoc', version: 'test' },
    takenAt: '2026-12-05T05:00:00Z',
    host: { hostname: 'golden' },
    facts: {
      daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: h.daemonJson },
      systemdUnits: h.dockerService
        ? { units: { 'docker.service': { fragment: { path: '/lib/systemd/system/docker.service', present: true, text: h.dockerService }, dropIns: [] } } }
        : unavailable('no systemd in the test'),
      nftablesConf: { path: '/etc/nftables.conf', present: false },
      engine: {
        id: 'ENGINE-ID',
        version: h.version,
        apiVersion: '1.51',
        operatingSystem: 'Debian GNU/Linux 13 (trixie)',
        kernelVersion: '6.12.0',
        liveRestore: false,
        defaultAddressPools: [],
        firewallBackend: h.firewallBackend ?? 'iptables',
        warnings: h.warnings ?? [],
        swarm: { state: 'inactive', defaultAddrPool: [], subnetSize: 0 },
        networks: h.networks,
        containers: h.containers,
      },
      iptables: family(h.saves[4], 'iptables'),
      ip6tables: family(h.saves[6], 'ip6tables'),
      savedRules: { files: [] },
      routes: unavailable('not used by these tests'),
      addresses: unavailable('not used by these tests'),
      resolvConf: unavailable('not used by these tests'),
      sysctls: { values: { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '1', 'net.ipv6.conf.default.forwarding': '1', 'net.bridge.bridge-nf-call-iptables': '1', 'net.bridge.bridge-nf-call-ip6tables': '1' } },
      compose: unavailable('no compose files given'),
    },
  };
}

/** The snapshot of a host whose live rules are exactly the golden files of both families (plus DOCKER-USER). */
export function goldenSnapshot(c: GoldenCase, saves?: { 4: string; 6: string }): Snapshot {
  return hostSnapshot({
    version: c.version,
    ...goldenEngineParts(c.params),
    daemonJson: c.params['hairpin'] === 'true' ? '{"userland-proxy": false}\n' : '{}\n',
    saves: saves ?? { 4: withDaemonChains(goldenText(c, 4), c.version), 6: withDaemonChains(goldenText(c, 6), c.version) },
  });
}
