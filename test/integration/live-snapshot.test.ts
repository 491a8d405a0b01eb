import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { describeIntegration, outputOrThrow, startDockerd, type DockerdHandle } from '../support/dockerd.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));

describeIntegration('live snapshot of a real dockerd 20.10 in a network namespace', () => {
  let daemon: DockerdHandle;
  let snapshot: Snapshot;
  let networkId: string;
  let containerIp: string;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-live-'));
  const snapshotFile = path.join(scratch, 'host.json');

  /** dockdoc run inside the daemon's namespace, as `ip netns exec NS dockdoc ...` would. */
  const dockdocInNetns = (args: string[]) =>
    daemon.inNetns(process.execPath, [BIN, ...args, '--docker-host', daemon.dockerHost, '--daemon-config', daemon.paths.configFile], {
      env: { NO_COLOR: '1' },
    });

  beforeAll(async () => {
    daemon = await startDockerd({ daemonConfig: { 'live-restore': true }, ipForward: '0' });
    const image = await daemon.importBusybox();
    networkId = outputOrThrow(await daemon.docker(['network', 'create', 'web']), 'network create').trim();
    outputOrThrow(await daemon.docker(['run', '-d', '--name', 'site', '--network', 'web', '-p', '8080:80', image, 'httpd', '-f', '-p', '80']), 'run');
    containerIp = outputOrThrow(await daemon.docker(['inspect', '-f', '{{.NetworkSettings.Networks.web.IPAddress}}', 'site']), 'inspect').trim();
    const taken = await dockdocInNetns(['snapshot', '-o', snapshotFile]);
    expect(taken.exitCode, taken.stderr).toBe(0);
    snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8')) as Snapshot;
  }, 180_000);

  it('holds the engine, its networks with bridge names, and the container with its published port', () => {
    const engine = snapshot.facts.engine;
    if ('unavailable' in engine) throw new Error(engine.unavailable);
    expect(engine.version).toBe(daemon.serverVersion);
    expect(engine.liveRestore).toBe(true);
    const byName = Object.fromEntries(engine.networks.map((n) => [n.name, n]));
    expect(Object.keys(byName).sort()).toEqual(['bridge', 'host', 'none', 'web']);
    // The list API of 20.10 leaves the default bridge's gateway empty (`docker network inspect` shows it).
    expect(byName['bridge']).toMatchObject({ bridge: 'docker0', subnets: [{ subnet: '172.17.0.0/16', gateway: null }] });
    expect(byName['web']).toMatchObject({ id: networkId, bridge: `br-${networkId.slice(0, 12)}`, subnets: [{ subnet: '172.18.0.0/16', gateway: '172.18.0.1' }] });
    const site = engine.containers.find((c) => c.name === 'site');
    expect(site?.endpoints).toEqual([{ network: 'web', networkId, ipv4: containerIp, ipv6: null }]);
    expect(site?.ports).toContainEqual({ hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' });
  });

  it("holds the namespace's live rules from dockerd's own iptables backend", () => {
    const iptables = snapshot.facts.iptables;
    if ('unavailable' in iptables) throw new Error(iptables.unavailable);
    expect(iptables.backend).toBe('nf_tables');
    const bridge = `br-${networkId.slice(0, 12)}`;
    expect(iptables.save).toContain(':DOCKER-USER - [0:0]');
    expect(iptables.save).toContain(`-A DOCKER ! -i ${bridge} -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${containerIp}:80`);
    expect(iptables.save).toContain(`-A POSTROUTING -s 172.18.0.0/16 ! -o ${bridge} -j MASQUERADE`);
    // dockerd switched ip_forward from 0 to 1 itself, so it set the FORWARD policy to DROP (corpus step 01).
    expect(iptables.save).toContain(':FORWARD DROP');
  });

  it("holds the namespace's routes, addresses and sysctls", () => {
    const bridge = `br-${networkId.slice(0, 12)}`;
    expect(snapshot.facts.routes).toContainEqual({
      family: 4, dst: '172.18.0.0/16', dev: bridge, gateway: null, scope: 'link', table: 'main', type: 'unicast', protocol: 'kernel',
    });
    const addresses = snapshot.facts.addresses;
    if ('unavailable' in addresses) throw new Error(addresses.unavailable);
    expect(addresses.find((i) => i.name === 'docker0')?.addresses).toContainEqual({ family: 4, address: '172.17.0.1', prefixLength: 16 });
    expect(snapshot.facts.sysctls).toMatchObject({ values: { 'net.ipv4.ip_forward': '1' } });
    expect(snapshot.facts.daemonConfig).toEqual({ path: daemon.paths.configFile, present: true, text: readFileSync(daemon.paths.configFile, 'utf8') });
  });

  it('gives exactly the same findings offline as the live run', async () => {
    const live = await dockdocInNetns(['check', '--format', 'json']);
    const offline = await dockdocInNetns(['check', '--snapshot', snapshotFile, '--format', 'json']);
    expect(live.exitCode).toBe(offline.exitCode);
    expect(JSON.parse(offline.stdout).findings).toEqual(JSON.parse(live.stdout).findings);
    expect(JSON.parse(offline.stdout).skipped).toEqual(JSON.parse(live.stdout).skipped);
  });
});
