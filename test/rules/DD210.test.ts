import { describe, expect, it } from 'vitest';
import DD210 from '../../rules/DD210.js';
import type { Snapshot, SwarmFact, SwarmService } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { context, healthy } from '../pools/snapshots.js';

const manager = hostFixture('swarm-manager-capacity');
const swarmOf = (snapshot: Snapshot): SwarmFact => snapshot.facts.swarm as SwarmFact;
const withSwarm = (change: (swarm: SwarmFact) => SwarmFact): Snapshot => ({ ...manager, facts: { ...manager.facts, swarm: change(swarmOf(manager)) } });

describe('DD210 overlay capacity on a swarm manager (real capture: 20 replicas on a /28, two nodes)', () => {
  it('errs with the count of tasks the engine left pending (13 of web in state New)', () => {
    const [finding, ...rest] = DD210.check(manager, context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ subject: 'network:dd-overlay', severity: 'error' });
    expect(finding!.message).toBe(
      'Overlay network dd-overlay (10.77.0.0/28) has 13 addresses for tasks, but its services need 26: dd-web 2 tasks + 1 virtual IP, web 20 tasks + 1 virtual IP, 2 load-balancer addresses (one on each of the 2 nodes running its tasks). 13 tasks get no address and stay pending ("could not find an available IP" in the manager\'s log). A rolling update holds 2 more addresses (update_config parallelism, twice that with order start-first): 28 at the peak. A /26 holds the peak within 80%. Now 13 of their tasks wait without an address (state New).',
    );
    expect(finding!.evidence).toMatchObject({ usable: 13, pendingTasks: 13, waitingNow: 13, fitsIn: '/26' });
    expect(finding!.fix.text).toBe(
      "An overlay's subnet cannot change in place: create a /26 (`docker network create --driver overlay --subnet <a free /26> NAME`) and move the services to it (`docker service update --network-add NAME --network-rm dd-overlay SERVICE`), or scale down.",
    );
  });

  it('warns when web fits (7 tasks) but a rolling update passes 80% of the 13 addresses, and is silent at 1 (9 at the peak)', () => {
    const scaled = (replicas: number) => withSwarm((swarm) => ({ ...swarm, services: (swarm.services as SwarmService[]).map((s) => (s.name === 'web' ? { ...s, replicas } : s)), tasks: [] }));
    expect(DD210.check(scaled(7), context('20.10.24'))[0]?.severity).toBe('warning');
    expect(DD210.check(scaled(1), context('20.10.24'))).toEqual([]);
  });

  it('counts a replicated job by the tasks it runs at once (MaxConcurrent, at most TotalCompletions), with no update headroom; a global job one per node', () => {
    const asJob = (job: SwarmService['job'], mode = 'replicated-job') =>
      withSwarm((swarm) => ({ ...swarm, services: (swarm.services as SwarmService[]).map((s) => (s.name === 'web' ? { ...s, mode, replicas: null, ...(job ? { job } : {}) } : s)), tasks: [] }));
    // dd-web 2 + 1 VIP, web 3 at once + 1 VIP, 2 load-balancer addresses: 9 of 13; the peak adds dd-web's 1 only.
    const three = DD210.check(asJob({ maxConcurrent: 3, totalCompletions: 100 }), context('20.10.24'));
    expect(three).toEqual([]);
    const [nine] = DD210.check(asJob({ maxConcurrent: 50, totalCompletions: 9 }), context('20.10.24'));
    expect(nine!.evidence).toMatchObject({ tasks: 11, virtualIps: 2, loadBalancers: 2, steady: 15, headroom: 1, pendingTasks: 2 });
    expect(DD210.check(asJob(undefined, 'global-job'), context('20.10.24'))).toEqual([]);
    // An older snapshot has no job concurrency: the job is left out rather than guessed.
    expect(DD210.check(asJob(undefined), context('20.10.24'))).toEqual([]);
  });

  it('says on a worker that capacity was not judged there, and nothing on a host outside a swarm', () => {
    const worker = withSwarm((swarm) => ({ ...swarm, role: 'worker', services: { unavailable: 'This node is not a swarm manager.' } }));
    expect(DD210.check(worker, context('20.10.24'))).toMatchObject([{ severity: 'info', subject: 'swarm:services' }]);
    expect(DD210.check(healthy, context('20.10.24'))).toEqual([]);
  });

  it('needs the swarm fact on an active swarm node only (an older snapshot of one is reported under DD002)', () => {
    expect(DD210.needsOnHost?.(manager, '20.10.24')).toEqual(['swarm']);
    expect(DD210.needsOnHost?.(healthy, '20.10.24')).toEqual([]);
  });
});
