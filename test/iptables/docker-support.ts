import { existsSync, readFileSync } from 'node:fs';
import { networkFromApi, type ApiNetwork } from '../../src/gather/engine.js';
import { unavailable } from '../../src/snapshot/fact.js';
import { SNAPSHOT_SCHEMA_VERSION, type EngineContainer, type EngineFact, type PublishedPort, type Snapshot } from '../../src/snapshot/schema.js';

/** fixtures/docker-rules: dockerd 20.10.24 captured step by step (fixtures/docker-rules/README.md). */
export const DOCKER_RULES = new URL('../../fixtures/docker-rules/', import.meta.url).pathname;

export function corpusFile(path: string): string {
  return readFileSync(`${DOCKER_RULES}${path}`, 'utf8');
}

interface InspectContainer {
  Id: string;
  Name: string;
  State: { Status: string };
  NetworkSettings: {
    Networks: Record<string, { NetworkID: string; IPAddress: string; GlobalIPv6Address: string }>;
    Ports: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
  };
}

/** `docker container inspect` output as the engine gatherer records containers. */
function containerFromInspect(c: InspectContainer): EngineContainer {
  const ports: PublishedPort[] = Object.entries(c.NetworkSettings.Ports ?? {}).flatMap(([key, bindings]) => {
    const [port, protocol] = key.split('/') as [string, PublishedPort['protocol']];
    return (bindings ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(port), protocol }));
  });
  return {
    id: c.Id,
    name: c.Name.replace(/^\//, ''),
    state: c.State.Status,
    endpoints: Object.entries(c.NetworkSettings.Networks).map(([network, e]) => ({ network, networkId: e.NetworkID, ipv4: e.IPAddress || null, ipv6: e.GlobalIPv6Address || null })),
    ports,
  };
}

/** The engine fact of a captured step, from its `docker network inspect` and `docker container inspect` output. */
export function engineOfStep(step: string, version = '20.10.24+dfsg1'): EngineFact {
  const networks = (JSON.parse(corpusFile(`${step}/docker-network-inspect.json`)) as ApiNetwork[]).map(networkFromApi);
  const containersPath = `${step}/docker-container-inspect.json`;
  const containers = existsSync(`${DOCKER_RULES}${containersPath}`)
    ? (JSON.parse(corpusFile(containersPath)) as InspectContainer[]).map(containerFromInspect)
    : [];
  const info = JSON.parse(corpusFile('docker-info.json')) as { ID: string };
  return {
    id: info.ID,
    version,
    apiVersion: '1.41',
    operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    kernelVersion: '6.18.44-fc-v669',
    liveRestore: false,
    defaultAddressPools: [],
    firewallBackend: '',
    warnings: [],
    swarm: { state: 'inactive', defaultAddrPool: [], subnetSize: 0 },
    networks,
    containers,
  };
}

/** Which daemon.json each captured step ran with (README: corpus-b, corpus-b4, corpus-b5). */
export function daemonJsonOfStep(step: string): string {
  const base = step.split('/').pop() as string;
  if (base.startsWith('04')) return corpusFile('daemon-b4-icc-false.json');
  if (base.startsWith('05')) return corpusFile('daemon-b5-iptables-false.json');
  return corpusFile('daemon-b.json');
}

function sysctlsOfStep(step: string): Record<string, string | null> {
  const values: Record<string, string | null> = {};
  for (const line of corpusFile(`${step}/sysctl.txt`).split('\n')) {
    const match = /^(net\.[\w.-]+)=(\S*)$/.exec(line);
    if (match) values[match[1] as string] = match[2] as string;
  }
  return values;
}

/**
 * A snapshot of the host as it was at a captured step: its engine, its live iptables (nf_tables, with the legacy
 * backend's output as the other backend), its sysctls, daemon.json, and the admin's /etc/sysconfig/iptables.
 * Units were not captured.
 */
export function snapshotOfStep(step: string): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'dockdoc', version: 'test' },
    takenAt: '2026-11-21T23:05:00Z',
    host: { hostname: 'corpus-b' },
    facts: {
      daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: daemonJsonOfStep(step) },
      systemdUnits: unavailable('not recorded in the capture'),
      nftablesConf: { path: '/etc/nftables.conf', present: false },
      engine: engineOfStep(step),
      iptables: {
        backend: 'nf_tables',
        versionText: 'iptables v1.8.9 (nf_tables)',
        save: corpusFile(`${step}/iptables-save.txt`),
        otherBackend: { backend: 'legacy', save: corpusFile(`${step}/iptables-legacy-save.txt`) },
      },
      ip6tables: {
        backend: 'nf_tables',
        versionText: 'ip6tables v1.8.9 (nf_tables)',
        save: corpusFile(`${step}/ip6tables-save.txt`),
        otherBackend: unavailable('not recorded in the capture'),
      },
      savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text: corpusFile('etc-sysconfig-iptables'), family: 4 }] },
      routes: unavailable('not used by these tests'),
      addresses: unavailable('not used by these tests'),
      resolvConf: unavailable('not used by these tests'),
      sysctls: { values: sysctlsOfStep(step) },
      compose: unavailable('no compose files given'),
    },
  };
}

/** A snapshot with some facts replaced (tests derive variants of a captured host this way). */
export function withFacts(snapshot: Snapshot, facts: Partial<Snapshot['facts']>): Snapshot {
  return { ...snapshot, facts: { ...snapshot.facts, ...facts } };
}
