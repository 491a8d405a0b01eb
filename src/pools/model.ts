import { daemonConfigModel } from '../daemon/config.js';
import type { ReservedRange } from '../engine/types.js';
import { tryPrefix, type Prefix } from '../net/prefix.js';
import { rangeOfPrefix, RangeSet } from '../net/range-set.js';
import { blockCount, countFreeBlocks, type Split } from '../net/split.js';
import { available } from '../snapshot/fact.js';
import type { EngineNetwork, Snapshot } from '../snapshot/schema.js';
import { poolBehaviour, type PoolBehaviour } from './behaviour.js';
import type { PoolProblem } from './config.js';
import { SimulatedDaemon } from './daemon.js';
import { bridgeSettings, effectiveLocalPools } from './effective.js';
import { hostReservations, type HostReservation, type HostReservations } from './host.js';
import { CandidateList, sortAndDedupPools } from './pool-list.js';
import { GLOBAL_DEFAULT_POOLS, type PoolSpec } from './predefined.js';
import { networkSettings, type NetworkSettings } from './settings.js';
import { assignableAddresses } from '../swarm/capacity.js';
import { swarmScopeNetworks } from '../swarm/networks.js';

/** A subnet Docker holds in its local address space, and the network holding it. */
export interface AllocatedSubnet {
  network: string;
  subnet: Prefix;
  ipRange: Prefix | null;
  /** "engine" when read from the live engine; "predicted" for docker0 worked out from daemon.json. */
  source: 'engine' | 'predicted';
}

export interface PoolUsage {
  pool: PoolSpec;
  /** Subnets of the pool's size in it. */
  total: bigint;
  /** Subnets overlapping an allocated subnet. */
  used: bigint;
  /** Subnets dockerd skips because of a nameserver or an on-link route (and not already used). */
  blocked: bigint;
  free: bigint;
  /** Host reservations and declared reserved ranges that fall in this pool. */
  hostHits: HostReservation[];
  reservedHits: ReservedRange[];
}

export interface Prediction {
  /** The subnets the next `docker network create` calls get, in order. */
  subnets: Prefix[];
  /** Set when the engine would refuse before `subnets` reached the requested count. */
  error: string | null;
}

/** A swarm-scope network (an overlay, or ingress) as `dockdoc pools` lists it beside the local networks. */
export interface OverlayUsage {
  name: string;
  ingress: boolean;
  subnets: Prefix[];
  /** Addresses its IPv4 subnets hand to tasks, virtual IPs and load-balancer endpoints (DD210 counts their use). */
  usable: bigint;
}

export interface PoolsView {
  engineVersion: string;
  behaviour: PoolBehaviour;
  settings: NetworkSettings;
  /** The configuration problem that stops dockerd from starting, if any (the first, as dockerd stops there). */
  refusal: PoolProblem | null;
  configured: boolean;
  /** The local pools in the order dockerd walks them. */
  local: PoolUsage[];
  /** 27+: configured pools dropped because they overlap a pool sorted before them. */
  dropped: { pool: PoolSpec; keptInstead: PoolSpec }[];
  global: PoolUsage[];
  /** The swarm's state as the engine reports it ("active", "inactive", ...); null without an engine. */
  swarmState: string | null;
  /** The swarm's overlay networks, ingress included (none off swarm). */
  overlays: OverlayUsage[];
  docker0: Prefix | null;
  allocated: AllocatedSubnet[];
  host: HostReservations;
  /** Free IPv4 subnets across the local pools, each address space counted once. */
  freeIPv4: bigint;
}

/** Networks whose subnets live in dockerd's local default address space. */
function localIpamNetwork(network: EngineNetwork): boolean {
  return network.scope === 'local' && (network.ipamDriver === 'default' || network.ipamDriver === '');
}

