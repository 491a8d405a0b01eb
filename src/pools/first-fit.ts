import { comparePrefixes, familyBits, lastAddress, networkMask, type Prefix } from '../net/prefix.js';
import type { PoolSpec } from './predefined.js';

export type FirstFitResult = { subnet: Prefix } | { error: 'exhausted' | 'invalid-pool' };

/**
 * 27+ dynamic allocation (moby@v27.0.1:libnetwork/ipams/defaultipam/address_space.go#L137-280; defaultipam address_space.go allocatePredefinedPool): one walk over
 * the sorted pools and the merged, sorted list of allocated and reserved prefixes, taking the first /size gap.
 * Ported step by step rather than written as "lowest free block", because moby's walk remembers only the last
 * prefix it passed: a reserved prefix nested inside an earlier, bigger one makes it resume too early, and dockdoc
 * predicts what dockerd does, not what it should do.
 *
 * All inputs are of one family (27+ keeps an address space per family). `pools` must be sorted and deduplicated
 * (sortAndDedupPools), `allocated` and `reserved` sorted by comparePrefixes.
 * `requestedSize` is the 29+ `--subnet 0.0.0.0/N` hint (0: each pool's own size).
 */
export function firstFit(
  pools: readonly PoolSpec[],
  allocated: readonly Prefix[],
  reserved: readonly Prefix[],
  requestedSize = 0,
): FirstFitResult {
  const candidates =
    requestedSize === 0
      ? pools
      : pools
          .filter((p) => p.base.length <= requestedSize && requestedSize <= familyBits(p.base.family))
          .map((p) => ({ base: p.base, size: requestedSize }));
  if (candidates.length === 0) return { error: 'invalid-pool' };

  const merged = mergeSorted(allocated, reserved);
  let cursor = 0;
  let poolIndex = 0;
  let partialOverlap = false;
  let previous: Prefix | null = null;

  while (cursor < merged.length) {
    const taken = merged[cursor]!;
    if (poolIndex >= candidates.length) return { error: 'exhausted' };
    const pool = candidates[poolIndex]!;

    if (overlapsMasked(taken, pool.base)) {
      if (taken.length <= pool.base.length) {
        // The taken prefix covers the whole pool.
        partialOverlap = false;
        previous = null;
        poolIndex++;
        continue;
      }
      if (!partialOverlap && subnetsBetween(pool.base.address, taken.address, pool.base.family, pool.size) >= 1n) {
        return { subnet: firstPrefix(pool) };
      }
      if (partialOverlap && previous) {
        const after = prefixAfter(previous, pool.size);
        if (after && subnetsBetween(after.address, taken.address, pool.base.family, pool.size) >= 1n) return { subnet: after };
      }
      cursor++;
      if (lastAddress(taken) === lastAddress(pool.base)) {
        partialOverlap = false;
        previous = null;
        poolIndex++;
        continue;
      }
      partialOverlap = true;
      previous = taken;
      continue;
    }

    if (partialOverlap) {
      partialOverlap = false;
      const after = previous ? prefixAfter(previous, pool.size) : null;
      if (after && overlapsMasked(pool.base, after)) return { subnet: after };
      // Not enough room after the last taken prefix: test the same taken prefix against the next pool.
      poolIndex++;
      continue;
    }

    if (pool.base.address < taken.address) return { subnet: firstPrefix(pool) };

    cursor++;
    previous = taken;
  }

  if (poolIndex >= candidates.length) return { error: 'exhausted' };
  if (partialOverlap && previous) {
    const pool = candidates[poolIndex]!;
    const after = prefixAfter(previous, pool.size);
    if (after && overlapsMasked(pool.base, after)) return { subnet: after };
    poolIndex++;
  }
  if (poolIndex < candidates.length) return { subnet: firstPrefix(candidates[poolIndex]!) };
  return { error: 'exhausted' };
}

/** Merge of two sorted lists; on a tie the allocated prefix comes first (moby's mergeIter). */
function mergeSorted(a: readonly Prefix[], b: readonly Prefix[]): Prefix[] {
  const out: Prefix[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && comparePrefixes(a[i]!, b[j]!) <= 0)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/** The pool's first subnet: its base address with the pool's size (netip.PrefixFrom, no masking). */
function firstPrefix(pool: PoolSpec): Prefix {
  return { family: pool.base.family, address: pool.base.address, length: pool.size };
}

/** How many whole /size blocks lie between the blocks holding a1 and a2 (ipbits.SubnetsBetween). */
function subnetsBetween(a1: bigint, a2: bigint, family: 4 | 6, size: number): bigint {
  if (a2 < a1) return 0n;
  const mask = networkMask(family, size);
  return ((a2 & mask) - (a1 & mask)) >> BigInt(familyBits(family) - size);
}

/**
 * The /size prefix right after `previous` (netiputil.PrefixAfter): step by the bigger of the two blocks, and
 * give up when the address wraps to zero.
 */
function prefixAfter(previous: Prefix, size: number): Prefix | null {
  const step = Math.min(previous.length, size);
  const bits = familyBits(previous.family);
  const next = (previous.address + (1n << BigInt(bits - step))) & ((1n << BigInt(bits)) - 1n);
  if (next === 0n) return null;
  return { family: previous.family, address: next & networkMask(previous.family, size), length: size };
}

/** netip.Prefix.Overlaps: compares both at the shorter length, so an unmasked base still overlaps what it covers. */
function overlapsMasked(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  const mask = networkMask(a.family, Math.min(a.length, b.length));
  return (a.address & mask) === (b.address & mask);
}
