import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonWithPositions } from '../../src/daemon/json.js';
import { formatPrefix } from '../../src/net/prefix.js';
import { readPoolsConfig } from '../../src/pools/config.js';
import { ulaPool } from '../../src/pools/predefined.js';

const read = (json: string, version: string) => readPoolsConfig(parseJsonWithPositions(json), version, '/etc/docker/daemon.json');

describe('default-address-pools validation', () => {
  it('masks bases like dockerd (oracle 3: 172.17.0.0/12 becomes 172.16.0.0/12) and keeps the written order', () => {
    const config = read('[{"base": "172.17.0.0/12", "size": 24}, {"BASE": "10.0.0.0/8", "Size": 16}]', '20.10.24');
    expect(config.problems).toEqual([]);
    expect(config.pools.map((p) => [formatPrefix(p.base), p.size, p.hadHostBits, p.index])).toEqual([
      ['172.16.0.0/12', 24, true, 0],
      ['10.0.0.0/8', 16, false, 1],
    ]);
  });

  it('treats an empty list as "not configured" (the built-in pools stay)', () => {
    expect(read('[]', '20.10.24').configured).toBe(false);
  });

  it('reports Go decode errors for wrong types', () => {
    expect(read('[{"base": "10.0.0.0/8", "size": "24"}]', '20.10.24').problems[0]?.dockerdError).toBe(
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal string into Go struct field NetworkToSplit.size of type int',
    );
    expect(read('[{"base": 10, "size": 24}]', '27.0.3').problems[0]?.dockerdError).toBe(
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal number 10 into Go struct field NetworkToSplit.base of type netip.Prefix',
    );
  });

  it('follows netip.ParsePrefix on 27+', () => {
    expect(read('[{"base": "10.0.0.0/08", "size": 24}]', '28.5.2').problems[0]?.dockerdError).toBe(
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"',
    );
    expect(read('[{"base": "10.0.0.0/33", "size": 24}]', '28.5.2').problems[0]?.dockerdError).toBe(
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: netip.ParsePrefix("10.0.0.0/33"): prefix length out of range',
    );
    expect(read('[{"size": 24}]', '28.5.2').problems[0]?.dockerdError).toBe(
      'failed to start daemon: Error initializing network controller: error obtaining controller instance: could not construct local address space: network at index 0 (&{invalid Prefix 24}) is not in canonical form',
    );
  });

  it('accepts exactly the entries dockerd accepts, for any base length and size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: -2, max: 40 }), fc.constantFrom('20.10.24', '29.7.2'), (length, size, version) => {
        const config = read(`[{"base": "10.0.0.0/${length}", "size": ${size}}]`, version);
        const valid = size > 0 && size >= length && size <= 32;
        expect(config.pools.length).toBe(valid ? 1 : 0);
        expect(config.problems.length).toBe(valid ? 0 : 1);
        if (!valid && size > 32 && size >= length) {
          // No upper bound in dockerd: 20.10 fails when docker0 takes the pool, 27+ starts and misbehaves.
          expect(config.problems[0]?.dockerdError === null).toBe(version === '29.7.2');
        }
      }),
    );
  });
});

describe('the 27+ ULA pool', () => {
  it("matches moby's TestDeriveULABaseNetwork", () => {
    expect(formatPrefix(ulaPool('').base)).toBe('fd42:98fc:1c14::/48');
    expect(formatPrefix(ulaPool('499d4bc0-b0b3-416f-b1ee-cf6486315593').base)).toBe('fd62:fb69:18af::/48');
    expect(ulaPool('').size).toBe(64);
  });
});
