import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPrefix, parseCidr, type Prefix } from '../../src/net/prefix.js';
import { firstFit } from '../../src/pools/first-fit.js';
import { FirstFitSpace } from '../../src/pools/address-space.js';
import { reservationsOf } from '../../src/pools/host.js';
import { sortAndDedupPools } from '../../src/pools/pool-list.js';

interface MobyCase {
  name: string;
  predefined: { base: string; size: number }[];
  subnetSize: number;
  allocated: string[];
  reserved: string[];
  expPrefix: string | null;
  expErr: 'ErrNoMoreSubnets' | 'ErrInvalidPool' | null;
}

const table = JSON.parse(
  readFileSync(new URL('../../fixtures/pools/moby-dynamic-pool-allocation.json', import.meta.url), 'utf8'),
) as { cases: MobyCase[] };

/** moby's tests hand bases to newAddrSpace without masking them, so keep the address as written. */
function asWritten(text: string): Prefix {
  const parsed = parseCidr(text);
  return { ...parsed.prefix, address: parsed.written };
}

const ERRORS = { ErrNoMoreSubnets: 'exhausted', ErrInvalidPool: 'invalid-pool' } as const;

describe("moby's TestDynamicPoolAllocation table (27+ first fit)", () => {
  it('has all 31 cases', () => expect(table.cases).toHaveLength(31));
  for (const c of table.cases) {
    it(c.name, () => {
      const pools = sortAndDedupPools(c.predefined.map((p) => ({ base: asWritten(p.base), size: p.size }))).kept;
      const result = firstFit(pools, c.allocated.map(asWritten), c.reserved.map(asWritten), c.subnetSize);
      if (c.expErr) expect(result).toEqual({ error: ERRORS[c.expErr] });
      else expect('subnet' in result ? formatPrefix(result.subnet) : result).toBe(c.expPrefix);
    });
  }
});

describe("moby's TestNewAddrSpaceDedup and TestPoolAllocateAndRelease", () => {
  it('sorts by address and drops pools overlapping the one kept before', () => {
    const pools = sortAndDedupPools(
      [
        ['10.0.0.0/8', 16],
        ['10.0.0.0/8', 24],
        ['10.10.0.0/8', 24],
        ['10.0.100.0/8', 24],
        ['192.168.0.0/24', 24],
      ].map(([base, size]) => ({ base: asWritten(base as string), size: size as number })),
    );
    expect(pools.kept.map((p) => `${formatPrefix(p.base)} ${p.size}`)).toEqual(['10.0.0.0/8 16', '192.168.0.0/24 24']);
  });

  it('reuses a released subnet first and never hands out a subnet twice (issue #48069, fixed in 27.0.3)', () => {
    const space = new FirstFitSpace([{ base: asWritten('10.0.0.0/8'), size: 24 }]);
    const none = reservationsOf([]);
    const alloc = () => {
      const r = space.requestDynamic(4, none);
      return 'subnet' in r ? formatPrefix(r.subnet) : r.error;
    };
    expect([alloc(), alloc(), alloc()]).toEqual(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24']);
    space.release(asWritten('10.0.0.0/24'));
    expect([alloc(), alloc()]).toEqual(['10.0.0.0/24', '10.0.3.0/24']);
  });

  it('allocates after a reserved range covering the first pools', () => {
    const space = new FirstFitSpace(
      ['10.0.0.0/24', '10.0.1.0/24', '10.1.0.0/16'].map((base) => ({ base: asWritten(base), size: 24 })),
    );
    const reserved = reservationsOf([{ prefix: asWritten('10.0.0.0/16'), kind: 'route', source: 'route 10.0.0.0/16' }]);
    const got = [space.requestDynamic(4, reserved), space.requestDynamic(4, reserved)].map((r) => ('subnet' in r ? formatPrefix(r.subnet) : r.error));
    expect(got).toEqual(['10.1.0.0/24', '10.1.1.0/24']);
  });
});
