import { lastAddress, networkMask, type Prefix } from '../net/prefix.js';

/**
 * Answers "which of these many prefixes overlap this one" without comparing against all of them. CIDR blocks are
 * nested or disjoint, so the overlapping ones are those starting inside the query (a binary search and a walk
 * over the sorted list) plus those containing it, found by looking up the query masked to each prefix length the
 * index holds.
 */
export class OverlapIndex<T> {
  private readonly sorted: { prefix: Prefix; value: T }[];
  /**
   * Values by family, then prefix length (in the order first indexed), then network address: a lookup is a mask and a
   * map access, with no key text built (turning a BigInt into text cost more than the rest of a query).
   */
  private readonly byBlock = new Map<4 | 6, Map<number, Map<bigint, T[]>>>();

  constructor(items: readonly { prefix: Prefix; value: T }[]) {
    this.sorted = [...items].sort(
      (a, b) => a.prefix.family - b.prefix.family || (a.prefix.address < b.prefix.address ? -1 : a.prefix.address > b.prefix.address ? 1 : 0),
    );
    for (const { prefix, value } of items) {
      let byLength = this.byBlock.get(prefix.family);
      if (!byLength) this.byBlock.set(prefix.family, (byLength = new Map()));
      let byAddress = byLength.get(prefix.length);
      if (!byAddress) byLength.set(prefix.length, (byAddress = new Map()));
      const list = byAddress.get(prefix.address);
      if (list) list.push(value);
      else byAddress.set(prefix.address, [value]);
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
    for (const [length, byAddress] of this.byBlock.get(query.family) ?? []) {
      if (length >= query.length) continue;
      for (const value of byAddress.get(query.address & networkMask(query.family, length)) ?? []) found.add(value);
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
