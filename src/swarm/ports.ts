import { canonicalAddress, tryAddress } from '../net/prefix.js';
import { available, isUnavailable } from '../snapshot/fact.js';
import type { SwarmFact } from '../snapshot/schema.js';

/** The swarm's well-known ports (docs.docker.com "Use overlay networks", swarmkit and libnetwork defaults). */
export const SWARM_MANAGER_PORT = 2377;
export const SWARM_GOSSIP_PORT = 7946;
/** libnetwork's default VXLAN port (drivers/overlay/overlayutils), used when the cluster sets no DataPathPort. */
export const DEFAULT_DATA_PATH_PORT = 4789;

/** One kind of traffic a node must admit from other nodes. */
export interface SwarmNeed {
  /** What the traffic is: the manager's port, gossip, VXLAN, or ESP around encrypted VXLAN. */
  kind: 'manager' | 'gossip' | 'data' | 'esp';
  /** `tcp`, `udp` or `esp`. */
  protocol: 'tcp' | 'udp' | 'esp';
  port: number | null;
  /** In words, for messages: "cluster management (raft, joins)". */
  purpose: string;
  /** The other nodes that send it, as addresses. */
  peers: string[];
  /** Said out loud where a value was assumed (a worker does not see the cluster's data-path port). */
  assumption: string | null;
}

/** Host part of `host:port` (IPv6 in brackets), canonical, or null when it is no address. */
function hostOf(addr: string): string | null {
  const match = /^\[(.+)\]:\d+$/.exec(addr) ?? /^([^:]+):\d+$/.exec(addr) ?? /^(.+)$/.exec(addr);
  const host = match?.[1] ?? '';
  const parsed = tryAddress(host);
  if (!parsed || parsed.value === 0n) return null;
  return canonicalAddress(host);
}

function portOf(addr: string): number | null {
  const match = /:(\d+)$/.exec(addr);
  return match ? Number(match[1]) : null;
}

/**
 * The other nodes as this node knows them: every node's address (managers list them), the managers this node talks to,
 * and the peers of each overlay attached here (what a worker knows of the other workers).
 */
export function swarmPeers(swarm: SwarmFact): { all: string[]; managers: string[] } {
  const self = hostOf(swarm.nodeAddr);
  const managers = new Set<string>();
  const all = new Set<string>();
  const add = (set: Set<string>, addr: string | null) => {
    if (addr !== null && addr !== self) set.add(addr);
  };
  for (const manager of swarm.remoteManagers) {
    if (manager.nodeId === swarm.nodeId) continue;
    add(managers, hostOf(manager.addr));
  }
  for (const node of available(swarm.nodes) ?? []) {
    if (node.id === swarm.nodeId) continue;
    add(all, hostOf(node.addr));
    if (node.role === 'manager') add(managers, hostOf(node.managerAddr ?? node.addr));
  }
  for (const network of swarm.networks) for (const peer of available(network.peers) ?? []) add(all, hostOf(peer.ip));
  for (const manager of managers) all.add(manager);
  const sorted = (set: Set<string>) => [...set].sort((a, b) => (tryAddress(a)!.value < tryAddress(b)!.value ? -1 : 1));
  return { all: sorted(all), managers: sorted(managers) };
}

/**
 * What this node's INPUT must admit from the other nodes (docs.docker.com, "Use overlay networks": TCP 2377 to
 * managers, TCP and UDP 7946 between all nodes, UDP 4789 or the cluster's --data-path-port, IP protocol 50 where an
 * overlay is encrypted).
 */
export function swarmNeeds(swarm: SwarmFact): SwarmNeed[] {
  const { all } = swarmPeers(swarm);
  if (all.length === 0) return [];
  const needs: SwarmNeed[] = [];
  if (swarm.role === 'manager') {
    const own = swarm.remoteManagers.find((m) => m.nodeId === swarm.nodeId);
    const port = (own && portOf(own.addr)) || SWARM_MANAGER_PORT;
    needs.push({ kind: 'manager', protocol: 'tcp', port, purpose: 'cluster management (joins, the workers\' and managers\' connections to this manager)', peers: all, assumption: null });
  }
  needs.push({ kind: 'gossip', protocol: 'tcp', port: SWARM_GOSSIP_PORT, purpose: 'node gossip (the network control plane)', peers: all, assumption: null });
  needs.push({ kind: 'gossip', protocol: 'udp', port: SWARM_GOSSIP_PORT, purpose: 'node gossip (the network control plane)', peers: all, assumption: null });
  const cluster = available(swarm.cluster);
  const dataPathPort = cluster?.dataPathPort || DEFAULT_DATA_PATH_PORT;
  const assumption = cluster
    ? null
    : `the data-path port is taken to be the default ${DEFAULT_DATA_PATH_PORT}: ${isUnavailable(swarm.cluster) ? swarm.cluster.unavailable : 'not known'}; \`docker info\` on a manager shows it`;
  needs.push({ kind: 'data', protocol: 'udp', port: dataPathPort, purpose: 'overlay network traffic (VXLAN)', peers: all, assumption });
  const encrypted = swarm.networks.filter((n) => n.encrypted).map((n) => n.name);
  if (encrypted.length > 0) {
    needs.push({ kind: 'esp', protocol: 'esp', port: null, purpose: `encrypted overlay traffic (IPsec ESP) of ${encrypted.join(', ')}`, peers: all, assumption: null });
  }
  return needs;
}
