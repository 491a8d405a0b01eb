import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPrefix, networkMask, prefix, type Prefix } from '../../src/net/prefix.js';
import { SPECIAL_PURPOSE_RANGES, specialPurposeRange } from '../../src/net/special-purpose.js';

/** The registry's definition, range by range: the longest range of the table that contains the whole subnet. */
function mostSpecificByScan(subnet: Prefix): string | null {
  let best: { prefix: string; length: number } | null = null;
  for (const range of SPECIAL_PURPOSE_RANGES) {
    const parsed = prefix(range.prefix);
    if (containsPrefix(parsed, subnet) && (!best || parsed.length > best.length)) best = { prefix: range.prefix, length: parsed.length };
  }
  return best?.prefix ?? null;
}

/** Subnets near the table's ranges (inside, around, containing them) and anywhere at all. */
const subnet: fc.Arbitrary<Prefix> = fc.oneof(
  fc.tuple(fc.constantFrom(...SPECIAL_PURPOSE_RANGES.map((range) => prefix(range.prefix))), fc.integer({ min: -8, max: 24 }), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n })).map(([range, extra, noise]) => {
    const bits = range.family === 4 ? 32 : 128;
    const length = Math.max(0, Math.min(bits, range.length + extra));
    const host = noise & ((1n << BigInt(bits)) - 1n);
    return { family: range.family, address: (range.address | (host & ~networkMask(range.family, range.length) & ((1n << BigInt(bits)) - 1n))) & networkMask(range.family, length), length };
  }),
  fc.tuple(fc.constantFrom(4 as const, 6 as const), fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 })).map(([family, noise, n]) => {
    const bits = family === 4 ? 32 : 128;
    const length = n % (bits + 1);
    return { family, address: noise & ((1n << BigInt(bits)) - 1n) & networkMask(family, length), length };
  }),
);

describe('specialPurposeRange', () => {
  it('names the most specific range of the table holding the subnet, as a scan of every range does (property)', () => {
    fc.assert(
      fc.property(subnet, (p) => {
        expect(specialPurposeRange(p)?.prefix ?? null).toBe(mostSpecificByScan(p));
      }),
      { numRuns: 5000 },
    );
  });

  it('names each range of the table for itself', () => {
    for (const range of SPECIAL_PURPOSE_RANGES) expect(specialPurposeRange(prefix(range.prefix))).toEqual(range);
  });
});
