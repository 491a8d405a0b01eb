import { formatPrefix, tryAddress, tryPrefix } from '../net/prefix.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot, SwarmFact, SwarmNetwork, SwarmService } from '../snapshot/schema.js';
import { assignableAddresses, type OverlayPool, type ServiceDemand } from './capacity.js';

/** An overlay network of the swarm, with its usable addresses and what the live services ask of it. */
export interface LiveOverlay {
  network: SwarmNetwork;
  pools: OverlayPool[];
  usable: bigint;
  services: ServiceDemand[];
  /** Nodes holding a load-balancer address on it. */
  nodes: number;
  /** Tasks of these services the allocator has not given an address yet (state `new`, meant to run). */
  waiting: number;
}

/** Nodes that take tasks: ready and active (drained and paused ones get none). */
export function schedulableNodes(swarm: SwarmFact): number | null {
  const nodes = available(swarm.nodes);
  return nodes ? nodes.filter((n) => n.state === 'ready' && n.availability === 'active').length : null;
}

/**
 * What a live service takes of an overlay: its tasks (jobs: those that run at once), its virtual IP, its update's
 * headroom. The facts carry swarmkit's update defaults where the service sets none (api/defaults/service.go).
 */
export function demandOf(service: SwarmService, nodes: number): ServiceDemand | null {
  const job = service.mode === 'replicated-job' || service.mode === 'global-job';
  // A replicated job's concurrency is in snapshots since the `job` field; an older one cannot say how many run at once.
  if (service.mode === 'replicated-job' && !service.job) return null;
  const tasks = service.mode === 'global' || service.mode === 'global-job' ? nodes : service.job ? Math.min(service.job.maxConcurrent, service.job.totalCompletions) : (service.replicas ?? 1);
  return {
    service: service.name,
    tasks,
    ...(job ? { job } : {}),
    vip: service.endpointMode !== 'dnsrr',
    parallelism: service.update.parallelism,
    order: service.update.order === 'start-first' ? 'start-first' : 'stop-first',
  };
}

/** swarmkit IsIngressNetworkNeeded: a port published in ingress mode puts the service on the ingress network. */
function onNetwork(service: SwarmService, network: SwarmNetwork): boolean {
  if (network.ingress) return service.ports.some((p) => p.publishMode === 'ingress');
  return service.networks.some((target) => target === network.id || target === network.name);
}

/** IPv4 pools of a swarm network; the ip_range comes from the engine's view of the same network. */
export function poolsOf(snapshot: Snapshot, network: SwarmNetwork): OverlayPool[] {
  const engineNetwork = available(snapshot.facts.engine)?.networks.find((n) => n.id === network.id);
  return network.subnets.flatMap((s) => {
    const subnet = tryPrefix(s.subnet);
    if (!subnet || subnet.family !== 4) return [];
    const range = engineNetwork?.subnets.find((e) => e.subnet === s.subnet)?.ipRange ?? null;
    return [{ subnet, ipRange: range ? tryPrefix(range) : null, gateway: s.gateway ? (tryAddress(s.gateway)?.value ?? null) : null }];
  });
}

/** Every overlay network with an IPv4 subnet and what the services on it take, on a manager (which knows the services). */
export function liveOverlays(snapshot: Snapshot, swarm: SwarmFact, services: readonly SwarmService[], nodes: number): LiveOverlay[] {
  const tasks = available(swarm.tasks) ?? [];
  return swarm.networks.flatMap((network) => {
    if (network.driver !== 'overlay') return [];
    const pools = poolsOf(snapshot, network);
    if (pools.length === 0) return [];
    const attached = services.filter((s) => onNetwork(s, network));
    const demands = attached.flatMap((s) => demandOf(s, nodes) ?? []);
    const totalTasks = demands.reduce((sum, d) => sum + d.tasks, 0);
    const ids = new Set(attached.map((s) => s.id));
    return [
      {
        network,
        pools,
        usable: pools.reduce((sum, p) => sum + assignableAddresses(p), 0n),
        services: demands,
        // getNodeNetworks: every node gets an ingress endpoint (drained ones too); other overlays one per node
        // running their tasks.
        nodes: network.ingress ? (available(swarm.nodes)?.length ?? nodes) : Math.min(nodes, totalTasks),
        waiting: tasks.filter((t) => ids.has(t.serviceId) && t.state === 'new' && t.desiredState === 'running').length,
      },
    ];
  });
}

export function poolsText(pools: readonly OverlayPool[]): string {
  return pools.map((p) => formatPrefix(p.subnet)).join(', ');
}
