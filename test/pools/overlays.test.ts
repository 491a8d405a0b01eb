import { describe, expect, it } from 'vitest';
import { poolsView, predictNext } from '../../src/pools/model.js';
import { renderPoolsJson, renderPoolsText, type PoolsReport } from '../../src/pools/render.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';

function report(snapshot: Snapshot): PoolsReport {
  const view = poolsView(snapshot, '20.10.24', []);
  return { view, next: predictNext(view, 1, false), nextIfContinuing: null, engine: { unreachable: null, basis: { version: '20.10.24', source: 'engine', detail: 'the engine answered' } } };
}

describe('dockdoc pools: the swarm pools and overlay networks beside the local ones', () => {
  it('lists the overlays of a real swarm manager, ingress included, with their usable addresses (text)', () => {
    const text = renderPoolsText(report(hostFixture('swarm-manager-overlap')), 1);
    expect(text).toContain(
      [
        'Global (swarm) pools (swarm active):',
        '  10.0.0.0/8           /24 65536 subnets, 3 used',
        '',
        'Overlay networks (swarm scope; usable: addresses for tasks, virtual IPs and load balancers):',
        '  network              subnet                 usable',
        '  dd-overlay           10.77.0.0/28               13',
        '  idle                 10.88.0.0/24              253',
        '  ingress              10.0.0.0/24               253  routing mesh (ingress)',
      ].join('\n'),
    );
  });

  it('gives the same in JSON', () => {
    const json = JSON.parse(renderPoolsJson(report(hostFixture('swarm-manager-capacity')))) as Record<string, unknown>;
    expect(json['swarmState']).toBe('active');
    expect(json['overlays']).toEqual([
      { name: 'dd-overlay', ingress: false, subnets: ['10.77.0.0/28'], usable: 13 },
      { name: 'ingress', ingress: true, subnets: ['10.0.0.0/24'], usable: 253 },
    ]);
  });

  it('says the swarm pools wait for `docker swarm init` on a host outside a swarm, and lists no overlay', () => {
    const snapshot = hostFixture('healthy-20.10');
    const text = renderPoolsText(report(snapshot), 1);
    expect(text).toContain('Global (swarm) pools (swarm inactive: these apply once `docker swarm init` runs):');
    expect(text).not.toContain('Overlay networks');
    expect(JSON.parse(renderPoolsJson(report(snapshot)))).toMatchObject({ swarmState: 'inactive', overlays: [] });
  });
});
