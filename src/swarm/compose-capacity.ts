import { composeModel, createdNetworks } from '../compose/compose-model.js';
import type { ComposeDeploy, ComposeNetwork, ComposeProject } from '../compose/model.js';
import type { Location } from '../engine/types.js';
import { parseCidr, tryAddress, tryPrefix, type Prefix } from '../net/prefix.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { assignableAddresses, type OverlayPool, type ServiceDemand } from './capacity.js';

/** Swarm's subnet size when `docker swarm init` is given no --default-addr-pool-mask-length (ipamutils, 10.0.0.0/8 in /24s). */
export const DEFAULT_OVERLAY_SIZE = 24;

/** An overlay network compose creates, with what its services ask of it. */
export interface ComposeOverlay {
  project: ComposeProject;
  network: ComposeNetwork;
  /** Its IPv4 subnets as written; empty when swarm picks one from its default pool. */
  pools: OverlayPool[];
  /** Prefix length of the subnet swarm picks when none is written. */
  defaultSize: number;
  /** Where the size was read: the ipam subnet, or the network's key when swarm picks it. */
  location: Required<Location>;
  usable: bigint;
  services: ServiceDemand[];
  /** The services' compose settings, for messages and locations. */
  deployments: ComposeDeploy[];
}

/** The subnet size overlay networks get from the swarm's pool: the engine's SubnetSize when the snapshot has it. */
export function swarmSubnetSize(snapshot: Snapshot): number {
  return available(snapshot.facts.engine)?.swarm.subnetSize || DEFAULT_OVERLAY_SIZE;
}

function poolsOf(network: ComposeNetwork): OverlayPool[] | null {
  const pools: OverlayPool[] = [];
  for (const config of network.ipam) {
    if (!config.subnet) continue;
    let subnet: Prefix;
    try {
      subnet = parseCidr(config.subnet.value).prefix;
    } catch {
      // An invalid subnet is DD301's finding; the network's capacity is then unknown.
      return null;
    }
    if (subnet.family !== 4) continue;
    const ipRange = config.ipRange ? tryPrefix(config.ipRange.value) : null;
    // An invalid gateway is DD302's finding; swarm would not create the network, so its capacity is unknown.
    const gateway = config.gateway ? tryAddress(config.gateway.value) : null;
    if (config.gateway && !gateway) return null;
    pools.push({ subnet, ipRange, gateway: gateway?.value ?? null });
  }
  return pools;
}

/** Tasks of a service: its replicas, or one per node in global mode. */
export function composeTasks(deploy: ComposeDeploy, nodes: number): number {
  return deploy.mode === 'global' || deploy.mode === 'global-job' ? nodes : (deploy.replicas?.value ?? 1);
}

/** Every `driver: overlay` network compose creates, with its usable addresses and its services' demand. */
export function composeOverlays(snapshot: Snapshot, nodes: number): ComposeOverlay[] {
  const model = composeModel(snapshot);
  if (!model) return [];
  const defaultSize = swarmSubnetSize(snapshot);
  return createdNetworks(model).flatMap((network) => {
    if (network.driver !== 'overlay') return [];
    const project = model.projects.find((p) => p.networks.includes(network))!;
    const pools = poolsOf(network);
    // Only IPv6 subnets written: swarm allocates no IPv4 pool, and an IPv6 subnet is never full.
    if (pools === null || (pools.length === 0 && network.ipam.some((c) => c.subnet))) return [];
    const written = network.ipam.find((c) => c.subnet)?.subnet?.location;
    const usable =
      pools.length > 0
        ? pools.reduce((sum, pool) => sum + assignableAddresses(pool), 0n)
        : assignableAddresses({ subnet: { family: 4, address: 0n, length: defaultSize }, ipRange: null, gateway: null });
    const deployments = project.deployments.filter((d) => network.services.includes(d.service));
    const services = deployments.map(
      (d): ServiceDemand => ({ service: d.service, tasks: composeTasks(d, nodes), vip: d.endpointMode === 'vip', parallelism: d.parallelism, order: d.order }),
    );
    return [{ project, network, pools, defaultSize, location: written ?? network.location, usable, services, deployments }];
  });
}
