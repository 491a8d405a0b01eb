import { comparePrefixes, overlaps, prefixKey, type Prefix } from '../net/prefix.js';
import type { PoolBehaviour } from './behaviour.js';
import { firstFit } from './first-fit.js';
import type { HostReservations } from './host.js';
import { CandidateList, sortAndDedupPools } from './pool-list.js';
import type { PoolSpec } from './predefined.js';
import { RoundRobinSpace } from './round-robin.js';

/** The local IPAM address space of one engine, whichever allocator its version uses. */
export interface LocalAddressSpace {
  /** `size`: 29+ `--subnet 0.0.0.0/N` asks for a /N from the pools (first fit only). */
  requestDynamic(family: 4 | 6, host: HostReservations, size?: number): { subnet: Prefix } | { error: 'exhausted' | 'invalid-pool' };
  requestExplicit(subnet: Prefix, ipRange?: Prefix | null): 'ok' | 'overlap';
  /** Records a pool the engine already holds, without the checks a new request gets (they passed when it was made). */
  adopt(subnet: Prefix, ipRange?: Prefix | null): void;
  release(subnet: Prefix, ipRange?: Prefix | null): void;
  allocatedPools(): Prefix[];
  /** dockerd restarted: what lives only in memory is gone. */
  restart(): void;
  /** ≤26: continue the round-robin after these subnets (see RoundRobinSpace.continueAfter); 27+ keeps no index. */
  continueAfter(subnets: readonly Prefix[]): void;
}

export function localAddressSpace(behaviour: PoolBehaviour, pools: readonly PoolSpec[]): LocalAddressSpace {
  return behaviour.allocator === 'round-robin' ? new RoundRobinAdapter(pools) : new FirstFitSpace(pools);
}

class RoundRobinAdapter implements LocalAddressSpace {
  readonly space: RoundRobinSpace;
  constructor(pools: readonly PoolSpec[]) {
    this.space = new RoundRobinSpace(new CandidateList(pools));
  }
  requestDynamic(family: 4 | 6, host: HostReservations): { subnet: Prefix } | { error: 'exhausted' } {
    return this.space.requestDynamic(family, host.set);
  }
  requestExplicit(subnet: Prefix, ipRange: Prefix | null = null): 'ok' | 'overlap' {
    return this.space.requestExplicit(subnet, ipRange);
  }
  adopt(subnet: Prefix, ipRange: Prefix | null = null): void {
    this.space.adopt(subnet, ipRange);
  }
  release(subnet: Prefix, ipRange: Prefix | null = null): void {
    this.space.release(subnet, ipRange);
  }
  allocatedPools(): Prefix[] {
    return this.space.allocatedPools();
  }
  restart(): void {
    this.space.resetStartIndex();
  }
  continueAfter(subnets: readonly Prefix[]): void {
    this.space.continueAfter(subnets);
  }
}

/** 27+ (defaultipam addrSpace): a sorted list of allocated prefixes, first fit over sorted, deduplicated pools. */
export class FirstFitSpace implements LocalAddressSpace {
  readonly pools: PoolSpec[];
  private readonly allocated = new Map<string, { prefix: Prefix; children: Set<string> }>();

  constructor(pools: readonly PoolSpec[]) {
    this.pools = sortAndDedupPools(pools).kept;
  }

  private sortedAllocated(family: 4 | 6): Prefix[] {
    return [...this.allocated.values()]
      .map((a) => a.prefix)
      .filter((p) => p.family === family)
      .sort(comparePrefixes);
  }

  allocatedPools(): Prefix[] {
    return [...this.allocated.values()].map((a) => a.prefix);
  }

  requestDynamic(family: 4 | 6, host: HostReservations, size = 0): { subnet: Prefix } | { error: 'exhausted' | 'invalid-pool' } {
    const pools = this.pools.filter((p) => p.base.family === family);
    const result = firstFit(pools, this.sortedAllocated(family), host.sorted(family), size);
    if ('error' in result) return result;
    this.allocated.set(prefixKey(result.subnet), { prefix: result.subnet, children: new Set() });
    return result;
  }

  /** allocateSubnet: an existing pool refuses a second master or the same ip-range; a new ip-range skips the overlap check. */
  requestExplicit(subnet: Prefix, ipRange: Prefix | null = null): 'ok' | 'overlap' {
    const key = prefixKey(subnet);
    const existing = this.allocated.get(key);
    const childKey = ipRange ? prefixKey(ipRange) : null;
    if (existing && (childKey === null || existing.children.has(childKey))) return 'overlap';
    if (childKey === null) {
      if (this.allocatedPools().some((p) => overlaps(p, subnet))) return 'overlap';
      this.allocated.set(key, { prefix: subnet, children: new Set() });
      return 'ok';
    }
    if (existing) existing.children.add(childKey);
    else this.allocated.set(key, { prefix: subnet, children: new Set([childKey]) });
    return 'ok';
  }

  adopt(subnet: Prefix, ipRange: Prefix | null = null): void {
    const key = prefixKey(subnet);
    const pool = this.allocated.get(key) ?? { prefix: subnet, children: new Set<string>() };
    if (ipRange) pool.children.add(prefixKey(ipRange));
    this.allocated.set(key, pool);
  }

  release(subnet: Prefix, ipRange: Prefix | null = null): void {
    const key = prefixKey(subnet);
    const pool = this.allocated.get(key);
    if (!pool) return;
    if (ipRange) pool.children.delete(prefixKey(ipRange));
    if (pool.children.size === 0) this.allocated.delete(key);
  }

  restart(): void {}

  continueAfter(): void {}
}
