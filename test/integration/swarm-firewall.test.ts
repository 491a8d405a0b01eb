import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { BUSYBOX_PATH, commandPath } from '../support/availability.js';
import { describeIntegration, outputOrThrow } from '../support/dockerd.js';
import { eventually } from '../support/eventually.js';
import { simulateIptablesServiceRestart } from '../support/iptables-service-restart.js';
import { overlayConnects, startTwoNodeSwarm, WORKER_ADDR, MANAGER_ADDR, type SwarmNode, type TwoNodeSwarm } from '../support/swarm.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
/** The stock RHEL /etc/sysconfig/iptables with the seed's own grant (fixtures/iptables/README.md): INPUT ends in REJECT. */
const RHEL_FILE = readFileSync(new URL('../../fixtures/iptables/cases/01-rhel-default-sysconfig.rules', import.meta.url), 'utf8');
const PUBLISHED_PORT = 8080;
/** Set to a directory to keep the snapshots taken here (how fixtures/hosts/swarm-* were made). */
const CAPTURE_DIR = process.env['DOCKDOC_CAPTURE_SWARM'];

/**
 * The breakage, for real: a two-node swarm, the stock RHEL INPUT chain restored on the manager (as
 * `systemctl restart iptables` on RHEL 8 does), overlay traffic between the nodes' tasks stops; dockdoc names the
 * ports and the worker's address; the rules it proposes, added live and to the saved file, bring the traffic back and
 * the finding goes. Then a full flush (RHEL 7's iptables-services) takes the routing mesh's DOCKER-INGRESS chains with
 * Docker's own.
 */
