import { describe, expect, it } from 'vitest';
import DD211 from '../../rules/DD211.js';
import DD212 from '../../rules/DD212.js';
import type { EngineFact, Snapshot, SwarmFact } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { context, healthy } from '../pools/snapshots.js';

/** Real capture: overlay idle and local bridge lan both on 10.88.0.0/24, a route 10.0.0.0/16 over the ingress subnet. */
const overlap = hostFixture('swarm-manager-overlap');
const capacity = hostFixture('swarm-manager-capacity');

describe('DD211 overlay and ingress subnets against the host', () => {
  it('names the ingress network under the host route, with a free range to re-create it on', () => {
    expect(DD211.check(overlap, context('20.10.24'))).toEqual([
      {
        subject: 'network:ingress',
        message:
          "The ingress network (10.0.0.0/24) overlaps route 10.0.0.0/16 via 192.0.2.254 dev swarm0. Swarm allocates overlay subnets with no host check (global scope), and a container attached to it reaches these addresses inside the overlay instead of on the host's network (every service publishing a port in ingress mode is attached to ingress).",
        evidence: {
          network: 'ingress',
          ingress: true,
          subnet: '10.0.0.0/24',
          clashes: [{ kind: 'route', prefix: '10.0.0.0/16', text: 'route 10.0.0.0/16 via 192.0.2.254 dev swarm0' }],
          suggested: '10.1.0.0/24',
        },
        fix: { text: 'Re-create the ingress network on a free range while no service publishes ports: `docker network rm ingress`, then `docker network create --driver overlay --ingress --subnet 10.1.0.0/24 ingress`.' },
      },
    ]);
  });

  it('is silent without the route (the capture before it was added), and off swarm', () => {
    expect(DD211.check(capacity, context('20.10.24'))).toEqual([]);
    expect(DD211.check(healthy, context('20.10.24'))).toEqual([]);
  });

  it('reads the overlays from the engine networks in a snapshot without the swarm fact', () => {
    const { swarm: _swarm, ...facts } = overlap.facts;
    expect(DD211.check({ ...overlap, facts } as Snapshot, context('20.10.24')).map((f) => f.subject)).toEqual(['network:ingress']);
  });
});

describe('DD212 local network on an overlay subnet', () => {
  it('names lan against the overlay idle, which the engine then refused to set up on this node', () => {
    expect(DD212.check(overlap, context('20.10.24'))).toMatchObject([
      {
        subject: 'network:lan',
        evidence: { local: 'lan', localSubnet: '10.88.0.0/24', overlay: 'idle', ingress: false, overlaySubnet: '10.88.0.0/24' },
      },
    ]);
  });

  it('is gone once lan is removed, and silent on the capture without it', () => {
    const engine = overlap.facts.engine as EngineFact;
    const withoutLan: Snapshot = { ...overlap, facts: { ...overlap.facts, engine: { ...engine, networks: engine.networks.filter((n) => n.name !== 'lan') } } };
    expect(DD212.check(withoutLan, context('20.10.24'))).toEqual([]);
    expect(DD212.check(capacity, context('20.10.24'))).toEqual([]);
    expect((overlap.facts.swarm as SwarmFact).networks.map((n) => n.name)).toContain('idle');
  });
});
