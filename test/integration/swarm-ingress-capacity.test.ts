import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import type { Snapshot, SwarmFact } from '../../src/snapshot/schema.js';
import { describeIntegration, outputOrThrow } from '../support/dockerd.js';
import { eventually } from '../support/eventually.js';
import { startTwoNodeSwarm, type TwoNodeSwarm } from '../support/swarm.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
const COMPOSE = fileURLToPath(new URL('../../fixtures/compose/swarm-ingress-two-node/compose.yaml', import.meta.url));
const INGRESS = '10.0.0.0/28';
const REPLICAS = 20;
/** 16 addresses less network, broadcast and gateway (13), less a load-balancer address per node (2) and the VIP (1). */
const PREDICTED_PENDING = REPLICAS - (13 - 2 - 1);

/**
 * Ingress capacity on the real thing: the two-node swarm's ingress re-created as a /28, a service publishing a port in
 * ingress mode (and on no other network) scaled to 20. Each task takes an ingress address, the service a virtual IP,
 * each node one for its ingress sandbox: the engine leaves exactly the predicted tasks in state New, and check (DD210)
 * and lint of the same stack (DD309) say that count. A replicated job's concurrency is gathered as the engine stores it.
 */
describeIntegration('ingress capacity on a real two-node swarm (dockerd 20.10)', () => {
  let swarm: TwoNodeSwarm;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-ingress-capacity-'));
  const snapshotFile = path.join(scratch, 'manager.json');
  let states: Record<string, number> = {};
  const dockdoc = (args: string[]) => swarm.manager.daemon.inNetns(process.execPath, [BIN, ...args], { env: { NO_COLOR: '1' }, timeoutMs: 60_000 });

  beforeAll(async () => {
    swarm = await startTwoNodeSwarm();
    const manager = swarm.manager.daemon;
    outputOrThrow(await manager.docker(['network', 'rm', 'ingress'], { input: 'y\n' }), 'network rm ingress');
    // The manager removes the old ingress asynchronously: the name is free a moment later.
    await eventually(async () => outputOrThrow(await manager.docker(['network', 'create', '--driver', 'overlay', '--ingress', '--subnet', INGRESS, 'ingress']), 'network create ingress'), {
      timeoutMs: 30_000,
      intervalMs: 1_000,
    });
    const image = await manager.importBusybox();
    outputOrThrow(
      await manager.docker(['service', 'create', '--detach', '--no-resolve-image', '--name', 'dd_pub', '--publish', 'published=8080,target=80', '--replicas', String(REPLICAS), image, 'sleep', '100000']),
      'docker service create dd_pub',
    );
    outputOrThrow(
      await manager.docker(['service', 'create', '--detach', '--no-resolve-image', '--name', 'dd_job', '--mode', 'replicated-job', '--replicas', '6', '--max-concurrent', '2', image, 'true']),
      'docker service create dd_job',
    );
    let previous = '';
    await eventually(
      async () => {
        const lines = outputOrThrow(await manager.docker(['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}', 'dd_pub']), 'docker service ps').split('\n').filter(Boolean);
        states = {};
        for (const line of lines) states[line.split(' ')[0]!] = (states[line.split(' ')[0]!] ?? 0) + 1;
        const key = JSON.stringify(states);
        const settled = (states['Running'] ?? 0) + (states['New'] ?? 0) === REPLICAS && key === previous;
        previous = key;
        if (!settled) throw new Error(`tasks of dd_pub: ${key}`);
      },
      { timeoutMs: 120_000, intervalMs: 3_000 },
    );
    outputOrThrow(await dockdoc(['snapshot', '-o', snapshotFile, '--docker-host', manager.dockerHost, '--daemon-config', manager.paths.configFile]), 'dockdoc snapshot');
  }, 300_000);

  afterAll(async () => {
    await swarm?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, 90_000);

  it('leaves exactly the predicted tasks pending; check (DD210) and lint (DD309) name that count', async () => {
    console.log(`dd_pub on ingress ${INGRESS}: ${JSON.stringify(states)}`);
    expect(states['New'] ?? 0).toBe(PREDICTED_PENDING);
    expect(swarm.manager.daemon.log()).toContain('could not find an available IP');

    const checked = (JSON.parse((await dockdoc(['check', '--snapshot', snapshotFile, '--format', 'json'])).stdout) as { findings: Finding[] }).findings;
    const dd210 = checked.filter((f) => f.ruleId === 'DD210');
    expect(dd210.map((f) => [f.subject, f.severity])).toEqual([['network:ingress', 'error']]);
    expect(dd210[0]!.evidence).toMatchObject({ subnet: INGRESS, usable: 13, tasks: REPLICAS, virtualIps: 1, loadBalancers: 2, pendingTasks: PREDICTED_PENDING, waitingNow: PREDICTED_PENDING });

    const linted = (JSON.parse((await dockdoc(['lint', '--snapshot', snapshotFile, '--format', 'json', COMPOSE])).stdout) as { findings: Finding[] }).findings;
    const dd309 = linted.filter((f) => f.ruleId === 'DD309');
    expect(dd309.map((f) => f.subject)).toEqual(['network:ingress']);
    expect(dd309[0]!.evidence).toMatchObject({ subnet: INGRESS, usable: 13, nodes: 2, ingressKnown: true, others: [], pendingTasks: PREDICTED_PENDING });
  }, 120_000);

  it('gathers a replicated job\'s concurrency as the engine stores it', async () => {
    const snapshot = readFileSync(snapshotFile, 'utf8');
    const services = ((JSON.parse(snapshot) as Snapshot).facts.swarm as SwarmFact).services as { name: string; mode: string; job?: unknown }[];
    expect(services.find((s) => s.name === 'dd_job')).toMatchObject({ mode: 'replicated-job', replicas: null, job: { maxConcurrent: 2, totalCompletions: 6 } });
  });
});
