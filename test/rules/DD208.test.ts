import { describe, expect, it } from 'vitest';
import DD208 from '../../rules/DD208.js';
import { available } from '../../src/snapshot/fact.js';
import { context, healthy, withFacts, withInterface, withRoutes } from '../pools/snapshots.js';

describe('DD208 leftovers of removed networks', () => {
  it('is silent for the captured host, where every bridge and rule belongs to a network', () => {
    expect(DD208.check(healthy, context('20.10.24'))).toEqual([]);
  });

  it('reports a stale bridge with its on-link route (oracle 34)', () => {
    const host = withRoutes(
      withInterface(healthy, { name: 'br-5cba9089d66f', state: 'DOWN', addresses: [{ family: 4, address: '172.19.0.1', prefixLength: 16 }] }),
      ['172.19.0.0/16 dev br-5cba9089d66f proto kernel scope link src 172.19.0.1 linkdown'],
    );
    const [finding, ...rest] = DD208.check(host, context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding?.message).toBe(
      'Interface br-5cba9089d66f (172.19.0.1/16) looks like a Docker bridge, but no current network uses it: it was left by a dockerd that stopped, crashed or used another data-root. Its on-link route 172.19.0.0/16 makes dockerd skip that subnet when it allocates.',
    );
    expect(finding?.fix.commands).toEqual(['ip link delete br-5cba9089d66f']);
  });

  it('leaves the MASQUERADE rule of a network that is gone to DD404 (one finding per leftover)', () => {
    const iptables = available(healthy.facts.iptables)!;
    const save = iptables.save.replace('-A POSTROUTING -s 172.17.0.0/16', '-A POSTROUTING -s 172.20.0.0/16 ! -o br-0123456789ab -j MASQUERADE\n-A POSTROUTING -s 172.17.0.0/16');
    expect(DD208.check(withFacts(healthy, { iptables: { ...iptables, save } }), context('20.10.24'))).toEqual([]);
  });
});
