import fc from 'fast-check';
import { Address4, Address6 } from 'ip-address';
import { describe, expect, it } from 'vitest';
import { tryAddress } from '../../src/net/prefix.js';

/** What the ip-address library itself makes of a text: the reference parseAddress must agree with. */
function libraryAddress(text: string): { family: 4 | 6; value: bigint } | null {
  const trimmed = text.trim();
  if (trimmed.includes('/')) return null;
  for (const [family, Address] of [[4, Address4], [6, Address6]] as const) {
    try {
      return { family, value: new Address(trimmed).bigInt() };
    } catch {
      // not this family
    }
  }
  return null;
}

const octet = fc.oneof(fc.integer({ min: 0, max: 300 }).map(String), fc.constantFrom('00', '01', '007', '255', '256', '-1', '', ' 1', '1 ', '0x1', '1e2'));

describe('parseAddress', () => {
  it('reads every dotted quad exactly as ip-address does (the fast path for IPv4 agrees with the library)', () => {
    fc.assert(
      fc.property(fc.array(octet, { minLength: 3, maxLength: 5 }), fc.constantFrom('', ' ', '\n', '/24', '.'), (octets, suffix) => {
        const text = octets.join('.') + suffix;
        expect(tryAddress(text)).toEqual(libraryAddress(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('reads the edges of IPv4 and IPv4-mapped IPv6 as the library does', () => {
    for (const text of ['0.0.0.0', '255.255.255.255', '10.0.0.1', '192.168.001.1', '1.2.3', '::ffff:10.0.0.1', '10.0.0.256', ' 172.16.0.1 ']) {
      expect(tryAddress(text)).toEqual(libraryAddress(text));
    }
    expect(tryAddress('255.255.255.255')).toEqual({ family: 4, value: 0xffffffffn });
  });
});
