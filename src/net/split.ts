import { familyBits, formatPrefix, lastAddress, type Prefix } from './prefix.js';
import { RangeSet, type AddressRange } from './range-set.js';

/**
 * A prefix cut into equal aligned blocks of length `size`, never materialised: `10.0.0.0/8` into /30 is
 * 4,194,304 blocks and `fd00::/8` into /64 is 2^56, so every question is answered arithmetically.
 */
export interface Split {
  base: Prefix;
  size: number;
}

export function blockSize(split: Split): bigint {
  return 1n << BigInt(familyBits(split.base.family) - split.size);
}

/** Number of /size blocks in the base. */
export function blockCount(split: Split): bigint {
  return 1n << BigInt(split.size - split.base.length);
}

/** The block at `index` (0-based, ascending addresses). */
export function nthBlock(split: Split, index: bigint): Prefix {
  if (index < 0n || index >= blockCount(split)) throw new RangeError(`block ${index} outside ${formatPrefix(split.base)}`);
  return { family: split.base.family, address: split.base.address + index * blockSize(split), length: split.size };
}

/** The index of `subnet` when it is exactly one of the blocks, else null. */
export function indexOfBlock(split: Split, subnet: Prefix): bigint | null {
  if (subnet.family !== split.base.family || subnet.length !== split.size) return null;
  const offset = subnet.address - split.base.address;
  if (offset < 0n || subnet.address > lastAddress(split.base)) return null;
  const size = blockSize(split);
  return offset % size === 0n ? offset / size : null;
}

/** Indexes [first, last] of the blocks that share at least one address with `r`, or null when none do. */
export function blocksTouching(split: Split, r: AddressRange): { first: bigint; last: bigint } | null {
  const start = split.base.address;
  const end = lastAddress(split.base);
  if (r.family !== split.base.family || r.last < start || r.first > end) return null;
  const size = blockSize(split);
  const from = r.first > start ? r.first : start;
  const to = r.last < end ? r.last : end;
  return { first: (from - start) / size, last: (to - start) / size };
}

/**
 * Index of the first block at or after `fromIndex` that overlaps nothing in `taken`, or null.
 * Each step jumps past one range of `taken`, so the cost is bounded by the number of ranges, not blocks.
 */
export function firstFreeBlock(split: Split, taken: RangeSet, fromIndex = 0n): bigint | null {
  const count = blockCount(split);
  const size = blockSize(split);
  const family = split.base.family;
  let index = fromIndex < 0n ? 0n : fromIndex;
  while (index < count) {
    const first = split.base.address + index * size;
    const hit = taken.firstOverlap(family, first, first + size - 1n);
    if (hit === null) return index;
    // The block holding hit.last is taken too; continue with the one after it.
    index = (hit.last - split.base.address) / size + 1n;
  }
  return null;
}

/** How many blocks with index in [fromIndex, toIndex] overlap nothing in `taken`. */
export function countFreeBlocks(split: Split, taken: RangeSet, fromIndex = 0n, toIndex = blockCount(split) - 1n): bigint {
  if (toIndex < fromIndex) return 0n;
  const size = blockSize(split);
  const first = split.base.address + fromIndex * size;
  const last = split.base.address + (toIndex + 1n) * size - 1n;
  let used = 0n;
  let coveredUpTo = fromIndex - 1n;
  // Ranges are sorted and disjoint, so the touched index intervals come in order; count each index once.
  for (const r of taken.overlapping(split.base.family, first, last)) {
    const touched = blocksTouching(split, r)!;
    const lo = touched.first > coveredUpTo ? touched.first : coveredUpTo + 1n;
    const hi = touched.last < toIndex ? touched.last : toIndex;
    if (hi >= lo) used += hi - lo + 1n;
    if (hi > coveredUpTo) coveredUpTo = hi;
  }
  return toIndex - fromIndex + 1n - used;
}

/** The blocks with index in [fromIndex, toIndex] that share an address with `set`, as one set (never listed one by one). */
export function blocksTouchingSet(split: Split, set: RangeSet, fromIndex: bigint, toIndex: bigint): RangeSet {
  if (toIndex < fromIndex) return RangeSet.empty;
  const window = blockSpan(split, fromIndex, toIndex);
  const touched: AddressRange[] = [];
  for (const r of set.overlapping(window.family, window.first, window.last)) {
    const hit = blocksTouching(split, r)!;
    const first = hit.first > fromIndex ? hit.first : fromIndex;
    const last = hit.last < toIndex ? hit.last : toIndex;
    touched.push(blockSpan(split, first, last));
  }
  return RangeSet.of(touched);
}

/** The union of the blocks [fromIndex, toIndex] as one address range. */
export function blockSpan(split: Split, fromIndex: bigint, toIndex: bigint): AddressRange {
  const size = blockSize(split);
  return {
    family: split.base.family,
    first: split.base.address + fromIndex * size,
    last: split.base.address + (toIndex + 1n) * size - 1n,
  };
}
