import { describe, expect, it } from 'vitest';
import DD205 from '../../rules/DD205.js';
import { context, daemonJson, healthy, withNetworks } from '../pools/snapshots.js';

describe('DD205 public address space', () => {
  it('is silent for the private ranges of the captured host', () => {
    expect(DD205.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD205.check(daemonJson('{"bip": "100.64.0.1/24", "default-address-pools": [{"base": "fd00::/56", "size": 64}]}'), context('29.7.2'))).toEqual([]);
  });

  it('flags 172.32+ and 192.169 (issue #44923)', () => {
    const findings = DD205.check(daemonJson('{"bip": "172.32.0.1/16", "default-address-pools": [{"base": "192.169.0.0/16", "size": 24}]}'), context('20.10.24'));
    expect(findings.map((f) => f.subject)).toEqual(['daemon:bip', 'pool:0']);
    expect(findings[0]?.message).toBe(
      'bip 172.32.0.0/16 is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet with those addresses become unreachable from this host and its containers, because the Docker bridge route wins. dockerd does not check this.',
    );
  });

  it('flags a live network on public space', () => {
    expect(DD205.check(withNetworks(healthy, ['8.8.0.0/16']), context('20.10.24')).map((f) => f.subject)).toEqual(['network:net1']);
  });
});
