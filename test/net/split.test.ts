import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPrefix, prefix, type Prefix } from '../../src/net/prefix.js';
import { RangeSet } from '../../src/net/range-set.js';
import {
  blockCount,
  blocksTouching,
  countFreeBlocks,
  firstFreeBlock,
  indexOfBlock,
  nthBlock,
  type Split,
} from '../../src/net/split.js';
import { addressesOfPrefix, membership, prefixIn, rangeIn, rangesIn, SPACES, type SmallSpace } from './reference.js';

function splitIn(space: SmallSpace): fc.Arbitrary<Split> {
  const bits = space.family === 4 ? 32 : 128;
  return prefixIn(space).chain((base) =>
    fc.integer({ min: base.length, max: Math.min(bits, base.length + 6) }).map((size) => ({ base, size })),
  );
}

/** The reference: every block written out, by walking the base's addresses in steps of the block size. */
function allBlocks(split: Split): Prefix[] {
  const addresses = addressesOfPrefix(split.base);
  const step = addresses.length / 2 ** (split.size - split.base.length);
  return addresses.filter((_, i) => i % step === 0).map((address) => ({ family: split.base.family, address, length: split.size }));
}

function blockIsFree(block: Prefix, taken: Set<bigint>): boolean {
  return addressesOfPrefix(block).every((a) => !taken.has(a));
}

describe('lazy splitting against a brute-force reference', () => {
  for (const space of SPACES) {
    describe(`IPv${space.family}`, () => {
      it('counts, lists and indexes blocks like the enumerated list', () => {
        fc.assert(
          fc.property(splitIn(space), prefixIn(space), (split, probe) => {
            const blocks = allBlocks(split);
            expect(blockCount(split)).toBe(BigInt(blocks.length));
            blocks.forEach((block, i) => {
              expect(nthBlock(split, BigInt(i))).toEqual(block);
              expect(indexOfBlock(split, block)).toBe(BigInt(i));
            });
            const at = blocks.findIndex((b) => b.address === probe.address && b.length === probe.length);
            expect(indexOfBlock(split, probe)).toBe(at < 0 ? null : BigInt(at));
          }),
        );
      });

      it('finds the first free block and counts free blocks like a scan of every block', () => {
        fc.assert(
          fc.property(splitIn(space), rangesIn(space), fc.nat({ max: 70 }), (split, ranges, from) => {
            const blocks = allBlocks(split);
            const takenSet = RangeSet.of(ranges);
            const taken = membership(ranges);
            const free = blocks.map((b) => blockIsFree(b, taken));
            const expectedFirst = free.findIndex((isFree, i) => isFree && i >= from);
            expect(firstFreeBlock(split, takenSet, BigInt(from))).toBe(expectedFirst < 0 ? null : BigInt(expectedFirst));
            const to = Math.min(blocks.length - 1, from + 9);
            const expectedCount = free.filter((isFree, i) => isFree && i >= from && i <= to).length;
            expect(countFreeBlocks(split, takenSet, BigInt(from), BigInt(to))).toBe(BigInt(Math.max(expectedCount, 0)));
            expect(countFreeBlocks(split, takenSet)).toBe(BigInt(free.filter(Boolean).length));
          }),
        );
      });

      it('names the blocks a range touches', () => {
        fc.assert(
          fc.property(splitIn(space), rangeIn(space), (split, r) => {
            const touched = allBlocks(split)
              .map((b, i) => [i, addressesOfPrefix(b).some((a) => a >= r.first && a <= r.last)] as const)
              .filter(([, hit]) => hit)
              .map(([i]) => BigInt(i));
            const answer = blocksTouching(split, r);
            expect(answer).toEqual(touched.length === 0 ? null : { first: touched[0], last: touched[touched.length - 1] });
          }),
        );
      });
    });
  }
});

describe('huge splits are answered arithmetically', () => {
  it('10.0.0.0/8 into /30', () => {
    const split = { base: prefix('10.0.0.0/8'), size: 30 };
    expect(blockCount(split)).toBe(4_194_304n);
    expect(formatPrefix(nthBlock(split, 4_194_303n))).toBe('10.255.255.252/30');
    expect(indexOfBlock(split, prefix('10.1.0.4/30'))).toBe(16_385n);
    const taken = RangeSet.ofPrefixes([prefix('10.0.0.0/9'), prefix('10.128.0.0/30'), prefix('10.128.0.5/32')]);
    expect(formatPrefix(nthBlock(split, firstFreeBlock(split, taken)!))).toBe('10.128.0.8/30');
    expect(countFreeBlocks(split, taken)).toBe(4_194_304n / 2n - 2n);
  });

  it('fd00::/8 into /64', () => {
    const split = { base: prefix('fd00::/8'), size: 64 };
    expect(blockCount(split)).toBe(1n << 56n);
    expect(formatPrefix(nthBlock(split, (1n << 56n) - 1n))).toBe('fdff:ffff:ffff:ffff::/64');
    const taken = RangeSet.ofPrefixes([prefix('fd00::/9'), prefix('fd80::/64')]);
    expect(formatPrefix(nthBlock(split, firstFreeBlock(split, taken)!))).toBe('fd80:0:0:1::/64');
    expect(countFreeBlocks(split, taken)).toBe((1n << 55n) - 1n);
    expect(firstFreeBlock(split, RangeSet.ofPrefixes([prefix('fd00::/8')]))).toBeNull();
  });
});
