import { describe, expect, it } from 'vitest';
import { hostFixture } from '../helpers/hosts.js';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD309 compose overlay capacity', () => {
  it('errs when the replicas cannot fit, warns when a rolling update would fill the subnet past 80%', async () => {
    expect(summary(await lintFixtures(['swarm-capacity']), 'DD309')).toEqual([
      'swarm-capacity/compose.yaml:31:3 error DD309 Overlay network shop_mesh (a /24 from the swarm\'s default address pool) has 253 addresses for tasks, but its services need 302: api 300 tasks + 1 virtual IP, 1 load-balancer address (1 node assumed; each further node with tasks takes one more). 49 tasks get no address and stay pending ("could not find an available IP" in the manager\'s log). A rolling update holds 4 more addresses (update_config parallelism, twice that with order start-first): 306 at the peak. A /23 holds the peak within 80%.',
      'swarm-capacity/compose.yaml:30:19 error DD309 Overlay network shop_small (10.77.0.0/28) has 13 addresses for tasks, but its services need 22: web 20 tasks + 1 virtual IP, 1 load-balancer address (1 node assumed; each further node with tasks takes one more). 9 tasks get no address and stay pending ("could not find an available IP" in the manager\'s log). A rolling update holds 1 more address (update_config parallelism, twice that with order start-first): 23 at the peak. A /27 holds the peak within 80%.',
      'swarm-capacity/compose.yaml:37:19 warning DD309 Overlay network shop_tight (10.78.0.0/28) has 13 addresses for tasks. Its services take 10: search 9 tasks, 1 load-balancer address (1 node assumed; each further node with tasks takes one more). A rolling update holds 2 more addresses (update_config parallelism, twice that with order start-first): 12 at the peak, over 80% of the 13. A /27 holds the peak within 80%.',
    ]);
  });

  it('follows interpolated replicas', async () => {
    const result = await lintFixtures(['swarm-capacity'], { environment: { SEARCH_REPLICAS: '2' } });
    expect(summary(result, 'DD309').filter((line) => line.includes('shop_tight'))).toEqual([]);
  });

  it('says nothing for 20 replicas on the default /24, global services, or bridge networks', async () => {
    expect(summary(await lintFixtures(['swarm-capacity-ok']), 'DD309')).toEqual([]);
  });
});

describe('DD309 the ingress network', () => {
  it('counts every task of a service publishing in ingress mode, its virtual IP and one address per node, on the /24 swarm creates ingress with (said as an assumption)', async () => {
    expect(summary(await lintFixtures(['swarm-ingress']), 'DD309')).toEqual([
      'swarm-ingress/compose.yaml:8:5 error DD309 Overlay network ingress (a /24 from the swarm\'s default address pool, 10.0.0.0/24 unless `docker swarm init --default-addr-pool` chose another: assumed, no live snapshot says) has 253 addresses for tasks, but its services need 255: web 240 tasks + 1 virtual IP, batch 12 tasks + 1 virtual IP, 1 load-balancer address (1 node assumed; every further node takes one more). 2 tasks get no address and stay pending ("could not find an available IP" in the manager\'s log). A rolling update holds 1 more address (update_config parallelism, twice that with order start-first): 256 at the peak. A /23 holds the peak within 80%.',
    ]);
  });

  it('leaves out host-mode ports, services without `deploy`, and projects not meant for a swarm', async () => {
    const result = await lintFixtures(['swarm-ingress']);
    const [finding] = result.report.findings.filter((f) => f.ruleId === 'DD309');
    expect(finding!.evidence).toMatchObject({ tasks: 252, virtualIps: 2, loadBalancers: 1, nodesKnown: false, ingressKnown: false, others: [] });
    // No overlay network and no swarm snapshot: `docker compose up`, which has no ingress network.
    expect(summary(await lintFixtures(['swarm-ingress-plain']), 'DD309')).toEqual([]);
    expect(summary(await lintFixtures(['swarm-capacity-ok']), 'DD309')).toEqual([]);
  });

  it('against a live swarm manager: its ingress subnet and node count, and its other services publishing there', async () => {
    const host = hostFixture('swarm-manager-ingress-healthy');
    const [finding, ...more] = (await lintFixtures(['swarm-ingress-plain'], { host })).report.findings.filter((f) => f.ruleId === 'DD309');
    expect(more).toEqual([]);
    expect(finding!.message).toBe(
      'Overlay network ingress (10.0.0.0/24) has 253 addresses for tasks, but its services need 256: api 250 tasks + 1 virtual IP, dd-web 2 tasks + 1 virtual IP, 2 load-balancer addresses (one on each of the swarm\'s 2 nodes). 3 tasks get no address and stay pending ("could not find an available IP" in the manager\'s log). A rolling update holds 2 more addresses (update_config parallelism, twice that with order start-first): 258 at the peak. A /23 holds the peak within 80%. Counted with the swarm\'s other services publishing in ingress mode: dd-web.',
    );
    expect(finding!.evidence).toMatchObject({ nodes: 2, nodesKnown: true, ingressKnown: true, others: ['dd-web'] });
  });
});
