import { comparePrefixes, overlaps, type Prefix } from '../net/prefix.js';
import { blockCount, nthBlock, type Split } from '../net/split.js';
import type { PoolSpec } from './predefined.js';

/**
 * ≤26: the candidate list dockerd builds by splitting every pool eagerly, in the user's order
 * (ipamutils splitNetworks). dockdoc keeps it as segments and never writes the entries out.
 *
 * One IPv6 quirk is kept: moby ORs `i << (bits - size)` computed in a 64-bit int into the address, so the
 * offset wraps at 2^64. A pool whose subnets are /64 or bigger therefore yields the same subnet over and over
 * (issue #40275), and a base shorter than /64 repeats the subnets of its first /64. A segment holds the
 * distinct subnets once and says how many times they repeat.
 */
export interface CandidateSegment {
  /** Index of the pool this segment came from. */
  pool: number;
  /** The distinct subnets, in list order. */
  split: Split;
  /** How many times `split` repeats back to back (1 except for the IPv6 quirk). */
  copies: bigint;
  /** Global index of the segment's first entry. */
  offset: bigint;
}

export class CandidateList {
  readonly segments: readonly CandidateSegment[];
  readonly length: bigint;

  constructor(pools: readonly PoolSpec[]) {
    const segments: CandidateSegment[] = [];
    let offset = 0n;
    pools.forEach((pool, index) => {
      const distinctBase = legacyDistinctBase(pool);
      const split = { base: { ...pool.base, length: distinctBase }, size: pool.size };
      const copies = 1n << BigInt(distinctBase - pool.base.length);
      segments.push({ pool: index, split, copies, offset });
      offset += blockCount(split) * copies;
    });
    this.segments = segments;
    this.length = offset;
  }

  /** The segment holding global index `index`, and the index within its distinct subnets. */
  locate(index: bigint): { segment: CandidateSegment; local: bigint } {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segments[mid]!.offset <= index) lo = mid;
      else hi = mid - 1;
    }
    const segment = this.segments[lo]!;
    return { segment, local: (index - segment.offset) % blockCount(segment.split) };
  }

  nth(index: bigint): Prefix {
    const { segment, local } = this.locate(index);
    return nthBlock(segment.split, local);
  }
}

/** Prefix length whose split gives the distinct subnets moby's 64-bit offset arithmetic produces. */
function legacyDistinctBase(pool: PoolSpec): number {
  if (pool.base.family === 4) return pool.base.length;
  return Math.max(pool.base.length, Math.min(pool.size, 64));
}

export interface SortedPools {
  /** Pools in the order 27+ walks them: by address, shorter prefix first, IPv4 before IPv6. */
  kept: PoolSpec[];
  /** Pools dropped because they overlap the pool kept before them (silently, in 27+). */
  dropped: { pool: PoolSpec; keptInstead: PoolSpec }[];
}

/**
 * 27+ newAddrSpace (moby@v27.0.1:libnetwork/ipams/defaultipam/allocator.go#L87): a stable sort by address, then every pool that overlaps the previously
 * kept one is dropped, so `[{10.0.0.0/8,24},{10.10.0.0/16,28}]` keeps only the first.
 */
export function sortAndDedupPools(pools: readonly PoolSpec[]): SortedPools {
  const sorted = pools.map((pool, order) => ({ pool, order }));
  sorted.sort((a, b) => comparePrefixes(a.pool.base, b.pool.base) || a.order - b.order);
  const kept: PoolSpec[] = [];
  const dropped: SortedPools['dropped'] = [];
  for (const { pool } of sorted) {
    const previous = kept[kept.length - 1];
    if (previous && overlaps(previous.base, pool.base)) dropped.push({ pool, keptInstead: previous });
    else kept.push(pool);
  }
  return { kept, dropped };
}
