import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BUSYBOX_PATH } from '../support/availability.js';
import {
  BUSYBOX_INDEX_HTML,
  describeIntegration,
  outputOrThrow,
  startDockerd,
  startDockerdExpectingFailure,
  type DockerdHandle,
} from '../support/dockerd.js';
import { run } from '../support/command.js';
import { eventually } from '../support/eventually.js';
import { hostFirewallRules } from '../support/host-firewall.js';
import { simulateIptablesServiceRestart } from '../support/iptables-service-restart.js';
import { NETNS_DIRECTORY, removeLeftoversOfDeadRuns, stateDirectory } from '../support/netns.js';
import { commandLine, isAlive } from '../support/processes.js';

/** Real captures (dockerd 20.10.24, iptables 1.8.9 nf_tables): fixtures/docker-rules/README.md. */
function corpus(name: string): string {
  return readFileSync(new URL(`../../fixtures/docker-rules/${name}`, import.meta.url), 'utf8');
}

async function subnetOf(daemon: DockerdHandle, network: string): Promise<string> {
  const inspect = await daemon.docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', network]);
  return outputOrThrow(inspect, `docker network inspect ${network}`).trim();
}

async function iptablesRules(daemon: DockerdHandle, table: 'filter' | 'nat'): Promise<string> {
  return outputOrThrow(await daemon.inNetns('iptables', ['-t', table, '-S']), `iptables -t ${table} -S`);
}

/** GET / on 127.0.0.1:<port> from inside the daemon's namespace, with the host's static busybox. */
async function fetchLoopback(daemon: DockerdHandle, port: number): Promise<string> {
  const url = `http://127.0.0.1:${port}/`;
  // No `wget -T`: Debian's static busybox 1.35 segfaults with it. run()'s own timeout bounds the wait.
  const response = await daemon.inNetns(BUSYBOX_PATH, ['wget', '-q', '-O', '-', url], { timeoutMs: 5_000 });
  return outputOrThrow(response, `wget ${url}`);
}

function runWebServer(daemon: DockerdHandle, image: string, name: string, publish: string) {
  return daemon.docker([
    'run', '--detach', '--name', name, '--restart', 'always', '--stop-timeout', '1',
    '--publish', publish, image, 'httpd', '-f', '-p', '80', '-h', '/www',
  ]);
}

