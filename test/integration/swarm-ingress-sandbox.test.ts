import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseBundle } from '../../src/bundle/format.js';
import { snapshotFromBundle } from '../../src/bundle/load.js';
import { gatherScript } from '../../src/bundle/script.js';
import type { Finding } from '../../src/engine/types.js';
import type { IngressSandboxFact, Snapshot } from '../../src/snapshot/schema.js';
import { BUSYBOX_PATH, commandPath } from '../support/availability.js';
import { run, type CommandResult } from '../support/command.js';
import { describeIntegration, outputOrThrow } from '../support/dockerd.js';
import { eventually } from '../support/eventually.js';
import { startTwoNodeSwarm, type TwoNodeSwarm } from '../support/swarm.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
const PUBLISHED_PORT = 8080;
/** Set to a directory to keep the snapshots taken here (how fixtures/hosts/swarm-manager-ingress-* were made). */
const CAPTURE_DIR = process.env['DOCKDOC_CAPTURE_SWARM'];

/**
 * The routing mesh's namespace on a real swarm manager (dockerd 20.10, publishing tcp/8080 in ingress mode). The
 * harness starts dockerd in a mount namespace of its own, where it bind-mounts its network namespaces, so dockdoc runs
 * in that mount namespace, as it would beside a dockerd in the host's. The harness gives dockerd `--exec-root` on its
 * command line; dockdoc learns it from a daemon.json of its own (dockerd refuses the key in both places).
 *
 * What the engine does here, which the test holds it to: the kernel has no IPVS, so dockerd creates ingress_sbox (its
 * addresses, the embedded DNS rules) but never reaches fwmarker: no mark is there to lose, and DD419 stays silent
 * (DD418 warns that the mesh was never set up). Removing the namespace is a real breakage dockerd does not notice; a
 * restart creates it again.
 */
