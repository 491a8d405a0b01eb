import { describe, expect, it } from 'vitest';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD304 compose subnet overlaps a network on the engine', () => {
  it('the seed case: the engine already gave 172.18.0.0/16 to another network (20.10 wording)', async () => {
    const result = await lintFixtures(['seed'], { host: hostFixture('healthy-20.10') });
    expect(summary(result, 'DD304')).toEqual([
      'seed/compose.yaml:14:19 error DD304 Subnet 172.18.0.0/16 of network shop_backend overlaps network mynet (172.18.0.0/16) that already exists on the engine: `up` will fail with "Error response from daemon: Pool overlaps with other one on this address space".',
    ]);
    expect(result.report.findings.find((f) => f.ruleId === 'DD304')!.evidence).toEqual({
      project: 'shop',
      network: 'shop_backend',
      subnet: '172.18.0.0/16',
      engineVersion: '20.10.24+dfsg1',
      overlaps: [{ network: 'mynet', subnet: '172.18.0.0/16', source: 'engine' }],
    });
  });

  it('checks docker0 from bip when only daemon.json is given', async () => {
    expect(summary(await lintFixtures(['seed', 'valid'], { daemonJson: '{"bip": "10.77.2.1/24"}' }), 'DD304')).toEqual([
      'valid/compose.yaml:25:19 error DD304 Subnet 10.77.2.0/24 of network ledger_back overlaps docker0 (10.77.2.0/24, from bip in daemon.json): `up` will fail with "Error response from daemon: invalid pool request: Pool overlaps with other one on this address space".',
    ]);
  });

  it('predicts docker0 in the first block of the pools when nothing is known about the host', async () => {
    const result = await lintFixtures(['seed'], { daemonJson: '{"default-address-pools": [{"base": "172.18.0.0/16", "size": 24}]}' });
    expect(summary(result, 'DD304')).toEqual([
      'seed/compose.yaml:14:19 error DD304 Subnet 172.18.0.0/16 of network shop_backend overlaps docker0 (172.18.0.0/24: dockerd gives docker0 the first free block of its pools when bip is unset): `up` will fail with "Error response from daemon: invalid pool request: Pool overlaps with other one on this address space".',
    ]);
  });

  it('does not flag the project against its own network, already deployed under the same name', async () => {
    const host = hostFixture('healthy-20.10');
    const engine = host.facts.engine as Exclude<typeof host.facts.engine, { unavailable: string }>;
    const deployed = { ...host, facts: { ...host.facts, engine: { ...engine, networks: engine.networks.map((n) => (n.name === 'mynet' ? { ...n, name: 'shop_backend' } : n)) } } };
    expect(summary(await lintFixtures(['seed'], { host: deployed }), 'DD304')).toEqual([]);
  });

  it('finds nothing when subnets avoid the engine networks', async () => {
    expect(summary(await lintFixtures(['valid', 'ipv6'], { host: withDaemonJson(hostFixture('healthy-20.10'), '{}\n') }), 'DD304')).toEqual([]);
  });
});

describe('DD304 on a swarm node (local and swarm networks share one address space there, as DD212 says)', () => {
  const swarmNode = hostFixture('swarm-manager-ingress-healthy');

  it('a compose bridge on the live ingress subnet, and a compose overlay on docker0\'s, each collide on the node', async () => {
    expect(summary(await lintFixtures(['swarm-node-space'], { host: swarmNode }), 'DD304')).toEqual([
      'swarm-node-space/compose.yaml:17:19 error DD304 Subnet 10.0.0.0/24 of network lan_back overlaps swarm network ingress (10.0.0.0/24) that already exists on the engine: `up` will fail with "Error response from daemon: Pool overlaps with other one on this address space". On a swarm node dockerd keeps overlay and ingress subnets in the same address space as local networks (the swarm manager\'s allocator does not see local ones, so it does not refuse them).',
      'swarm-node-space/compose.yaml:22:19 error DD304 Subnet 172.17.0.0/16 of network lan_mesh overlaps network bridge (172.17.0.0/16) that already exists on the engine: swarm creates the overlay, but its tasks on this node fail with "Error response from daemon: Pool overlaps with other one on this address space". On a swarm node dockerd keeps overlay and ingress subnets in the same address space as local networks (the swarm manager\'s allocator does not see local ones, so it does not refuse them).',
    ]);
  });

  it('keeps the two address spaces apart on a node outside a swarm', async () => {
    const engine = swarmNode.facts.engine as Exclude<typeof swarmNode.facts.engine, { unavailable: string }>;
    const left = { ...swarmNode, facts: { ...swarmNode.facts, engine: { ...engine, swarm: { ...engine.swarm, state: 'inactive' } } } };
    expect(summary(await lintFixtures(['swarm-node-space'], { host: left }), 'DD304')).toEqual([]);
  });
});
