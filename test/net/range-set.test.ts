import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prefix } from '../../src/net/prefix.js';
import { rangeOfPrefix, RangeSet } from '../../src/net/range-set.js';
import { addressesOfPrefix, addressesOfRange, membership, prefixIn, rangeIn, rangesIn, SPACES } from './reference.js';

function members(set: RangeSet): Set<bigint> {
  return membership([...set.ranges]);
}

describe('RangeSet against a brute-force reference', () => {
  for (const space of SPACES) {
    describe(`IPv${space.family}`, () => {
      it('normalises to sorted, disjoint, non-adjacent ranges holding exactly the input addresses', () => {
        fc.assert(
          fc.property(rangesIn(space), (ranges) => {
            const set = RangeSet.of(ranges);
            expect(members(set)).toEqual(membership(ranges));
            for (let i = 1; i < set.ranges.length; i++) {
              expect(set.ranges[i]!.first > set.ranges[i - 1]!.last + 1n).toBe(true);
            }
            expect(set.size(space.family)).toBe(BigInt(membership(ranges).size));
          }),
        );
      });

      it('union, subtract and intersect match set algebra on the addresses', () => {
        fc.assert(
          fc.property(rangesIn(space), rangesIn(space), (a, b) => {
            const setA = RangeSet.of(a);
            const setB = RangeSet.of(b);
            const refA = membership(a);
            const refB = membership(b);
            expect(members(setA.union(setB))).toEqual(new Set([...refA, ...refB]));
            expect(members(setA.subtract(setB))).toEqual(new Set([...refA].filter((x) => !refB.has(x))));
            expect(members(setA.intersect(setB))).toEqual(new Set([...refA].filter((x) => refB.has(x))));
          }),
        );
      });

      it('answers overlap, cover and membership questions like the reference', () => {
        fc.assert(
          fc.property(rangesIn(space), rangeIn(space), prefixIn(space), (ranges, probe, p) => {
            const set = RangeSet.of(ranges);
            const ref = membership(ranges);
            const probeAddresses = addressesOfRange(probe);
            expect(set.overlapsRange(probe)).toBe(probeAddresses.some((x) => ref.has(x)));
            expect(set.coversRange(probe)).toBe(probeAddresses.every((x) => ref.has(x)));
            expect(set.containsAddress(space.family, probe.first)).toBe(ref.has(probe.first));
            expect(set.overlapsPrefix(p)).toBe(addressesOfPrefix(p).some((x) => ref.has(x)));
            const overlapping = [...set.overlapping(space.family, probe.first, probe.last)];
            expect(membership(overlapping)).toEqual(
              new Set([...members(set)].filter((x) => overlapping.some((r) => r.first <= x && x <= r.last))),
            );
            expect(overlapping.length > 0).toBe(set.overlapsRange(probe));
          }),
        );
      });
    });
  }

  it('keeps the families apart', () => {
    const set = RangeSet.ofPrefixes([prefix('10.0.0.0/8'), prefix('fd00::/8')]);
    expect(set.overlapsPrefix(prefix('10.1.0.0/16'))).toBe(true);
    expect(set.overlapsPrefix(prefix('fd12::/16'))).toBe(true);
    expect(set.overlapsPrefix(prefix('::a00:0/104'))).toBe(false);
    expect(set.subtract(RangeSet.ofPrefixes([prefix('::/0')])).ranges).toEqual([rangeOfPrefix(prefix('10.0.0.0/8'))]);
    expect(set.size(4)).toBe(1n << 24n);
    expect(set.size(6)).toBe(1n << 120n);
  });
});
