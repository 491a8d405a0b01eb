import { firstAddress, lastAddress, type Prefix } from './prefix.js';

/** An inclusive range of addresses of one family. */
export interface AddressRange {
  family: 4 | 6;
  first: bigint;
  last: bigint;
}

export function rangeOfPrefix(p: Prefix): AddressRange {
  return { family: p.family, first: firstAddress(p), last: lastAddress(p) };
}

function rangeSize(r: AddressRange): bigint {
  return r.last - r.first + 1n;
}

function compareRanges(a: AddressRange, b: AddressRange): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.first !== b.first) return a.first < b.first ? -1 : 1;
  return a.last < b.last ? -1 : a.last > b.last ? 1 : 0;
}

/**
 * A set of addresses (both families) held as sorted, disjoint, non-adjacent ranges, so its size is
 * proportional to the number of ranges, never to the number of addresses: `10.0.0.0/8` is one entry.
 * Immutable: every operation returns a new set.
 */
export class RangeSet {
  static readonly empty = new RangeSet([]);

  /** Sorted by family then address; no two ranges overlap or touch. */
  readonly ranges: readonly AddressRange[];

  private constructor(normalised: AddressRange[]) {
    this.ranges = normalised;
  }

  static of(ranges: Iterable<AddressRange>): RangeSet {
    const sorted = [...ranges].sort(compareRanges);
    const merged: AddressRange[] = [];
    for (const r of sorted) {
      if (r.last < r.first) throw new RangeError(`range ends before it starts: ${r.first}..${r.last}`);
      const previous = merged[merged.length - 1];
      if (previous && previous.family === r.family && r.first <= previous.last + 1n) {
        if (r.last > previous.last) merged[merged.length - 1] = { ...previous, last: r.last };
      } else {
        merged.push({ ...r });
      }
    }
    return new RangeSet(merged);
  }

  static ofPrefixes(prefixes: Iterable<Prefix>): RangeSet {
    return RangeSet.of([...prefixes].map(rangeOfPrefix));
  }

  isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Number of addresses of `family` in the set. */
  size(family: 4 | 6): bigint {
    let total = 0n;
    for (const r of this.ranges) if (r.family === family) total += rangeSize(r);
    return total;
  }

  union(other: RangeSet): RangeSet {
    return RangeSet.of([...this.ranges, ...other.ranges]);
  }

  /** The addresses of this set that are not in `other` (one linear sweep over both sorted lists). */
  subtract(other: RangeSet): RangeSet {
    const out: AddressRange[] = [];
    let j = 0;
    for (const r of this.ranges) {
      let cursor = r.first;
      while (j < other.ranges.length && compareToRange(other.ranges[j]!, r) < 0) j++;
      let k = j;
      while (k < other.ranges.length && cursor <= r.last) {
        const cut = other.ranges[k]!;
        if (cut.family !== r.family || cut.first > r.last) break;
        if (cut.first > cursor) out.push({ family: r.family, first: cursor, last: cut.first - 1n });
        if (cut.last >= cursor) cursor = cut.last + 1n;
        k++;
      }
      if (cursor <= r.last) out.push({ family: r.family, first: cursor, last: r.last });
    }
    return new RangeSet(out);
  }

  intersect(other: RangeSet): RangeSet {
    return this.subtract(this.subtract(other));
  }

  /** Index of the first range that ends at or after `address` in `family`, or ranges.length. */
  private lowerBound(family: 4 | 6, address: bigint): number {
    let lo = 0;
    let hi = this.ranges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (r.family < family || (r.family === family && r.last < address)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first range of the set that overlaps [first, last] of `family` (binary search), or null. */
  firstOverlap(family: 4 | 6, first: bigint, last: bigint): AddressRange | null {
    const r = this.ranges[this.lowerBound(family, first)];
    return r && r.family === family && r.first <= last ? r : null;
  }

  overlapsRange(r: AddressRange): boolean {
    return this.firstOverlap(r.family, r.first, r.last) !== null;
  }

  overlapsPrefix(p: Prefix): boolean {
    return this.overlapsRange(rangeOfPrefix(p));
  }

  containsAddress(family: 4 | 6, address: bigint): boolean {
    return this.firstOverlap(family, address, address) !== null;
  }

  /** True when every address of `r` is in the set. */
  coversRange(r: AddressRange): boolean {
    const hit = this.firstOverlap(r.family, r.first, r.last);
    return hit !== null && hit.first <= r.first && hit.last >= r.last;
  }

  /** The ranges of the set that overlap [first, last], in order (binary search, then a walk). */
  *overlapping(family: 4 | 6, first: bigint, last: bigint): Generator<AddressRange> {
    for (let i = this.lowerBound(family, first); i < this.ranges.length; i++) {
      const r = this.ranges[i]!;
      if (r.family !== family || r.first > last) return;
      yield r;
    }
  }
}

/** <0 when `cut` lies entirely before `r` (earlier family, or ends before r starts). */
function compareToRange(cut: AddressRange, r: AddressRange): number {
  if (cut.family !== r.family) return cut.family - r.family;
  return cut.last < r.first ? -1 : 0;
}
