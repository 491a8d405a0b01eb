import { prefixKey, type Prefix } from '../net/prefix.js';
import { RangeSet } from '../net/range-set.js';
import { blockCount, blockSize, blocksTouchingSet, firstFreeBlock, indexOfBlock, nthBlock } from '../net/split.js';
import type { CandidateList, CandidateSegment } from './pool-list.js';

export type DynamicResult = { subnet: Prefix; index: bigint } | { error: 'exhausted' };

/**
 * The ≤26 local address space (libnetwork ipam/allocator.go, moby@v20.10.24:vendor/github.com/docker/libnetwork/ipam/allocator.go#L387-448): allocated master pools plus the
 * in-memory start index of the round-robin walk over the candidate list.
 *
 * A dynamic request walks the list rotated to start at the index, skips candidates of the other family and those
 * overlapping an allocated pool, and moves the index past what it returns. The host check (nameservers, routes)
 * sits outside the IPAM (network.go requestPoolHelper): a candidate that fails it is *held* — allocated until the
 * request ends — and the IPAM is asked again, which also moves the index. All of that is computed per run of
 * candidates, never per candidate, so 4 million candidates cost what a handful do.
 */
export class RoundRobinSpace {
  private start = 0n;
  private readonly masters = new Map<string, { prefix: Prefix; refs: number }>();
  private readonly children = new Set<string>();
  private takenCache: RangeSet | null = null;

  constructor(readonly list: CandidateList) {}

  get startIndex(): bigint {
    return this.start;
  }

  /** dockerd restarted: the index lives in memory only (corpus/pools 10: n7 gets 172.18 again). */
  resetStartIndex(): void {
    this.start = 0n;
  }

  /**
   * Moves the index just past the highest-placed candidate among `subnets`: where an engine that handed those
   * out since it started would continue. The real index is in dockerd's memory only, so this is one of two guesses.
   */
  continueAfter(subnets: readonly Prefix[]): void {
    let highest = -1n;
    for (const subnet of subnets) {
      for (const segment of this.list.segments) {
        const local = indexOfBlock(segment.split, subnet);
        if (local !== null && segment.offset + local > highest) highest = segment.offset + local;
      }
    }
    this.start = highest + 1n >= this.list.length ? 0n : highest + 1n;
  }

  allocatedPools(): Prefix[] {
    return [...this.masters.values()].map((m) => m.prefix);
  }

  private taken(): RangeSet {
    this.takenCache ??= RangeSet.ofPrefixes(this.allocatedPools());
    return this.takenCache;
  }

  private addMaster(prefix: Prefix): void {
    const key = prefixKey(prefix);
    const existing = this.masters.get(key);
    if (existing) existing.refs++;
    else this.masters.set(key, { prefix, refs: 1 });
    this.takenCache = null;
  }

  /** Records a pool that is already allocated (read from the engine): no checks, nothing rebuilt until needed. */
  adopt(subnet: Prefix, ipRange: Prefix | null = null): void {
    if (ipRange !== null) this.children.add(`${prefixKey(subnet)} ${prefixKey(ipRange)}`);
    this.addMaster(subnet);
  }

  /**
   * An explicit subnet (--subnet, bip, fixed-cidr): refused when it overlaps an allocated pool. With an
   * ip-range (sub-pool) only the exact same pair is refused and the parent skips the overlap check
   * (updatePoolDBOnAdd; issue #46756).
   */
  requestExplicit(subnet: Prefix, ipRange: Prefix | null = null): 'ok' | 'overlap' {
    const key = prefixKey(subnet);
    if (ipRange === null) {
      if (this.masters.has(key) || this.taken().overlapsPrefix(subnet)) return 'overlap';
      this.addMaster(subnet);
      return 'ok';
    }
    const childKey = `${key} ${prefixKey(ipRange)}`;
    if (this.children.has(childKey)) return 'overlap';
    this.children.add(childKey);
    this.addMaster(subnet);
    return 'ok';
  }

  release(subnet: Prefix, ipRange: Prefix | null = null): void {
    const key = prefixKey(subnet);
    if (ipRange !== null) this.children.delete(`${key} ${prefixKey(ipRange)}`);
    const master = this.masters.get(key);
    if (!master) return;
    if (--master.refs === 0) this.masters.delete(key);
    this.takenCache = null;
  }

