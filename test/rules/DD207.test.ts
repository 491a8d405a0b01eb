import { describe, expect, it } from 'vitest';
import DD207 from '../../rules/DD207.js';
import { context, daemonJson, healthy, withNetworks, withRoutes } from '../pools/snapshots.js';

/** The 16 /20s of 192.168.0.0/16 and 172.19–172.31: everything the captured host has not used yet. */
function fill(count: number): string[] {
  const all = [
    ...Array.from({ length: 13 }, (_, i) => `172.${19 + i}.0.0/16`),
    ...Array.from({ length: 16 }, (_, i) => `192.168.${i * 16}.0/20`),
  ];
  return all.slice(0, count);
}

describe('DD207 pool exhaustion', () => {
  it('is silent with 29 of 31 default subnets free', () => {
    expect(DD207.check(healthy, context('20.10.24'))).toEqual([]);
  });

  it('warns below the threshold, counting subnets blocked by on-link routes', () => {
    const host = withRoutes(withNetworks(healthy, fill(24)), ['192.168.240.0/24 dev eth1 scope link']);
    const [finding] = DD207.check(host, context('20.10.24'));
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe(
      "Only 4 free IPv4 subnets left in Docker's built-in pools (31 subnets: 172.17–172.31/16 and 192.168.0.0/16 in /20s) (threshold 5): 26 of 31 are used by networks and 1 is skipped because of host routes or nameservers.",
    );
  });

  it('is an error with the engine-specific message when nothing is left (corpus 01: the 31st create fails)', () => {
    const host = withNetworks(healthy, fill(29));
    expect(DD207.check(host, context('20.10.24'))[0]?.message).toContain(
      'fails with "Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"',
    );
    const modern = DD207.check(host, context('29.7.2'))[0];
    expect(modern?.severity).toBe('error');
    expect(modern?.message).toContain('"Error response from daemon: all predefined address pools have been fully subnetted"');
  });

  it('counts configured pools instead of the defaults', () => {
    const [finding] = DD207.check(daemonJson('{"default-address-pools": [{"base": "10.50.0.0/23", "size": 24}]}'), context('20.10.24'));
    expect(finding?.evidence?.['free']).toBe(2);
  });
});
