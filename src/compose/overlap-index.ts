import { lastAddress, networkMask, type Prefix } from '../net/prefix.js';

/**
 * Answers "which of these many prefixes overlap this one" without comparing against all of them. CIDR blocks are
 * nested or disjoint, so the overlapping ones are those starting inside the query (a binary search and a walk
 * over the sorted list) plus those containing it, found by looking up the query masked to each prefix length the
 * index holds.
 */
export class OverlapIndex<T> {
  private readonly sorted: { prefix: Prefix; value: T }[];
  private readonly byBlock = new Map<string, T[]>();
  private readonly lengths = new Map<4 | 6, number[]>();

  constructor(items: readonly { prefix: Prefix; value: T }[]) {
    this.sorted = [...items].sort(
      (a, b) => a.prefix.family - b.prefix.family || (a.prefix.address < b.prefix.address ? -1 : a.prefix.address > b.prefix.address ? 1 : 0),
    );
    for (const { prefix, value } of items) {
      const key = blockKey(prefix.family, prefix.address, prefix.length);
      const list = this.byBlock.get(key) ?? [];
      list.push(value);
      this.byBlock.set(key, list);
      const lengths = this.lengths.get(prefix.family) ?? [];
      if (!lengths.includes(prefix.length)) lengths.push(prefix.length);
      this.lengths.set(prefix.family, lengths);
    }
  }

  /** Values whose prefix overlaps `query`, each once. */
  overlapping(query: Prefix): T[] {
    const found = new Set<T>();
    const last = lastAddress(query);
    for (let i = this.lowerBound(query.family, query.address); i < this.sorted.length; i++) {
      const item = this.sorted[i]!;
      if (item.prefix.family !== query.family || item.prefix.address > last) break;
      found.add(item.value);
    }
    for (const length of this.lengths.get(query.family) ?? []) {
      if (length >= query.length) continue;
      const masked = query.address & networkMask(query.family, length);
      for (const value of this.byBlock.get(blockKey(query.family, masked, length)) ?? []) found.add(value);
    }
    return [...found];
  }

  /** Index of the first item of `family` whose address is at least `address`. */
  private lowerBound(family: 4 | 6, address: bigint): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const p = this.sorted[mid]!.prefix;
      if (p.family < family || (p.family === family && p.address < address)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function blockKey(family: 4 | 6, address: bigint, length: number): string {
  return `${family}/${address}/${length}`;
}
