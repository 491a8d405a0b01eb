import { describe, expect, it } from 'vitest';
import DD206 from '../../rules/DD206.js';
import { context, daemonJson, healthy, withInterface, withNameservers, withRoutes } from '../pools/snapshots.js';

describe('DD206 collisions with the host network', () => {
  it("is silent for the captured host (Docker's own bridge routes are not collisions)", () => {
    expect(DD206.check(healthy, context('20.10.24'))).toEqual([]);
  });

  it('reports a live network overlapping a VPN route via a gateway, which dockerd never checks (oracle 9)', () => {
    const host = withRoutes(healthy, ['172.18.0.0/16 via 10.123.0.2 dev tun0']);
    const [finding, ...rest] = DD206.check(host, context('20.10.24'));
    expect(finding?.subject).toBe('network:mynet');
    expect(finding?.message).toBe(
      'network mynet 172.18.0.0/16 overlaps route 172.18.0.0/16 via 10.123.0.2 dev tun0 scope global. Traffic between this host and those addresses goes to the Docker bridge instead (or the other way round): connections break in a way that is hard to trace.',
    );
    // The built-in pool 172.18.0.0/16 holds the same route, which dockerd will not avoid either.
    expect(rest.map((f) => f.subject)).toEqual(['pool:172.18.0.0/16']);
  });

  it('reports pools holding routes in other tables and reserved ranges, but not on-link routes dockerd avoids', () => {
    const host = withRoutes(healthy, ['10.20.0.0/16 dev wg0 scope link table 51820', '10.30.0.0/24 dev eth1 scope link']);
    const findings = DD206.check(
      daemonJson('{"default-address-pools": [{"base": "10.0.0.0/8", "size": 24}]}', host),
      context('29.7.2', { reserved: [{ cidr: '10.99.0.0/16', name: 'office' }] }),
    );
    expect(findings.map((f) => f.subject)).toEqual(['pool:10.0.0.0/8']);
    expect(findings[0]?.location).toEqual({ file: '/etc/docker/daemon.json', line: 1, column: 28 });
    expect(findings[0]?.evidence?.['clashes']).toEqual([
      { kind: 'route', prefix: '10.20.0.0/16', text: 'route 10.20.0.0/16 dev wg0 scope link table 51820' },
      { kind: 'reserved', prefix: '10.99.0.0/16', text: 'reserved range office (10.99.0.0/16)' },
    ]);
  });

  it('reports bip overlapping an interface address and a nameserver', () => {
    const host = withNameservers(withInterface(healthy, { name: 'eth0', state: 'UP', addresses: [{ family: 4, address: '10.200.0.5', prefixLength: 24 }] }), ['10.200.0.53']);
    const [finding] = DD206.check(daemonJson('{"bip": "10.200.0.1/24"}', host), context('20.10.24'));
    expect(finding?.subject).toBe('daemon:bip');
    expect(finding?.evidence?.['clashes']).toEqual([
      { kind: 'address', prefix: '10.200.0.0/24', text: '10.200.0.5/24 on eth0' },
      { kind: 'nameserver', prefix: '10.200.0.53/32', text: 'nameserver 10.200.0.53' },
    ]);
  });
});
