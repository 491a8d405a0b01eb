import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPrefix, overlaps, prefix, type Prefix } from '../../src/net/prefix.js';
import { RangeSet } from '../../src/net/range-set.js';
import { CandidateList } from '../../src/pools/pool-list.js';
import type { PoolSpec } from '../../src/pools/predefined.js';
import { RoundRobinSpace } from '../../src/pools/round-robin.js';

/**
 * Reference: libnetwork 20.10's allocator written out eagerly and literally — the split list materialised
 * (with the 64-bit offset arithmetic), getPredefinedPool's rotated walk, updateStartIndex's reset, and
 * requestPoolHelper's loop that holds every candidate failing the host check until the request ends.
 */
class EagerReference {
  start = 0;
  masters: Prefix[] = [];
  readonly list: Prefix[];

  constructor(pools: PoolSpec[]) {
    this.list = pools.flatMap((pool) => {
      const bits = pool.base.family === 4 ? 32 : 128;
      const count = 2 ** (pool.size - pool.base.length);
      const shift = BigInt(bits - pool.size);
      return Array.from({ length: count }, (_, i) => ({
        family: pool.base.family,
        address: pool.base.address | BigInt.asUintN(64, BigInt(i) << shift),
        length: pool.size,
      }));
    });
  }

  private getPredefinedPool(family: 4 | 6): Prefix | null {
    const s = this.start >= this.list.length ? 0 : this.start;
    const rotated = [...this.list.slice(s), ...this.list.slice(0, s)];
    for (let i = 0; i < rotated.length; i++) {
      const nw = rotated[i]!;
      if (nw.family !== family) continue;
      if (this.masters.some((m) => overlaps(m, nw))) continue;
      const next = this.start + i + 1;
      this.start = next >= this.list.length ? 0 : next;
      return nw;
    }
    return null;
  }

  request(family: 4 | 6, host: Prefix[]): Prefix | null {
    const held: Prefix[] = [];
    try {
      for (;;) {
        const nw = this.getPredefinedPool(family);
        if (nw === null) return null;
        this.masters.push(nw);
        if (!host.some((h) => overlaps(h, nw))) return nw;
        held.push(nw);
      }
    } finally {
      for (const h of held) this.masters.splice(this.masters.indexOf(h), 1);
    }
  }

  explicit(subnet: Prefix): 'ok' | 'overlap' {
    if (this.masters.some((m) => overlaps(m, subnet))) return 'overlap';
    this.masters.push(subnet);
    return 'ok';
  }

  release(subnet: Prefix): void {
    const i = this.masters.findIndex((m) => formatPrefix(m) === formatPrefix(subnet));
    if (i >= 0) this.masters.splice(i, 1);
  }
}

/** Small pools inside 10.0.0.0/24 and fd00::/120 so the reference can enumerate them; overlaps on purpose. */
const poolArb: fc.Arbitrary<PoolSpec> = fc
  .tuple(fc.constantFrom(4, 6), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 24, max: 30 }), fc.integer({ min: 0, max: 4 }))
  .map(([family, offset, length, extra]) => {
    const bits = family === 4 ? 32 : 128;
    const base = family === 4 ? prefix('10.0.0.0/24') : prefix('fd00::/120');
    const realLength = length + (bits - 32);
    const hostBits = BigInt(bits - realLength);
    const address = ((base.address + BigInt(offset)) >> hostBits) << hostBits;
    return { base: { family: family as 4 | 6, address, length: realLength }, size: Math.min(bits, realLength + extra) };
  });

const hostArb = fc.array(
  fc.tuple(fc.constantFrom(4, 6), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 26, max: 32 })).map(([family, offset, length]) => {
    const bits = family === 4 ? 32 : 128;
    const base = family === 4 ? prefix('10.0.0.0/24') : prefix('fd00::/120');
    const realLength = length + (bits - 32);
    const hostBits = BigInt(bits - realLength);
    return { family: family as 4 | 6, address: ((base.address + BigInt(offset)) >> hostBits) << hostBits, length: realLength };
  }),
  { maxLength: 4 },
);

type Op = { kind: 'dynamic'; family: 4 | 6 } | { kind: 'release'; pick: number } | { kind: 'explicit'; subnet: Prefix } | { kind: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(4, 6).map((family) => ({ kind: 'dynamic', family }) as Op) },
  { weight: 2, arbitrary: fc.nat(20).map((pick) => ({ kind: 'release', pick }) as Op) },
  { weight: 1, arbitrary: hostArb.filter((h) => h.length > 0).map((h) => ({ kind: 'explicit', subnet: h[0]! }) as Op) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' } as Op) },
);

describe('≤26 round-robin allocation, lazy, against the eager reference', () => {
  it('hands out the same subnets and moves the start index the same way', () => {
    fc.assert(
      fc.property(fc.array(poolArb, { minLength: 1, maxLength: 4 }), hostArb, fc.array(opArb, { maxLength: 25 }), (pools, host, ops) => {
        const reference = new EagerReference(pools);
        const lazy = new RoundRobinSpace(new CandidateList(pools));
        const hostSet = RangeSet.ofPrefixes(host);
        const handedOut: Prefix[] = [];
        expect(lazy.list.length).toBe(BigInt(reference.list.length));
        for (const op of ops) {
          if (op.kind === 'dynamic') {
            const expected = reference.request(op.family, host);
            const actual = lazy.requestDynamic(op.family, hostSet);
            expect('subnet' in actual ? formatPrefix(actual.subnet) : null).toBe(expected && formatPrefix(expected));
            if (expected) handedOut.push(expected);
          } else if (op.kind === 'release' && handedOut.length > 0) {
            const [subnet] = handedOut.splice(op.pick % handedOut.length, 1);
            reference.release(subnet!);
            lazy.release(subnet!);
          } else if (op.kind === 'explicit') {
            expect(lazy.requestExplicit(op.subnet)).toBe(reference.explicit(op.subnet));
          } else if (op.kind === 'restart') {
            reference.start = 0;
            lazy.resetStartIndex();
          }
          expect(lazy.startIndex).toBe(BigInt(reference.start));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers for 10.0.0.0/8 in /30 with an on-link /9 without walking 2 million held candidates', () => {
    const space = new RoundRobinSpace(new CandidateList([{ base: prefix('10.0.0.0/8'), size: 30 }]));
    const host = RangeSet.ofPrefixes([prefix('10.0.0.0/9')]);
    const first = space.requestDynamic(4, host);
    expect('subnet' in first && formatPrefix(first.subnet)).toBe('10.128.0.0/30');
    expect(space.startIndex).toBe(2_097_153n);
  });

  it('keeps the ≤26 IPv6 quirk: a /64 target repeats the base', () => {
    const list = new CandidateList([{ base: prefix('fd00::/60'), size: 64 }]);
    expect(list.length).toBe(16n);
    expect(formatPrefix(list.nth(15n))).toBe('fd00::/64');
    const space = new RoundRobinSpace(list);
    expect('subnet' in space.requestDynamic(6, RangeSet.empty)).toBe(true);
    expect(space.requestDynamic(6, RangeSet.empty)).toEqual({ error: 'exhausted' });
  });
});
