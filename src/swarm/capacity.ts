import { containsAddress, firstAddress, lastAddress, type Prefix } from '../net/prefix.js';

/**
 * How many addresses an overlay network can hand out, and how many its services need, as swarm's allocator counts
 * them (moby v20.10.24, which vendors swarmkit and libnetwork):
 *
 * - vendor/github.com/docker/libnetwork/ipam/allocator.go `insertBitMask`: an IPv4 pool's bitmask has one bit per
 *   address, with the network address (ordinal 0) and the broadcast address (the last) set before anything is
 *   handed out. `getAddress` hands out from the ip_range only (`SetAnyInRange`) when the pool has one.
 * - vendor/github.com/docker/swarmkit/manager/allocator/cnmallocator/networkallocator.go `allocatePools`: the
 *   gateway is requested from the pool when the network is created (the one given, else the first free address).
 *   `allocateVIP`: one address per service in vip mode on each of its networks (none in dnsrr mode, see
 *   `AllocateService`). `allocateNetworkIPs`: one address per task on each network; when every pool is full the
 *   task gets "could not find an available IP" and waits unallocated.
 * - vendor/github.com/docker/swarmkit/manager/allocator/network.go `getNodeNetworks` / `allocateNode`: one
 *   load-balancer attachment per node for every overlay network a task on that node uses (not yet finished), and
 *   for the ingress network on every node.
 * - vendor/github.com/docker/swarmkit/manager/orchestrator/update/updater.go `updateTask`: a rolling update creates
 *   the replacement task (which needs its address at once) in the same batch that shuts the old one down; the old
 *   task's address is released only when the old task has stopped. With `order: start-first` the old task is shut
 *   down only after the new one runs, and the updater moves to the next slot while it is still stopping: up to
 *   twice `parallelism` extra addresses (parallelism 0: every task at once).
 * - vendor/github.com/docker/swarmkit/manager/orchestrator/jobs/replicated/reconciler.go: a replicated job runs at
 *   most MaxConcurrent tasks at once, and never more than TotalCompletions less those completed; a global job one per
 *   node (jobs/global). A finished task's addresses are released, so a job holds what runs at once.
 */

/** One IPv4 `ipam.config` entry of an overlay network. */
export interface OverlayPool {
  subnet: Prefix;
  ipRange: Prefix | null;
  /** The configured gateway, or null when swarm picks it (the first free address of the pool). */
  gateway: bigint | null;
}

/** Addresses of one IPv4 pool that tasks, VIPs and load-balancer endpoints can get. */
export function assignableAddresses(pool: OverlayPool): bigint {
  const network = firstAddress(pool.subnet);
  const broadcast = lastAddress(pool.subnet);
  const range = pool.ipRange ?? pool.subnet;
  const from = firstAddress(range) > network ? firstAddress(range) : network;
  const to = lastAddress(range) < broadcast ? lastAddress(range) : broadcast;
  if (to < from) return 0n;
  let count = to - from + 1n;
  if (from === network) count -= 1n;
  if (to === broadcast && broadcast !== network) count -= 1n;
  // The gateway takes an address of the range unless it is configured outside it (allocatePools).
  const gatewayInRange = pool.gateway === null || containsAddress(range, 4, pool.gateway);
  if (gatewayInRange && count > 0n) count -= 1n;
  return count;
}

/** The smallest IPv4 prefix length whose subnet holds `needed` addresses once `fillPercent` is applied. */
export function prefixLengthFor(needed: number, fillPercent: number): number | null {
  for (let length = 30; length >= 8; length--) {
    const usable = Number(assignableAddresses({ subnet: { family: 4, address: 0n, length }, ipRange: null, gateway: null }));
    if (needed <= Math.floor((usable * fillPercent) / 100)) return length;
  }
  return null;
}

export type UpdateOrder = 'stop-first' | 'start-first';

/** One service's use of one overlay network. */
export interface ServiceDemand {
  service: string;
  /** Tasks of the service (replicas, or one per node in global mode). */
  tasks: number;
  /** vip endpoint mode: the service holds one virtual IP on the network; dnsrr holds none. */
  vip: boolean;
  /** update_config.parallelism (0: all tasks at once). */
  parallelism: number;
  order: UpdateOrder;
  /**
   * A job (replicated-job or global-job): `tasks` is how many run at once, and no rolling update applies (the jobs
   * orchestrator runs a new iteration instead of the updater), so it holds no headroom.
   */
  job?: boolean;
}

/** Extra addresses a rolling update of the service holds while old and new tasks overlap (updater.go). */
export function updateHeadroom(demand: ServiceDemand): number {
  if (demand.job) return 0;
  const batch = demand.parallelism === 0 ? demand.tasks : Math.min(demand.parallelism, demand.tasks);
  return demand.order === 'start-first' ? 2 * batch : batch;
}

export interface NetworkDemand {
  services: readonly ServiceDemand[];
  /** Nodes holding a load-balancer address on the network. */
  nodes: number;
}

export interface CapacityVerdict {
  usable: number;
  tasks: number;
  vips: number;
  loadBalancers: number;
  /** tasks + vips + loadBalancers: what the network holds when every task runs. */
  steady: number;
  headroom: number;
  /** steady + headroom: what it holds at the peak of a rolling update. */
  peak: number;
  /** Tasks that get no address and stay pending (steady over usable). */
  pendingTasks: number;
  level: 'ok' | 'warning' | 'error';
}

/**
 * error: the declared tasks do not all fit (some stay pending); warning: they fit, but the peak of a rolling update
 * fills more than `fillPercent` of the usable addresses (a start-first update stalls when nothing is left).
 */
export function judgeCapacity(usable: bigint, demand: NetworkDemand, fillPercent: number): CapacityVerdict {
  const tasks = demand.services.reduce((sum, s) => sum + s.tasks, 0);
  const vips = demand.services.filter((s) => s.vip).length;
  const loadBalancers = demand.nodes;
  const steady = tasks + vips + loadBalancers;
  const headroom = demand.services.reduce((sum, s) => sum + updateHeadroom(s), 0);
  const peak = steady + headroom;
  const usableCount = Number(usable);
  const level = steady > usableCount ? 'error' : peak > Math.floor((usableCount * fillPercent) / 100) ? 'warning' : 'ok';
  return { usable: usableCount, tasks, vips, loadBalancers, steady, headroom, peak, pendingTasks: Math.max(0, Math.min(tasks, steady - usableCount)), level };
}