describeIntegration('dockerd test harness', () => {
  let hostRulesBefore: string;
  let daemon: DockerdHandle;

  beforeAll(async () => {
    hostRulesBefore = await hostFirewallRules();
    daemon = await startDockerd({ ipForward: '0' });
  });

  it('starts dockerd 20.10 in its own namespace, with its own socket and containerd', () => {
    expect(daemon.serverVersion).toMatch(/^20\.10\./);
    expect(daemon.netns).toMatch(new RegExp(`^dd-${process.pid}-\\d+$`));
    expect(daemon.netnsPath).toBe(`${NETNS_DIRECTORY}/${daemon.netns}`);
    expect(existsSync(daemon.netnsPath)).toBe(true);
    expect(daemon.dockerHost).toBe(`unix://${daemon.socketPath}`);
    expect(readFileSync(daemon.paths.pidFile, 'utf8').trim()).toBe(String(daemon.pid));
    const containerd = daemon.containerdPid();
    expect(containerd).not.toBeNull();
    expect(commandLine(containerd ?? 0)).toContain(`--config ${daemon.paths.execRoot}/containerd/containerd.toml`);
  });

  it('installs exactly the rules of a fresh dockerd 20.10, inside its namespace', async () => {
    expect(await iptablesRules(daemon, 'filter')).toBe(corpus('01-fresh-default-daemon/iptables-S.txt'));
    expect(await iptablesRules(daemon, 'nat')).toBe(corpus('01-fresh-default-daemon/iptables-t-nat-S.txt'));
    // ipForward '0' was applied before start; dockerd then switched it on (which is why FORWARD is DROP).
    const forward = await daemon.inNetns(BUSYBOX_PATH, ['sysctl', '-n', 'net.ipv4.ip_forward']);
    expect(forward.stdout).toBe('1\n');
  });

  it('gives the first user-defined network 172.18.0.0/16', async () => {
    outputOrThrow(await daemon.docker(['network', 'create', 'n1']), 'docker network create n1');
    expect(await subnetOf(daemon, 'n1')).toBe('172.18.0.0/16');
  });

  it('serves a published port of a busybox container on the namespace loopback', async () => {
    const image = await daemon.importBusybox();
    expect(await daemon.importBusybox()).toBe(image);
    const images = await daemon.docker(['images', '--format', '{{.Repository}}:{{.Tag}}']);
    expect(images.stdout).toBe(`${image}\n`);
    outputOrThrow(await runWebServer(daemon, image, 'web', '8080:80'), 'docker run web');
    expect(await eventually(() => fetchLoopback(daemon, 8080))).toBe(BUSYBOX_INDEX_HTML);
    expect(await iptablesRules(daemon, 'nat')).toContain(
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n',
    );
  });

  it('returns a failing docker command instead of throwing', async () => {
    const missing = await daemon.docker(['network', 'inspect', 'no-such-network']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe('Error response from daemon: network no-such-network not found\n');
  });

  it('restarts dockerd on the same data-root', async () => {
    const before = daemon.pid;
    await daemon.restart();
    expect(daemon.pid).not.toBe(before);
    expect(isAlive(before)).toBe(false);
    expect(await subnetOf(daemon, 'n1')).toBe('172.18.0.0/16');
    // --restart always brings web back, with its published port.
    expect(await eventually(() => fetchLoopback(daemon, 8080))).toBe(BUSYBOX_INDEX_HTML);
  }, 90_000);

  it('simulates the EL7 iptables-services restart: Docker chains gone from filter and nat', async () => {
    const report = await simulateIptablesServiceRestart(daemon, 'el7', corpus('etc-sysconfig-iptables'));
    expect(report.tables).toEqual(['filter', 'nat']);
    expect(report.stopCommands.map(({ args }) => args.join(' '))).toEqual([
      '-t filter -P INPUT ACCEPT',
      '-t filter -P OUTPUT ACCEPT',
      '-t filter -P FORWARD ACCEPT',
      '-t nat -P PREROUTING ACCEPT',
      '-t nat -P POSTROUTING ACCEPT',
      '-t nat -P OUTPUT ACCEPT',
      '-t filter -F',
      '-t filter -X',
      '-t filter -Z',
      '-t nat -F',
      '-t nat -X',
      '-t nat -Z',
    ]);
    expect(report.stopCommands.map(({ result }) => result.exitCode)).toEqual(Array(12).fill(0));
    expect(report.restore.exitCode).toBe(0);
    expect(await iptablesRules(daemon, 'filter')).toBe(corpus('06-after-iptables-services-restart-el7-style/iptables-S.txt'));
    expect(await iptablesRules(daemon, 'nat')).toBe(corpus('06-after-iptables-services-restart-el7-style/iptables-t-nat-S.txt'));
  });

  it('simulates the EL8 restart after dockerd rebuilt its rules: only filter is replaced', async () => {
    await daemon.restart();
    expect(await iptablesRules(daemon, 'nat')).toContain('-N DOCKER\n');
    const report = await simulateIptablesServiceRestart(daemon, 'el8', corpus('etc-sysconfig-iptables'));
    // With the nf_tables backend /proc/net/ip_tables_names is empty, so stop() has nothing to do.
    expect(report.tables).toEqual([]);
    expect(report.stopCommands).toEqual([]);
    expect(report.restore.exitCode).toBe(0);
    expect(await iptablesRules(daemon, 'filter')).toBe(corpus('08-after-iptables-restore-only-el8-nft-style/iptables-S.txt'));
    const nat = await iptablesRules(daemon, 'nat');
    expect(nat).toContain('-N DOCKER\n');
    expect(nat).toContain('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n');
  }, 90_000);

  it('runs a second daemon at the same time, with its own containerd, resolv.conf and setup', async () => {
    const second = await startDockerd({
      resolvConf: 'nameserver 10.0.0.53\n',
      // A connected 172.17.9.0/24 before start moves docker0 to 172.18.0.0/16 (corpus pools/07b) ...
      setup: async (netns) => {
        // A veth pair, as in the corpus: not every kernel has the dummy driver.
        const add = await netns.run('ip', ['link', 'add', 'dummy0', 'type', 'veth', 'peer', 'name', 'dummy0-peer']);
        outputOrThrow(add, 'ip link add dummy0');
        outputOrThrow(await netns.run('ip', ['addr', 'add', '172.17.9.1/24', 'dev', 'dummy0']), 'ip addr add');
        outputOrThrow(await netns.run('ip', ['link', 'set', 'dummy0', 'up']), 'ip link set dummy0 up');
      },
    });
    expect(second.netns).not.toBe(daemon.netns);
    expect(second.containerdPid()).not.toBe(daemon.containerdPid());
    expect(commandLine(second.containerdPid() ?? 0)).toContain(second.paths.execRoot);
    expect(await subnetOf(second, 'bridge')).toBe('172.18.0.0/16');
    // ... and the first user network past both.
    outputOrThrow(await second.docker(['network', 'create', 'm1']), 'docker network create m1');
    expect(await subnetOf(second, 'm1')).toBe('172.19.0.0/16');
    const image = await second.importBusybox();
    const resolv = await second.docker(['run', '--rm', image, 'cat', '/etc/resolv.conf']);
    expect(resolv.stdout).toBe('nameserver 10.0.0.53\n');
    // The same host port in two namespaces: each daemon serves its own.
    outputOrThrow(await runWebServer(second, image, 'web', '8080:80'), 'docker run web on the second daemon');
    expect(await eventually(() => fetchLoopback(second, 8080))).toBe(BUSYBOX_INDEX_HTML);
    expect(await fetchLoopback(daemon, 8080)).toBe(BUSYBOX_INDEX_HTML);
    await second.stop();
    expect(existsSync(second.netnsPath)).toBe(false);
  }, 90_000);

  it('skips a subnet holding the nameserver of the resolvConf it was given', async () => {
    const withNameserver = await startDockerd({ resolvConf: 'nameserver 172.18.0.10\n' });
    outputOrThrow(await withNameserver.docker(['network', 'create', 'x']), 'docker network create x');
    expect(await subnetOf(withNameserver, 'x')).toBe('172.19.0.0/16');
    await withNameserver.stop();
  });

  it('reports how dockerd refuses an invalid bip', async () => {
    const refused = await startDockerdExpectingFailure({ daemonConfig: { bip: '172.17.0.1' } });
    expect(refused.exitCode).toBe(1);
    expect(refused.log).toContain(
      'failed to start daemon: Error initializing network controller: invalid CIDR address: 172.17.0.1\n',
    );
  });

  it('gives up on a daemon that was expected to fail but keeps running', async () => {
    await expect(startDockerdExpectingFailure({ exitTimeoutMs: 3_000 })).rejects.toThrow(
      /^dockerd in dd-\d+-\d+ did not exit within 3000 ms \(API answering\):/,
    );
  });

  it('writes a raw daemonConfig verbatim and passes extraArgs', async () => {
    const empty = await startDockerdExpectingFailure({ daemonConfig: '\n' });
    expect(empty.exitCode).toBe(1);
    expect(empty.log).toContain(`unable to configure the Docker daemon with file ${empty.configFile}: EOF\n`);
    const conflict = await startDockerdExpectingFailure({
      daemonConfig: { bip: '172.17.0.1/16' },
      extraArgs: ['--bip', '10.0.0.1/24'],
    });
    expect(conflict.exitCode).toBe(1);
    expect(conflict.log).toContain(
      `unable to configure the Docker daemon with file ${conflict.configFile}: the following directives are ` +
        'specified both as a flag and in the configuration file: bip: (from flag: 10.0.0.1/24, from file: 172.17.0.1/16)\n',
    );
    expect(existsSync(dirname(conflict.configFile))).toBe(false);
  });

  it('removes namespaces and state directories of dead runs only', async () => {
    const exited = spawnSync('true');
    const deadPid = exited.pid ?? 0;
    expect(isAlive(deadPid)).toBe(false);
    const deadName = `dd-${deadPid}-1`;
    outputOrThrow(await run('ip', ['netns', 'add', deadName]), `ip netns add ${deadName}`);
    mkdirSync(stateDirectory(deadName), { recursive: true });
    await removeLeftoversOfDeadRuns();
    expect(existsSync(`${NETNS_DIRECTORY}/${deadName}`)).toBe(false);
    expect(existsSync(stateDirectory(deadName))).toBe(false);
    expect(existsSync(daemon.netnsPath)).toBe(true);
  });

  it('stops everything it started, once, and leaves the host firewall alone', async () => {
    const pid = daemon.pid;
    const containerd = daemon.containerdPid() ?? 0;
    await Promise.all([daemon.stop(), daemon.stop()]);
    await daemon.stop();
    expect(isAlive(pid)).toBe(false);
    expect(isAlive(containerd)).toBe(false);
    expect(existsSync(daemon.netnsPath)).toBe(false);
    expect(existsSync(daemon.paths.dir)).toBe(false);
    expect(daemon.log()).toContain('Daemon has completed initialization');
    expect(await hostFirewallRules()).toBe(hostRulesBefore);
  }, 60_000);

  afterAll(async () => {
    // Also when a test above failed: the host's rules must be as they were.
    expect(await hostFirewallRules()).toBe(hostRulesBefore);
  });
});