export function allocatedSubnets(networks: readonly EngineNetwork[]): AllocatedSubnet[] {
  return networks.filter(localIpamNetwork).flatMap((network) =>
    network.subnets.flatMap((ipam) => {
      const subnet = tryPrefix(ipam.subnet);
      if (!subnet) return [];
      const ipRange = ipam.ipRange ? tryPrefix(ipam.ipRange) : null;
      return [{ network: network.name, subnet, ipRange, source: 'engine' as const }];
    }),
  );
}

function usage(pool: PoolSpec, split: Split, allocated: RangeSet, host: HostReservations, reserved: readonly ReservedRange[]): PoolUsage {
  const total = blockCount(split);
  const used = total - countFreeBlocks(split, allocated);
  const free = countFreeBlocks(split, allocated.union(host.set));
  const inPool = (p: Prefix): boolean => RangeSet.ofPrefixes([pool.base]).overlapsPrefix(p);
  return {
    pool,
    total,
    used,
    blocked: total - used - free,
    free,
    // Docker's own bridges are on-link routes too; they are shown as used, not as host reservations.
    hostHits: host.list.filter((h) => inPool(h.prefix) && !allocated.coversRange(rangeOfPrefix(h.prefix))),
    reservedHits: reserved.filter((r) => {
      const p = tryPrefix(r.cidr);
      return p !== null && inPool(p);
    }),
  };
}

/** The split each pool is allocated from: ≤26 keeps IPv6 quirks (see CandidateList), 27+ the pool as is. */
function splitsOf(pools: readonly PoolSpec[], behaviour: PoolBehaviour): Split[] {
  if (behaviour.allocator === 'round-robin') return new CandidateList(pools).segments.map((s) => s.split);
  return pools.map((p) => ({ base: p.base, size: p.size }));
}

/** The split of one pool, as splitsOf makes it. */
export function poolSplit(pool: PoolSpec, behaviour: PoolBehaviour): Split {
  return splitsOf([pool], behaviour)[0]!;
}

export interface PoolsInput {
  snapshot: Snapshot;
  engineVersion: string;
  reserved: readonly ReservedRange[];
}

/**
 * Everything dockdoc knows about the pools of one snapshot, for one engine version: effective pools, docker0,
 * allocated subnets, host reservations, capacity. Rules and `dockdoc pools` share it through poolsView().
 */
