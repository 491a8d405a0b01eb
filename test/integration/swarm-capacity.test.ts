import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { describeIntegration, outputOrThrow } from '../support/dockerd.js';
import { eventually } from '../support/eventually.js';
import { startTwoNodeSwarm, type TwoNodeSwarm } from '../support/swarm.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
const COMPOSE = fileURLToPath(new URL('../../fixtures/compose/swarm-two-node/compose.yaml', import.meta.url));
const SUBNET = '10.77.0.0/28';
const REPLICAS = 20;

/**
 * Issue 15's capacity test on the real thing: the two-node swarm's overlay made a /28, a second service scaled to 20
 * replicas on it. The engine leaves some tasks in state New without an address; dockdoc's check (DD210, from the
 * manager's snapshot) and lint of the same stack as a compose file (DD309 with that snapshot) must name that count.
 */
describeIntegration('overlay capacity on a real two-node swarm (dockerd 20.10)', () => {
  let swarm: TwoNodeSwarm;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-swarm-capacity-'));
  const snapshotFile = path.join(scratch, 'manager.json');
  let states: Record<string, number>;

  const dockdoc = (args: string[]) =>
    swarm.manager.daemon.inNetns(process.execPath, [BIN, ...args], { env: { NO_COLOR: '1' }, timeoutMs: 60_000 });

  beforeAll(async () => {
    swarm = await startTwoNodeSwarm({ subnet: SUBNET });
    const manager = swarm.manager.daemon;
    outputOrThrow(
      await manager.docker(['service', 'create', '--detach', '--no-resolve-image', '--name', 'web', '--network', swarm.network.name, '--replicas', String(REPLICAS), 'dockdoc/busybox:test', 'sleep', '100000']),
      'docker service create web',
    );
    // Settled: every task is either running or still waiting for an address, twice in a row with the same counts.
    let previous = '';
    await eventually(
      async () => {
        const lines = outputOrThrow(await manager.docker(['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}', 'web']), 'docker service ps').split('\n').filter(Boolean);
        states = {};
        for (const line of lines) {
          const state = line.split(' ')[0]!;
          states[state] = (states[state] ?? 0) + 1;
        }
        const key = JSON.stringify(states);
        const settled = (states['Running'] ?? 0) + (states['New'] ?? 0) === REPLICAS && key === previous;
        previous = key;
        if (!settled) throw new Error(`tasks of web: ${key}`);
      },
      { timeoutMs: 120_000, intervalMs: 3_000 },
    );
    const taken = await dockdoc(['snapshot', '-o', snapshotFile, '--docker-host', manager.dockerHost, '--daemon-config', manager.paths.configFile]);
    expect(taken.exitCode, taken.stderr).toBe(0);
  }, 300_000);

  afterAll(() => swarm?.stop(), 90_000);

  /** DOCKDOC_CAPTURE_DIR=fixtures/hosts/<dir>: keep the manager's snapshots as fixtures (how they were made). */
  const keep = (file: string, name: string): void => {
    const into = process.env['DOCKDOC_CAPTURE_DIR'];
    if (into) copyFileSync(file, path.join(into, name));
  };

  it('leaves exactly the tasks dockdoc predicted pending, with "could not find an available IP" in the manager log', async () => {
    const waiting = states['New'] ?? 0;
    console.log(`web on ${SUBNET}: ${JSON.stringify(states)}`);
    expect(waiting).toBeGreaterThan(0);
    expect(swarm.manager.daemon.log()).toContain('could not find an available IP');

    const checked = await dockdoc(['check', '--snapshot', snapshotFile, '--format', 'json']);
    const dd210 = (JSON.parse(checked.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'DD210');
    expect(dd210).toHaveLength(1);
    expect(dd210[0]).toMatchObject({ severity: 'error', subject: `network:${swarm.network.name}` });
    expect(dd210[0]!.evidence).toMatchObject({ usable: 13, loadBalancers: 2, virtualIps: 2, tasks: REPLICAS + 2, pendingTasks: waiting, waitingNow: waiting });

    const linted = await dockdoc(['lint', '--snapshot', snapshotFile, '--format', 'json', COMPOSE]);
    const dd309 = (JSON.parse(linted.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'DD309');
    expect(dd309).toHaveLength(1);
    expect(dd309[0]!.evidence).toMatchObject({ usable: 13, nodes: 2, pendingTasks: waiting });
    keep(snapshotFile, 'capacity.json');
  }, 120_000);

  it('refuses a local network on an overlay or ingress subnet set up on this node, as DD212 says; DD211 names ingress under a host route; both gone after the proposed fixes', async () => {
    const manager = swarm.manager.daemon;
    // ingress is set up on every node and the overlay has a task here: both sit in the node's local address space.
    for (const subnet of ['10.0.0.0/24', SUBNET]) {
      const refused = await manager.docker(['network', 'create', '--subnet', subnet, `local-${subnet.split('/')[0]}`]);
      expect(refused.stderr).toContain('Pool overlaps with other one on this address space');
    }
    // An overlay with no task on this node is not set up here yet: the local network is accepted, and the overlay's
    // first task on this node then fails.
    outputOrThrow(await manager.docker(['network', 'create', '--driver', 'overlay', '--subnet', '10.88.0.0/24', 'idle']), 'network create idle');
    outputOrThrow(await manager.docker(['network', 'create', '--subnet', '10.88.0.0/24', 'lan']), 'network create lan');
    outputOrThrow(await manager.inNetns('ip', ['route', 'add', '10.0.0.0/16', 'via', '192.0.2.254', 'dev', 'swarm0']), 'ip route add');
    const overlapFile = path.join(scratch, 'overlap.json');
    const taken = await dockdoc(['snapshot', '-o', overlapFile, '--docker-host', manager.dockerHost, '--daemon-config', manager.paths.configFile]);
    expect(taken.exitCode, taken.stderr).toBe(0);
    const checked = await dockdoc(['check', '--snapshot', overlapFile, '--format', 'json']);
    const findings = (JSON.parse(checked.stdout) as { findings: Finding[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'DD212').map((f) => f.evidence)).toEqual([
      { local: 'lan', localSubnet: '10.88.0.0/24', overlay: 'idle', ingress: false, overlaySubnet: '10.88.0.0/24' },
    ]);
    expect(findings.filter((f) => f.ruleId === 'DD211').map((f) => f.evidence['network'])).toEqual(['ingress']);
    keep(overlapFile, 'overlap.json');

    const service = ['service', 'create', '--detach', '--no-resolve-image', '--name', 'idle-web', '--network', 'idle', '--constraint', `node.id==${swarm.manager.nodeId}`, 'dockdoc/busybox:test', 'sleep', '100000'];
    outputOrThrow(await manager.docker(service), 'service create idle-web');
    const failed = await eventually(
      async () => {
        const errors = outputOrThrow(await manager.docker(['service', 'ps', '--no-trunc', '--format', '{{.Error}}', 'idle-web']), 'service ps').trim();
        if (!errors) throw new Error('no task error yet');
        return errors;
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    console.log(`idle-web beside lan: ${failed.split('\n')[0]}`);
    expect(failed).toContain('Pool overlaps with other one on this address space');

    // The fixes the findings propose: lan removed (DD212), ingress re-created on the range DD211 proposes.
    const suggested = findings.find((f) => f.ruleId === 'DD211')!.evidence['suggested'] as string;
    outputOrThrow(await manager.docker(['network', 'rm', 'lan']), 'network rm lan');
    outputOrThrow(await manager.docker(['network', 'rm', 'ingress'], { input: 'y\n' }), 'network rm ingress');
    // The manager removes the old ingress asynchronously: the name is free a moment later.
    await eventually(async () => outputOrThrow(await manager.docker(['network', 'create', '--driver', 'overlay', '--ingress', '--subnet', suggested, 'ingress']), 'network create ingress'), {
      timeoutMs: 30_000,
      intervalMs: 1_000,
    });
    await eventually(
      async () => {
        const running = outputOrThrow(await manager.docker(['service', 'ps', '--filter', 'desired-state=running', '--format', '{{.CurrentState}}', 'idle-web']), 'service ps');
        if (!running.startsWith('Running')) throw new Error(`idle-web: ${running}`);
      },
      { timeoutMs: 60_000, intervalMs: 1_000 },
    );
    const fixedFile = path.join(scratch, 'fixed.json');
    const retaken = await dockdoc(['snapshot', '-o', fixedFile, '--docker-host', manager.dockerHost, '--daemon-config', manager.paths.configFile]);
    expect(retaken.exitCode, retaken.stderr).toBe(0);
    const after = (JSON.parse((await dockdoc(['check', '--snapshot', fixedFile, '--format', 'json'])).stdout) as { findings: Finding[] }).findings;
    expect(after.filter((f) => f.ruleId === 'DD211' || f.ruleId === 'DD212')).toEqual([]);
  }, 200_000);
});
