import { describe, expect, it } from 'vitest';
import DD209 from '../../rules/DD209.js';
import { context, healthy, withEngine, withRoutes } from '../pools/snapshots.js';

const swarm = withEngine(healthy, (engine) => ({ ...engine, swarm: { state: 'active', defaultAddrPool: [], subnetSize: 0 } }));

describe('DD209 swarm pool', () => {
  it('is silent when swarm is inactive, and for an active swarm on a host without 10/8 routes', () => {
    expect(DD209.check(withRoutes(healthy, ['10.1.0.0/16 via 192.0.2.1 dev eth0']), context('20.10.24'))).toEqual([]);
    expect(DD209.check(swarm, context('20.10.24'))).toEqual([]);
  });

  it('reports the default 10.0.0.0/8 pool against a corporate route and a reserved range', () => {
    const [finding] = DD209.check(withRoutes(swarm, ['10.1.0.0/16 via 192.0.2.1 dev eth0']), context('20.10.24', { reserved: [{ cidr: '10.0.0.0/24', name: 'vpc' }] }));
    expect(finding?.subject).toBe('swarm-pool:10.0.0.0/8');
    expect(finding?.evidence?.['clashes']).toEqual([
      { kind: 'route', prefix: '10.1.0.0/16', text: 'route 10.1.0.0/16 via 192.0.2.1 dev eth0 scope global' },
      { kind: 'reserved', prefix: '10.0.0.0/24', text: 'reserved range vpc (10.0.0.0/24)' },
    ]);
  });

  it("uses the swarm's own default-addr-pool", () => {
    const custom = withEngine(swarm, (engine) => ({ ...engine, swarm: { state: 'active', defaultAddrPool: ['10.201.0.0/16'], subnetSize: 24 } }));
    expect(DD209.check(withRoutes(custom, ['10.1.0.0/16 via 192.0.2.1 dev eth0']), context('20.10.24'))).toEqual([]);
  });
});

describe('DD209 fix', () => {
  it('proposes a free range of the pool size for --default-addr-pool, steering around the host routes and reserved ranges', () => {
    const [finding] = DD209.check(withRoutes(swarm, ['10.0.0.0/16 via 192.0.2.1 dev eth0']), context('20.10.24', { reserved: [{ cidr: '10.1.0.0/16', name: 'vpn' }] }));
    // No free /8 (10/8 is hit, the other private ranges are smaller): the first free /16 instead.
    expect(finding?.evidence?.['suggested']).toBe('10.2.0.0/16');
    expect(finding?.fix.text).toContain('`docker swarm init --default-addr-pool 10.2.0.0/16 --default-addr-pool-mask-length 24`');
  });
});