export function buildPoolsView({ snapshot, engineVersion, reserved }: PoolsInput): PoolsView {
  const behaviour = poolBehaviour(engineVersion);
  const settings = networkSettings(daemonConfigModel(snapshot), available(snapshot.facts.systemdUnits), engineVersion);
  const refusal = settings.pools.problems.find((p) => p.dockerdError !== null) ?? null;
  const host = hostReservations(
    available(snapshot.facts.routes) ?? [],
    available(snapshot.facts.resolvConf)?.nameservers ?? [],
    behaviour,
  );
  const engine = available(snapshot.facts.engine);
  const configuredPools = effectiveLocalPools(settings, behaviour, engineIdOf(engine?.id));
  const sorted = sortAndDedupPools(configuredPools);
  const walked = behaviour.allocator === 'round-robin' ? configuredPools : sorted.kept;

  let allocated: AllocatedSubnet[];
  let docker0: Prefix | null;
  if (engine) {
    allocated = allocatedSubnets(engine.networks);
    docker0 = allocated.find((a) => engine.networks.find((n) => n.name === a.network)?.bridge === 'docker0')?.subnet ?? null;
  } else {
    const daemon = new SimulatedDaemon(behaviour, configuredPools, bridgeSettings(settings), host);
    const started = refusal ? null : daemon.start();
    docker0 = started && 'docker0' in started ? started.docker0 : null;
    allocated = docker0 ? [{ network: 'bridge', subnet: docker0, ipRange: null, source: 'predicted' }] : [];
  }
  const allocatedSet = RangeSet.ofPrefixes(allocated.map((a) => a.subnet));
  const splits = splitsOf(walked, behaviour);
  const local = walked.map((pool, i) => usage(pool, splits[i]!, allocatedSet, host, reserved));

  // Count each address once: a pool's subnets that overlap an earlier pool are that pool's.
  let freeIPv4 = 0n;
  let earlier = RangeSet.empty;
  walked.forEach((pool, i) => {
    if (pool.base.family === 4) freeIPv4 += countFreeBlocks(splits[i]!, allocatedSet.union(host.set).union(earlier));
    earlier = earlier.union(RangeSet.ofPrefixes([pool.base]));
  });

  const swarm = engine?.swarm;
  const globalPools: PoolSpec[] =
    swarm && swarm.defaultAddrPool.length > 0
      ? swarm.defaultAddrPool.flatMap((base) => {
          const p = tryPrefix(base);
          return p ? [{ base: p, size: swarm.subnetSize || 24 }] : [];
        })
      : GLOBAL_DEFAULT_POOLS.map((p) => ({ ...p }));
  const globalAllocated = RangeSet.ofPrefixes(
    (engine?.networks ?? []).filter((n) => n.scope === 'swarm' || n.scope === 'global').flatMap((n) => n.subnets.flatMap((s) => tryPrefix(s.subnet) ?? [])),
  );
  const noHost: HostReservations = { list: [], set: RangeSet.empty, sorted: () => [] };
  const global = globalPools.map((pool) => usage(pool, pool, globalAllocated, noHost, reserved));

  return {
    engineVersion,
    behaviour,
    settings,
    refusal,
    configured: settings.pools.configured,
    local,
    dropped: behaviour.allocator === 'first-fit' ? sorted.dropped : [],
    global,
    swarmState: swarm?.state ?? null,
    overlays: swarmScopeNetworks(snapshot).map((n) => ({
      name: n.name,
      ingress: n.ingress,
      subnets: n.subnets,
      usable: n.subnets.reduce((sum, subnet) => sum + (subnet.family === 4 ? assignableAddresses({ subnet, ipRange: null, gateway: null }) : 0n), 0n),
    })),
    docker0,
    allocated,
    host,
    freeIPv4,
  };
}

/** How `dockdoc pools --next` and DD207 simulate creates from the current state. */
export function predictNext(view: PoolsView, count: number, continueAfterIndex: boolean): Prediction {
  if (view.refusal) return { subnets: [], error: view.refusal.dockerdError };
  const daemon = new SimulatedDaemon(view.behaviour, view.local.map((u) => u.pool), bridgeSettings(view.settings), view.host);
  for (const a of view.allocated) daemon.adopt(a.subnet, a.ipRange);
  if (continueAfterIndex) daemon.continueAfter(view.allocated.map((a) => a.subnet));
  const subnets: Prefix[] = [];
  for (let i = 0; i < count; i++) {
    const created = daemon.create();
    if ('error' in created) return { subnets, error: created.error };
    subnets.push(created.subnets[0]!);
  }
  return { subnets, error: null };
}

const cache = new WeakMap<Snapshot, Map<string, PoolsView>>();

/**
 * The engine-id the 27+ ULA pool is derived from: `docker info` shows it as a UUID from 23.0 on. Before that the ID
 * is a libtrust key fingerprint ("NADP:KA7I:..."), and older snapshots have none: the ULA pool is then left out.
 */
function engineIdOf(id: string | undefined): string | null {
  return id && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id : null;
}

/** Memoised per snapshot, engine version and reserved ranges, so every pool rule shares one model. */
export function poolsView(snapshot: Snapshot, engineVersion: string, reserved: readonly ReservedRange[]): PoolsView {
  let perSnapshot = cache.get(snapshot);
  if (!perSnapshot) cache.set(snapshot, (perSnapshot = new Map()));
  const key = `${engineVersion} ${reserved.map((r) => `${r.name}=${r.cidr}`).join(',')}`;
  let view = perSnapshot.get(key);
  if (!view) perSnapshot.set(key, (view = buildPoolsView({ snapshot, engineVersion, reserved })));
  return view;
}
