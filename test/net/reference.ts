import fc from 'fast-check';
import IPCIDR from 'ip-cidr';
import { formatPrefix, prefix, type Prefix } from '../../src/net/prefix.js';
import type { AddressRange } from '../../src/net/range-set.js';

/**
 * Brute-force reference for the address maths: small spaces whose addresses are enumerated one by one,
 * with ip-cidr (an independent implementation) listing the addresses of a prefix.
 */
export interface SmallSpace {
  family: 4 | 6;
  base: Prefix;
}

export const SPACE4: SmallSpace = { family: 4, base: prefix('10.0.0.0/24') };
export const SPACE6: SmallSpace = { family: 6, base: prefix('fd00::/120') };
export const SPACES = [SPACE4, SPACE6];

const SPACE_BITS = 8;

export function addressesOfPrefix(p: Prefix): bigint[] {
  return new IPCIDR(formatPrefix(p)).toArray({ type: 'bigInteger' }) as unknown as bigint[];
}

export function addressesOfRange(r: AddressRange): bigint[] {
  const out: bigint[] = [];
  for (let a = r.first; a <= r.last; a++) out.push(a);
  return out;
}

export function prefixIn(space: SmallSpace): fc.Arbitrary<Prefix> {
  const bits = space.family === 4 ? 32 : 128;
  return fc
    .tuple(fc.integer({ min: 0, max: (1 << SPACE_BITS) - 1 }), fc.integer({ min: bits - SPACE_BITS, max: bits }))
    .map(([offset, length]) => {
      const hostBits = BigInt(bits - length);
      const address = ((space.base.address + BigInt(offset)) >> hostBits) << hostBits;
      return { family: space.family, address, length };
    });
}

export function rangeIn(space: SmallSpace): fc.Arbitrary<AddressRange> {
  return fc
    .tuple(fc.integer({ min: 0, max: (1 << SPACE_BITS) - 1 }), fc.integer({ min: 0, max: 40 }))
    .map(([offset, extra]) => {
      const first = space.base.address + BigInt(offset);
      const lastOffset = Math.min(offset + extra, (1 << SPACE_BITS) - 1);
      return { family: space.family, first, last: space.base.address + BigInt(lastOffset) };
    });
}

export function rangesIn(space: SmallSpace, maxLength = 8): fc.Arbitrary<AddressRange[]> {
  return fc.array(rangeIn(space), { maxLength });
}

export function membership(ranges: AddressRange[]): Set<bigint> {
  const out = new Set<bigint>();
  for (const r of ranges) for (const a of addressesOfRange(r)) out.add(a);
  return out;
}