  /**
   * A dynamic request of `family`, with `host` the prefixes the host check rejects. On success the subnet is
   * allocated and the index moved exactly as dockerd moves it; on exhaustion the held candidates are released but
   * the index keeps the moves they caused.
   */
  requestDynamic(family: 4 | 6, host: RangeSet): DynamicResult {
    const length = this.list.length;
    if (length === 0n) return { error: 'exhausted' };
    let start = this.start < length ? this.start : 0n;
    const scanStart = start;
    // updateStartIndex: start + i + 1, reset to 0 (not wrapped) when it reaches the end of the list.
    const advance = (pick: bigint): void => {
      start = pick >= start ? (pick + 1n >= length ? 0n : pick + 1n) : 0n;
    };
    let held = RangeSet.empty;
    const windows: [bigint, bigint][] = [[scanStart, length - 1n]];
    if (scanStart > 0n) windows.push([0n, scanStart - 1n]);
    const dead = new Set<CandidateSegment>();

    for (const [from, to] of windows) {
      for (const chunk of chunksOf(this.list, family, from, to)) {
        if (dead.has(chunk.segment)) continue;
        const { split } = chunk.segment;
        const taken = this.taken().union(held);
        const found = firstFreeBlock(split, taken.union(host), chunk.localFrom);
        const pickLocal = found !== null && found <= chunk.localTo ? found : null;
        const lastSkipped = pickLocal === null ? chunk.localTo : pickLocal - 1n;
        const newlyHeld = blocksTouchingSet(split, host, chunk.localFrom, lastSkipped).subtract(
          blocksTouchingSet(split, taken, chunk.localFrom, lastSkipped),
        );
        if (!newlyHeld.isEmpty()) {
          const size = blockSize(split);
          const firstHeld = (newlyHeld.ranges[0]!.first - split.base.address) / size;
          const lastHeld = (newlyHeld.ranges[newlyHeld.ranges.length - 1]!.last - split.base.address) / size;
          // Each held candidate was one IPAM call; after the first, the calls no longer wrap, so the last one decides.
          advance(chunk.globalBase + firstHeld);
          if (lastHeld !== firstHeld) advance(chunk.globalBase + lastHeld);
          held = held.union(newlyHeld);
        }
        if (pickLocal !== null) {
          const index = chunk.globalBase + pickLocal;
          advance(index);
          this.start = start;
          const subnet = nthBlock(split, pickLocal);
          this.addMaster(subnet);
          return { subnet, index };
        }
        if (chunk.wholeCopy) dead.add(chunk.segment);
      }
    }
    this.start = start;
    return { error: 'exhausted' };
  }
}

interface Chunk {
  segment: CandidateSegment;
  /** Global index of local index 0 of this copy. */
  globalBase: bigint;
  localFrom: bigint;
  localTo: bigint;
  /** The chunk spans a whole copy: once scanned, later copies of the segment hold nothing new. */
  wholeCopy: boolean;
}

/**
 * The parts of the segments of `family` that fall in the global window [from, to], in list order, one per copy.
 * After one whole copy nothing else in the segment can be handed out (the other copies repeat subnets that are
 * now taken or held), so at most three chunks come out: the partial first copy, one whole copy, the partial last.
 */
function* chunksOf(list: CandidateList, family: 4 | 6, from: bigint, to: bigint): Generator<Chunk> {
  for (const segment of list.segments) {
    const per = blockCount(segment.split);
    const end = segment.offset + per * segment.copies - 1n;
    if (segment.split.base.family !== family || end < from || segment.offset > to) continue;
    const first = (from > segment.offset ? from : segment.offset) - segment.offset;
    const last = (to < end ? to : end) - segment.offset;
    const chunk = (copy: bigint, localFrom: bigint, localTo: bigint): Chunk => ({
      segment,
      globalBase: segment.offset + copy * per,
      localFrom,
      localTo,
      wholeCopy: localFrom === 0n && localTo === per - 1n,
    });
    const firstCopy = first / per;
    const lastCopy = last / per;
    if (firstCopy === lastCopy) {
      yield chunk(firstCopy, first % per, last % per);
      continue;
    }
    const opening = chunk(firstCopy, first % per, per - 1n);
    yield opening;
    if (opening.wholeCopy) continue;
    if (lastCopy - firstCopy > 1n) yield chunk(firstCopy + 1n, 0n, per - 1n);
    else yield chunk(lastCopy, 0n, last % per);
  }
}
