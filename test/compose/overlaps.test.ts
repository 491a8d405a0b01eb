import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComposeNetwork } from '../../src/compose/model.js';
import { OverlapIndex } from '../../src/compose/overlap-index.js';
import { overlappingPairs } from '../../src/compose/overlaps.js';
import type { ComposeSubnet } from '../../src/compose/subnets.js';
import { formatPrefix, networkMask, overlaps, type Prefix } from '../../src/net/prefix.js';

/** Random prefixes packed into a small space (10.0.0.0/16 and fd00::/112 corners) so overlaps are common. */
const arbitraryPrefix: fc.Arbitrary<Prefix> = fc.oneof(
  fc.record({ length: fc.integer({ min: 16, max: 32 }), host: fc.integer({ min: 0, max: 0xffff }) }).map(({ length, host }) => {
    const address = (0x0a000000n + BigInt(host)) & networkMask(4, length);
    return { family: 4 as const, address, length };
  }),
  fc.record({ length: fc.integer({ min: 112, max: 128 }), host: fc.integer({ min: 0, max: 0xffff }) }).map(({ length, host }) => {
    const address = ((0xfdn << 120n) + BigInt(host)) & networkMask(6, length);
    return { family: 6 as const, address, length };
  }),
);

function network(name: string, scope: 'local' | 'global'): ComposeNetwork {
  const location = { file: 'c.yml', line: 1, column: 1 };
  return { project: 'p', key: name, name, location, external: false, driver: scope === 'local' ? 'bridge' : 'overlay', scope, enableIpv6: false, ipam: [], services: [] };
}

describe('overlappingPairs', () => {
  it('finds exactly the pairs a comparison of every pair finds (property)', () => {
    const entry = fc.record({ prefix: arbitraryPrefix, name: fc.constantFrom('a', 'b', 'c', 'd'), scope: fc.constantFrom('local' as const, 'global' as const) });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const networks = new Map<string, ComposeNetwork>();
        const subnets: ComposeSubnet[] = entries.map((e, order) => {
          const key = `${e.name}/${e.scope}/${order % 3}`;
          if (!networks.has(key)) networks.set(key, network(e.name, e.scope));
          const net = networks.get(key)!;
          return { network: net, config: { subnet: null, ipRange: null, gateway: null, auxAddresses: [] }, text: formatPrefix(e.prefix), prefix: e.prefix, location: net.location, order };
        });
        const expected: string[] = [];
        for (let i = 0; i < subnets.length; i++) {
          for (let j = i + 1; j < subnets.length; j++) {
            const a = subnets[i]!;
            const b = subnets[j]!;
            if (a.network.scope !== b.network.scope || !overlaps(a.prefix, b.prefix)) continue;
            if (a.network !== b.network && a.network.name === b.network.name) continue;
            expected.push(`${i}-${j}`);
          }
        }
        const actual = overlappingPairs(subnets).map(([a, b]) => `${a.order}-${b.order}`);
        expect(actual.sort()).toEqual(expected.sort());
      }),
    );
  });
});

describe('OverlapIndex', () => {
  it('returns exactly the indexed prefixes that overlap the query (property)', () => {
    fc.assert(
      fc.property(fc.array(arbitraryPrefix, { maxLength: 60 }), arbitraryPrefix, (items, query) => {
        const index = new OverlapIndex(items.map((prefix, i) => ({ prefix, value: i })));
        const expected = items.flatMap((prefix, i) => (overlaps(prefix, query) ? [i] : []));
        expect(index.overlapping(query).sort((a, b) => a - b)).toEqual(expected);
      }),
    );
  });
});
