import { afterAll, beforeAll, expect, it } from 'vitest';
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
});