describeIntegration('swarm vs the host firewall (two real dockerd 20.10 in a swarm)', () => {
  let swarm: TwoNodeSwarm;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-swarm-'));
  /** The manager's /etc/sysconfig/iptables; the worker's stays empty of INPUT rules. */
  const savedRules = path.join(scratch, 'sysconfig-iptables');
  const workerSavedRules = path.join(scratch, 'worker-sysconfig-iptables');
  const EMPTY_FILTER = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';
  const testStarted = Date.now();

  const dockdoc = (node: SwarmNode, args: string[]) =>
    node.daemon.inNetns(process.execPath, [BIN, ...args, '--docker-host', node.daemon.dockerHost, '--daemon-config', node.daemon.paths.configFile, '--saved-rules', node === swarm.manager ? savedRules : workerSavedRules], {
      env: { NO_COLOR: '1' },
    });
  const findings = async (node: SwarmNode, ruleId?: string): Promise<Finding[]> => {
    const run = await dockdoc(node, ['check', '--format', 'json']);
    const all = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
    return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
  };
  const capture = async (node: SwarmNode, name: string) => {
    if (!CAPTURE_DIR) return;
    const file = path.join(scratch, `${name}.json`);
    outputOrThrow(await dockdoc(node, ['snapshot', '-o', file]), `dockdoc snapshot ${name}`);
    mkdirSync(CAPTURE_DIR, { recursive: true });
    copyFileSync(file, path.join(CAPTURE_DIR, `${name}.json`));
    copyFileSync(node === swarm.manager ? savedRules : workerSavedRules, path.join(CAPTURE_DIR, `${name}.sysconfig-iptables`));
  };
  let meshBefore = false;
  /** A connection from the worker's namespace to the published port on the manager's address: the routing mesh. */
  const meshAnswers = async () =>
    (await swarm.worker.daemon.inNetns(BUSYBOX_PATH, ['sh', '-c', `echo 'GET / HTTP/1.0' | nc -w 3 ${MANAGER_ADDR} ${PUBLISHED_PORT}`], { timeoutMs: 15_000 })).stdout.includes('200 OK');
  const tasks = () => Promise.all([swarm.task(swarm.manager), swarm.task(swarm.worker)]);
  /** A TCP connection each way between the two tasks, over the overlay. */
  const overlayBothWays = async (): Promise<[boolean, boolean]> => {
    const [onManager, onWorker] = await tasks();
    return Promise.all([overlayConnects(swarm.manager, onWorker.ip, onManager.container), overlayConnects(swarm.worker, onManager.ip, onWorker.container)]);
  };

  beforeAll(async () => {
    swarm = await startTwoNodeSwarm({ publishedPort: PUBLISHED_PORT });
    console.log(`two-node swarm set up in ${swarm.setupMs} ms`);
    writeFileSync(savedRules, EMPTY_FILTER);
    writeFileSync(workerSavedRules, EMPTY_FILTER);
  }, 180_000);
  afterAll(async () => {
    await swarm?.stop();
    rmSync(scratch, { recursive: true, force: true });
    console.log(`swarm firewall test took ${Date.now() - testStarted} ms`);
  }, 90_000);

  it('a healthy swarm: overlay traffic both ways, no DD417 on either node; DD418 exactly when the routing mesh does not answer', async () => {
    expect(await overlayBothWays()).toEqual([true, true]);
    for (const node of [swarm.manager, swarm.worker]) expect(await findings(node, 'DD417')).toEqual([]);
    meshBefore = await meshAnswers();
    const mesh = await findings(swarm.manager, 'DD418');
    if (meshBefore) expect(mesh).toEqual([]);
    else {
      // This kernel has no IPVS (dockerd logs errors reading net.ipv4.vs.*): dockerd never sets the mesh up.
      console.log('routing mesh: no answer on a healthy swarm (no IPVS in this kernel); DD418 must say it was never set up');
      expect(mesh.map((f) => [f.severity, f.evidence['cause']])).toEqual([['warning', 'never set up']]);
    }
    await capture(swarm.manager, 'manager-healthy');
    await capture(swarm.worker, 'worker-healthy');
  }, 120_000);

  it("the stock RHEL INPUT chain on the manager stops overlay traffic; DD417 names 4789/udp, 7946 and 2377 and the worker's address", async () => {
    writeFileSync(savedRules, RHEL_FILE);
    const restart = await simulateIptablesServiceRestart(swarm.manager.daemon, 'el8', RHEL_FILE);
    expect(restart.restore.exitCode, restart.restore.stderr).toBe(0);
    expect(await overlayBothWays()).toEqual([false, false]);
    await capture(swarm.manager, 'manager-rhel-input');
    const found = await findings(swarm.manager, 'DD417');
    const rejectLine = RHEL_FILE.split('\n').indexOf('-A INPUT -j REJECT --reject-with icmp-host-prohibited') + 1;
    expect(found.map((f) => [f.subject, f.location, f.evidence['peers']])).toEqual([
      ['swarm-input:tcp/2377', { file: savedRules, line: rejectLine }, [WORKER_ADDR]],
      ['swarm-input:tcp/7946', { file: savedRules, line: rejectLine }, [WORKER_ADDR]],
      ['swarm-input:udp/4789', { file: savedRules, line: rejectLine }, [WORKER_ADDR]],
      ['swarm-input:udp/7946', { file: savedRules, line: rejectLine }, [WORKER_ADDR]],
    ]);
    const vxlan = found.find((f) => f.subject === 'swarm-input:udp/4789')!;
    expect(vxlan.message).toContain(`refuses udp/4789, overlay network traffic (VXLAN), from the swarm node ${WORKER_ADDR}`);
    expect(vxlan.fix.commands).toEqual([`iptables -I INPUT 6 -s ${WORKER_ADDR}/32 -p udp -m udp --dport 4789 -j ACCEPT`]);
    // The worker's own INPUT is untouched: it has nothing to report.
    expect(await findings(swarm.worker, 'DD417')).toEqual([]);

    // What dockdoc proposes: its commands live, its rules into the saved file before the REJECT line.
    for (const finding of found) {
      for (const command of finding.fix.commands ?? []) {
        const [binary, ...args] = command.split(' ');
        expect(binary).toBe('iptables');
        outputOrThrow(await swarm.manager.daemon.inNetns(commandPath('iptables'), args), command);
      }
    }
    const lines = RHEL_FILE.split('\n');
    lines.splice(rejectLine - 1, 0, ...found.flatMap((f) => f.evidence['rules'] as string[]));
    writeFileSync(savedRules, lines.join('\n'));
    await eventually(async () => {
      expect(await overlayBothWays()).toEqual([true, true]);
    }, { timeoutMs: 60_000, intervalMs: 1_000 });
    expect(await findings(swarm.manager, 'DD417')).toEqual([]);
    await capture(swarm.manager, 'manager-rhel-input-fixed');
  }, 180_000);

  it('a full flush (RHEL 7 iptables-services) takes the routing mesh: DD418 names DOCKER-INGRESS as flushed', async () => {
    const restart = await simulateIptablesServiceRestart(swarm.manager.daemon, 'el7', readFileSync(savedRules, 'utf8'));
    expect(restart.restore.exitCode, restart.restore.stderr).toBe(0);
    await capture(swarm.manager, 'manager-el7-wipe');
    const found = await findings(swarm.manager, 'DD418');
    expect(found.map((f) => [f.severity, f.evidence['cause']])).toEqual([['error', 'flushed: nat, filter']]);
    expect(found[0]!.evidence['missing']).toEqual([
      'the nat chain DOCKER-INGRESS',
      'the filter chain DOCKER-INGRESS',
      'the jump `-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS`',
      'the jump `-t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS`',
      'the jump `-A FORWARD -j DOCKER-INGRESS`',
    ]);
    // The saved file admits the worker now: DD417 stays quiet although the firewall was restored.
    expect(await findings(swarm.manager, 'DD417')).toEqual([]);
    expect(await meshAnswers()).toBe(false);
  }, 120_000);
});
