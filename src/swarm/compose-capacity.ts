import { composeModel, createdNetworks } from '../compose/compose-model.js';
import type { ComposeDeploy, ComposeNetwork, ComposeProject } from '../compose/model.js';
import type { Location } from '../engine/types.js';
import { formatPrefix, parseCidr, tryAddress, tryPrefix, type Prefix } from '../net/prefix.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { assignableAddresses, type OverlayPool, type ServiceDemand } from './capacity.js';
import { demandOf, poolsOf as livePoolsOf } from './live-capacity.js';

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

/**
 * Tasks of a service that run at once: its replicas, or one per node in global mode. A replicated job's replicas are
 * both its MaxConcurrent and its TotalCompletions (docker stack deploy from CLI 23.0: cli/compose/convert/service.go
 * convertDeployMode; the 20.10 CLI refuses job modes), so all of them run at once.
 */
export function composeTasks(deploy: ComposeDeploy, nodes: number): number {
  return deploy.mode === 'global' || deploy.mode === 'global-job' ? nodes : (deploy.replicas?.value ?? 1);
}

/** What one compose service takes of a network it is on (jobs: the tasks that run at once, no update headroom). */
function composeDemand(d: ComposeDeploy, nodes: number): ServiceDemand {
  const job = d.mode === 'replicated-job' || d.mode === 'global-job';
  return { service: d.service, tasks: composeTasks(d, nodes), vip: d.endpointMode === 'vip', parallelism: d.parallelism, order: d.order, ...(job ? { job } : {}) };
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
    const services = deployments.map((d) => composeDemand(d, nodes));
    return [{ project, network, pools, defaultSize, location: written ?? network.location, usable, services, deployments }];
  });
}

/** The ingress network as lint sees it: the swarm's (a live snapshot's) or the one swarm would create. */
export interface ComposeIngress {
  pools: OverlayPool[];
  /** The subnet as the message says it: the live one, or the assumption. */
  subnetText: string;
  /** A live snapshot gave the ingress subnet; otherwise a /N from the default pool is assumed (and said). */
  live: boolean;
  usable: bigint;
  services: ServiceDemand[];
  /** Where the first compose service publishing in ingress mode writes its `ports`. */
  location: Required<Location>;
  /** Live services on ingress counted beside the compose ones (other stacks). */
  others: string[];
}

/**
 * What the ingress network must hold for the compose services written for a swarm (a `deploy` section, in a project
 * with an overlay network or linted against an active swarm) that publish in ingress mode: a task address each, one
 * virtual IP per service (swarm refuses ingress ports with dnsrr), plus the live services already there that are not
 * these (a stack deploy names them <project>_<service>). Null when no compose service publishes on ingress.
 */
export function composeIngress(snapshot: Snapshot, nodes: number): ComposeIngress | null {
  const model = composeModel(snapshot);
  if (!model) return null;
  const swarm = available(snapshot.facts.swarm);
  const swarmActive = available(snapshot.facts.engine)?.swarm.state === 'active';
  const publishing = model.projects.flatMap((project) => {
    // Only the project's own created overlays say it is written for a swarm (and looking at every project's, for each
    // project, made lint quadratic).
    const forSwarm = swarmActive || project.networks.some((n) => !n.external && n.driver === 'overlay');
    return forSwarm ? project.deployments.filter((d) => d.hasDeploy && d.ingressPorts).map((d) => ({ project, deploy: d })) : [];
  });
  if (publishing.length === 0) return null;
  const names = new Set(publishing.map(({ project, deploy }) => `${project.name}_${deploy.service}`));
  const liveOthers = (swarm ? (available(swarm.services) ?? []) : []).filter((s) => !names.has(s.name) && s.ports.some((p) => p.publishMode === 'ingress'));
  const others = liveOthers.flatMap((s) => demandOf(s, nodes) ?? []);
  const network = swarm?.networks.find((n) => n.ingress);
  const livePools = network ? livePoolsOf(snapshot, network) : [];
  const defaultSize = swarmSubnetSize(snapshot);
  const pools = livePools.length > 0 ? livePools : [{ subnet: { family: 4 as const, address: 0n, length: defaultSize }, ipRange: null, gateway: null }];
  return {
    pools,
    subnetText: livePools.length > 0 ? livePools.map((p) => formatPrefix(p.subnet)).join(', ') : `a /${defaultSize} from the swarm's default address pool, 10.0.0.0/${defaultSize} unless \`docker swarm init --default-addr-pool\` chose another: assumed, no live snapshot says`,
    live: livePools.length > 0,
    usable: pools.reduce((sum, pool) => sum + assignableAddresses(pool), 0n),
    // swarm refuses ingress ports with endpoint_mode dnsrr: every one of these services holds a virtual IP there.
    services: [...publishing.map(({ deploy }) => ({ ...composeDemand(deploy, nodes), vip: true })), ...others],
    location: publishing[0]!.deploy.ingressPorts!,
    others: others.map((o) => o.service),
  };
}

