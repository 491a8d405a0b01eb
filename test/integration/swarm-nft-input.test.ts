import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/bundle/format.js';
import { snapshotFromBundle } from '../../src/bundle/load.js';
import { gatherScript } from '../../src/bundle/script.js';
import type { Finding } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { BUSYBOX_PATH } from '../support/availability.js';
import { describeIntegration, outputOrThrow, REQUIRE_INTEGRATION_ENV } from '../support/dockerd.js';
import { eventually } from '../support/eventually.js';
import { overlayConnects, startTwoNodeSwarm, WORKER_ADDR, type SwarmNode, type TwoNodeSwarm } from '../support/swarm.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
/**
 * A RHEL-style native INPUT (fixtures/nftables/input/swarm-reject.nft): an `inet filter` input chain that admits the
 * loopback, established traffic, ICMP and SSH, and rejects the rest. Added with `nft -f` beside dockerd's iptables-nft
 * tables, which it leaves alone (no `flush ruleset`).
 */
const NFT_INPUT = readFileSync(new URL('../../fixtures/nftables/input/swarm-reject.nft', import.meta.url), 'utf8');
const NFT = ['/usr/sbin/nft', '/sbin/nft'].find((candidate) => existsSync(candidate));
// Without nft the test is skipped with the reason, unless integration tests are required (then beforeAll fails).
const describeWithNft = NFT || process.env[REQUIRE_INTEGRATION_ENV] === '1' ? describeIntegration : describe.skip;
if (!NFT) console.warn('swarm vs a native nftables INPUT: nft is not installed (apt-get install nftables)');
/** Set to a directory to keep the snapshots taken here (how fixtures/hosts/swarm-manager-nft-input* were made). */
const CAPTURE_DIR = process.env['DOCKDOC_CAPTURE_SWARM'];

/**
 * The issue's breakage with a native nftables firewall: a two-node swarm, a native `inet filter` input chain ending in
 * reject loaded on the manager (iptables untouched), overlay traffic between the nodes' tasks stops; DD417 names the
 * ports and the worker's address and gives `nft insert rule` commands; those commands bring the traffic back and the
 * finding goes. The gather script (busybox sh) records the same input chains the live gatherer reads.
 */
describeWithNft('swarm vs a native nftables INPUT (two real dockerd 20.10 in a swarm)', () => {
  let swarm: TwoNodeSwarm;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-swarm-nft-'));
  const savedRules = path.join(scratch, 'sysconfig-iptables');

  const dockdoc = (node: SwarmNode, args: string[]) =>
    node.daemon.inNetns(process.execPath, [BIN, ...args, '--docker-host', node.daemon.dockerHost, '--daemon-config', node.daemon.paths.configFile, '--saved-rules', savedRules], {
      env: { NO_COLOR: '1' },
    });
  const findings = async (node: SwarmNode): Promise<Finding[]> => {
    const run = await dockdoc(node, ['check', '--format', 'json']);
    return (JSON.parse(run.stdout) as { findings: Finding[] }).findings.filter((f) => f.ruleId === 'DD417');
  };
  const snapshot = async (node: SwarmNode, name: string): Promise<Snapshot> => {
    const file = path.join(scratch, `${name}.json`);
    outputOrThrow(await dockdoc(node, ['snapshot', '-o', file]), `dockdoc snapshot ${name}`);
    if (CAPTURE_DIR) {
      mkdirSync(CAPTURE_DIR, { recursive: true });
      copyFileSync(file, path.join(CAPTURE_DIR, `${name}.json`));
    }
    return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  };
  const overlayBothWays = async (): Promise<[boolean, boolean]> => {
    const [onManager, onWorker] = await Promise.all([swarm.task(swarm.manager), swarm.task(swarm.worker)]);
    return Promise.all([overlayConnects(swarm.manager, onWorker.ip, onManager.container), overlayConnects(swarm.worker, onManager.ip, onWorker.container)]);
  };

  beforeAll(async () => {
    if (!NFT) throw new Error('nft is not installed (apt-get install nftables)');
    swarm = await startTwoNodeSwarm();
    console.log(`two-node swarm set up in ${swarm.setupMs} ms`);
    writeFileSync(savedRules, '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n');
  }, 180_000);
  afterAll(async () => {
    await swarm?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, 90_000);

  it('a native inet filter input chain ending in reject stops overlay traffic; DD417 names the ports, the worker and the nft commands that fix it', async () => {
    expect(await overlayBothWays()).toEqual([true, true]);
    expect(await findings(swarm.manager)).toEqual([]);

    const load = await swarm.manager.daemon.inNetns(NFT!, ['-f', '-'], { input: NFT_INPUT });
    expect(load.exitCode, load.stderr).toBe(0);
    expect(await overlayBothWays()).toEqual([false, false]);
    await snapshot(swarm.manager, 'manager-nft-input');

    const found = await findings(swarm.manager);
    expect(found.map((f) => [f.subject, f.severity, f.evidence['chain'], f.evidence['peers']])).toEqual([
      ['swarm-input:tcp/2377', 'error', 'inet filter input', [WORKER_ADDR]],
      ['swarm-input:tcp/7946', 'error', 'inet filter input', [WORKER_ADDR]],
      ['swarm-input:udp/4789', 'error', 'inet filter input', [WORKER_ADDR]],
      ['swarm-input:udp/7946', 'error', 'inet filter input', [WORKER_ADDR]],
    ]);
    const vxlan = found.find((f) => f.subject === 'swarm-input:udp/4789')!;
    expect(vxlan.message).toContain(`refuses udp/4789, overlay network traffic (VXLAN), from the swarm node ${WORKER_ADDR}: \`reject with icmpx admin-prohibited\` (handle`);
    expect(vxlan.fix.commands).toEqual([expect.stringMatching(new RegExp(`^nft insert rule inet filter input handle \\d+ ip saddr ${WORKER_ADDR.replaceAll('.', '\\.')} udp dport 4789 accept$`))]);
    // The worker's INPUT is untouched: nothing to report there.
    expect(await findings(swarm.worker)).toEqual([]);

    // The gather script records the chains the live gatherer reads.
    const script = await swarm.manager.daemon.inNetns(BUSYBOX_PATH, ['sh', '-c', gatherScript()], { env: { DOCKER_HOST: swarm.manager.daemon.dockerHost, PATH: process.env['PATH'] ?? '' }, timeoutMs: 120_000 });
    expect(script.exitCode, script.stderr).toBe(0);
    const bundle = parseBundle('manager.bundle', Buffer.from(script.stdout));
    if (!('records' in bundle)) throw new Error(`${bundle.line}:${bundle.column} ${bundle.message}`);
    const live = await snapshot(swarm.manager, 'manager-nft-input-again');
    expect((await snapshotFromBundle(bundle)).facts.nftInputChains).toEqual(live.facts.nftInputChains);

    // What dockdoc proposes, run as it is written.
    for (const finding of found) {
      for (const command of finding.fix.commands ?? []) {
        const [binary, ...args] = command.split(' ');
        expect(binary).toBe('nft');
        outputOrThrow(await swarm.manager.daemon.inNetns(NFT!, args), command);
      }
    }
    await eventually(async () => {
      expect(await overlayBothWays()).toEqual([true, true]);
    }, { timeoutMs: 60_000, intervalMs: 1_000 });
    expect(await findings(swarm.manager)).toEqual([]);
    await snapshot(swarm.manager, 'manager-nft-input-fixed');
  }, 240_000);
});
