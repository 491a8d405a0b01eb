import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseBundle } from '../../src/bundle/format.js';
import { snapshotFromBundle } from '../../src/bundle/load.js';
import { gatherScript } from '../../src/bundle/script.js';
import { gatherSwarm } from '../../src/gather/swarm.js';
import { BUSYBOX_PATH } from '../support/availability.js';
import { describeIntegration } from '../support/dockerd.js';
import { startTwoNodeSwarm, type SwarmNode, type TwoNodeSwarm } from '../support/swarm.js';

/**
 * The gather script's swarm answers (docker CLI templates) make the swarm fact the engine API's answers make, on a
 * real two-node swarm: on the manager (nodes, services, tasks, the cluster's pools) and on the worker (refused those,
 * with the engine's own reason).
 */
describeIntegration('the gather script on a real two-node swarm', () => {
  let swarm: TwoNodeSwarm;
  beforeAll(async () => {
    swarm = await startTwoNodeSwarm();
  }, 180_000);
  afterAll(() => swarm?.stop(), 90_000);

  async function bundleSwarm(node: SwarmNode) {
    const result = await node.daemon.inNetns(BUSYBOX_PATH, ['sh', '-c', gatherScript()], { env: { DOCKER_HOST: node.daemon.dockerHost, PATH: process.env['PATH'] ?? '' }, timeoutMs: 120_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    const bundle = parseBundle('swarm.bundle', Buffer.from(result.stdout));
    if (!('records' in bundle)) throw new Error(`${bundle.line}:${bundle.column} ${bundle.message}`);
    return (await snapshotFromBundle(bundle)).facts.swarm;
  }

  it('on the manager: the bundle gives the live swarm fact, its service and both nodes', async () => {
    const fromBundle = await bundleSwarm(swarm.manager);
    const live = await gatherSwarm(swarm.manager.daemon.dockerHost, 10_000);
    expect(fromBundle).toEqual(live);
    expect(live).toMatchObject({ localNodeState: 'active', role: 'manager', cluster: { subnetSize: 24, dataPathPort: 4789 } });
    expect((live as { services: { name: string }[] }).services.map((s) => s.name)).toEqual([swarm.service]);
    expect((live as { nodes: unknown[] }).nodes).toHaveLength(2);
  }, 180_000);

  it('on the worker: the same fact, with nodes, services and tasks refused by the engine', async () => {
    const fromBundle = await bundleSwarm(swarm.worker);
    const live = await gatherSwarm(swarm.worker.daemon.dockerHost, 10_000);
    expect(live).toMatchObject({ localNodeState: 'active', role: 'worker', services: { unavailable: expect.stringContaining('not a swarm manager') } });
    expect(fromBundle).toMatchObject({ localNodeState: 'active', role: 'worker', services: { unavailable: expect.stringContaining('not a swarm manager') } });
    // The reasons are each path's own words (the API's error, the CLI's exit status and stderr); the rest is equal.
    const withoutReasons = (fact: unknown) => JSON.parse(JSON.stringify(fact), (key, value) => (key === 'unavailable' ? 'refused' : value));
    expect(withoutReasons(fromBundle)).toEqual(withoutReasons(live));
  }, 180_000);
});