describeIntegration('the ingress_sbox namespace on a real swarm manager (DD419)', () => {
  let swarm: TwoNodeSwarm;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-ingress-'));
  const dockdocConfig = path.join(scratch, 'daemon.json');

  const inDockerdNamespaces = (file: string, args: string[], timeoutMs = 60_000): Promise<CommandResult> =>
    run(commandPath('nsenter'), ['-t', String(swarm.manager.daemon.pid), '-m', '-n', file, ...args], {
      timeoutMs,
      env: { NO_COLOR: '1', DOCKER_HOST: swarm.manager.daemon.dockerHost, PATH: process.env['PATH'] ?? '' },
    });
  const sandboxPath = () => `${swarm.manager.daemon.paths.execRoot}/netns/ingress_sbox`;
  const dockdocArgs = (command: string[]) => [BIN, ...command, '--docker-host', swarm.manager.daemon.dockerHost, '--daemon-config', dockdocConfig];
  const check = async (): Promise<Finding[]> => {
    const result = await inDockerdNamespaces(process.execPath, dockdocArgs(['check', '--format', 'json']));
    return (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  };
  const snapshot = async (name: string): Promise<Snapshot> => {
    const file = path.join(scratch, `${name}.json`);
    outputOrThrow(await inDockerdNamespaces(process.execPath, dockdocArgs(['snapshot', '-o', file])), `dockdoc snapshot ${name}`);
    if (CAPTURE_DIR) {
      mkdirSync(CAPTURE_DIR, { recursive: true });
      writeFileSync(path.join(CAPTURE_DIR, `${name}.json`), readFileSync(file));
    }
    return JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  };
  const inSandbox = (args: string[]) => inDockerdNamespaces(commandPath('nsenter'), [`--net=${sandboxPath()}`, ...args]);

  beforeAll(async () => {
    swarm = await startTwoNodeSwarm({ publishedPort: PUBLISHED_PORT });
    writeFileSync(dockdocConfig, `${JSON.stringify({ 'exec-root': swarm.manager.daemon.paths.execRoot })}\n`);
  }, 180_000);
  afterAll(async () => {
    await swarm?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }, 90_000);

  it('gathers the namespace and its rules: dockerd made it, without marks on a kernel without IPVS; DD419 is silent', async () => {
    const fact = (await snapshot('swarm-manager-ingress-healthy')).facts.ingressSandbox as IngressSandboxFact;
    expect(fact).toMatchObject({ path: sandboxPath(), execRootSource: 'daemon.json', present: true });
    // The embedded DNS rules dockerd puts in every sandbox, and no mangle table: fwmarker never ran.
    expect(fact.save).toContain('-A DOCKER_OUTPUT -d 127.0.0.11/32 -p udp -m udp --dport 53 -j DNAT');
    expect(fact.save).not.toContain('*mangle');
    expect(swarm.manager.daemon.log()).toContain('Could not get ipvs family information from the kernel');
    const findings = await check();
    expect(findings.filter((f) => f.ruleId === 'DD419')).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'DD418').map((f) => [f.severity, f.evidence?.['cause']])).toEqual([['warning', 'never set up']]);
    // Flushing the marks' chain takes nothing here: still no finding.
    outputOrThrow(await inSandbox([commandPath('iptables'), '-t', 'mangle', '-F', 'PREROUTING']), 'iptables -t mangle -F PREROUTING in ingress_sbox');
    expect((await check()).filter((f) => f.ruleId === 'DD419')).toEqual([]);
  }, 120_000);

  it('the gather script records the same namespace and rules (bundle replay)', async () => {
    // The script finds the exec-root in /etc/docker/daemon.json: shown there in a mount namespace of the script's own.
    const etcDocker = path.join(scratch, 'etc-docker');
    mkdirSync(etcDocker, { recursive: true });
    writeFileSync(path.join(etcDocker, 'daemon.json'), readFileSync(dockdocConfig));
    const script = path.join(scratch, 'gather.sh');
    writeFileSync(script, gatherScript());
    const result = await inDockerdNamespaces(
      commandPath('unshare'),
      ['--mount', '--propagation', 'private', BUSYBOX_PATH, 'sh', '-c', 'mount --bind "$1" /etc/docker && exec "$2" sh "$3"', 'gather', etcDocker, BUSYBOX_PATH, script],
      120_000,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const bundle = parseBundle('manager.bundle', Buffer.from(result.stdout));
    if (!('records' in bundle)) throw new Error(`${bundle.line}:${bundle.column} ${bundle.message}`);
    const fromBundle = (await snapshotFromBundle(bundle)).facts.ingressSandbox as IngressSandboxFact;
    const live = (await snapshot('live')).facts.ingressSandbox as IngressSandboxFact;
    const withoutDates = (fact: IngressSandboxFact) => ({ ...fact, save: fact.save?.replace(/^# (Generated|Completed).*\n/gm, '') });
    expect(withoutDates(fromBundle)).toEqual(withoutDates(live));
    expect(live).toMatchObject({ present: true, execRootSource: 'daemon.json' });
  }, 180_000);

  it('the namespace removed: an error naming it and the published port; a dockerd restart brings it back and the finding goes', async () => {
    outputOrThrow(await inDockerdNamespaces(BUSYBOX_PATH, ['sh', '-c', `umount "$1" && rm "$1"`, 'remove', sandboxPath()]), 'umount and rm ingress_sbox');
    const broken = await snapshot('swarm-manager-ingress-removed');
    expect(broken.facts.ingressSandbox).toMatchObject({ present: false, save: null });
    const [finding, ...more] = (await check()).filter((f) => f.ruleId === 'DD419');
    expect(more).toEqual([]);
    expect(finding).toMatchObject({
      severity: 'error',
      subject: `netns:${sandboxPath()}`,
      evidence: { path: sandboxPath(), execRootSource: 'daemon.json', published: [{ protocol: 'tcp', port: PUBLISHED_PORT, services: [swarm.service], dnatOnHost: false }] },
      fix: { commands: ['systemctl restart docker'] },
    });
    // The fix: dockerd restarted (SIGTERM and start, as systemctl restart does) makes the namespace again.
    await swarm.manager.daemon.restart();
    await eventually(async () => {
      const fact = (await snapshot('after-restart')).facts.ingressSandbox as IngressSandboxFact;
      if (!fact.present) throw new Error('no ingress_sbox yet');
    }, { timeoutMs: 60_000, intervalMs: 1_000 });
    expect((await check()).filter((f) => f.ruleId === 'DD419')).toEqual([]);
  }, 240_000);
});
