import { afterAll, beforeAll, expect, it } from 'vitest';
import { gatherSwarm } from '../../src/gather/swarm.js';
import type { SwarmFact } from '../../src/snapshot/schema.js';
import { describeIntegration } from '../support/dockerd.js';
import { MANAGER_ADDR, overlayConnects, overlayPings, startTwoNodeSwarm, WORKER_ADDR, type TwoNodeSwarm } from '../support/swarm.js';

describeIntegration('two-node swarm harness', () => {
  let swarm: TwoNodeSwarm;
  beforeAll(async () => {
    swarm = await startTwoNodeSwarm();
    console.log(`two-node swarm set up in ${swarm.setupMs} ms`);
  }, 180_000);
  afterAll(() => swarm?.stop(), 90_000);

  it('has one task on each node and overlay traffic between them both ways', async () => {
    const [onManager, onWorker] = await Promise.all([swarm.task(swarm.manager), swarm.task(swarm.worker)]);
    expect(onManager.ip).not.toBe(onWorker.ip);
    expect(await overlayPings(swarm.manager, onWorker.ip, onManager.container)).toBe(true);
    expect(await overlayConnects(swarm.worker, onManager.ip, onWorker.container)).toBe(true);
    expect(await overlayConnects(swarm.manager, onWorker.ip, onManager.container)).toBe(true);
  }, 60_000);

  it('is one swarm: the worker knows the manager at its advertised address', async () => {
    const info = await swarm.worker.daemon.docker(['info', '--format', '{{json .Swarm.RemoteManagers}} {{.Swarm.NodeAddr}}']);
    expect(info.stdout.trim()).toBe(`[{"NodeID":"${swarm.manager.nodeId}","Addr":"${MANAGER_ADDR}:2377"}] ${WORKER_ADDR}`);
  });

  it('gathers the swarm facts from both real engines: role, addresses, cluster settings on the manager only, overlays with peers, services and tasks', async () => {
    const manager = (await gatherSwarm(swarm.manager.daemon.dockerHost, 10_000)) as SwarmFact;
    const worker = (await gatherSwarm(swarm.worker.daemon.dockerHost, 10_000)) as SwarmFact;
    expect(manager).toMatchObject({ localNodeState: 'active', role: 'manager', nodeId: swarm.manager.nodeId, nodeAddr: MANAGER_ADDR, error: '' });
    expect(manager.remoteManagers).toEqual([{ nodeId: swarm.manager.nodeId, addr: `${MANAGER_ADDR}:2377` }]);
    // swarmkit's defaults at v20.10.24: no pool given (the built-in 10.0.0.0/8), /24 subnets, VXLAN on 4789.
    expect(manager.cluster).toEqual({ defaultAddrPool: [], subnetSize: 24, dataPathPort: 4789 });
    // Both nodes run on this machine, so both have its hostname: the order between them is the engine's.
    expect(manager.nodes).toHaveLength(2);
    expect(manager.nodes).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: swarm.manager.nodeId, role: 'manager', state: 'ready', addr: MANAGER_ADDR, managerAddr: `${MANAGER_ADDR}:2377` }),
      expect.objectContaining({ id: swarm.worker.nodeId, role: 'worker', state: 'ready', addr: WORKER_ADDR, managerAddr: null }),
    ]));
    const overlay = manager.networks.find((n) => n.name === swarm.network.name)!;
    expect(overlay).toMatchObject({ driver: 'overlay', scope: 'swarm', ingress: false, attachable: true, encrypted: false, subnets: [{ subnet: swarm.network.subnet, gateway: '10.77.0.1' }] });
    expect(manager.networks.find((n) => n.ingress)).toMatchObject({ name: 'ingress', subnets: [{ subnet: '10.0.0.0/24', gateway: '10.0.0.1' }] });
    for (const fact of [manager, worker]) {
      const peers = (fact.networks.find((n) => n.name === swarm.network.name)!.peers as { ip: string }[]).map((p) => p.ip).sort();
      expect(peers).toEqual([MANAGER_ADDR, WORKER_ADDR]);
    }
    expect(manager.services).toEqual([expect.objectContaining({ name: swarm.service, mode: 'replicated', replicas: 2, endpointMode: 'vip', networks: [overlay.id] })]);
    expect((manager.tasks as { nodeId: string; state: string }[]).map((t) => [t.nodeId, t.state])).toEqual([[swarm.manager.nodeId, 'running']]);
    // A worker may not ask for the cluster, nodes, services or tasks: each is unavailable with the engine's reason.
    expect(worker).toMatchObject({ role: 'worker', nodeAddr: WORKER_ADDR, cluster: { unavailable: 'this node is a worker: only managers report the cluster settings' } });
    for (const fact of [worker.nodes, worker.services, worker.tasks]) expect(fact).toEqual({ unavailable: expect.stringContaining('HTTP 503: This node is not a swarm manager.') });
  });
});
