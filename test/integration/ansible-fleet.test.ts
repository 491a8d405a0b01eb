import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSnapshotOrBundle } from '../../src/bundle/load.js';
import { isInputProblem } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { dockdoc, REPO_ROOT } from '../helpers/cli.js';
import { describeIntegration, outputOrThrow, REQUIRE_INTEGRATION_ENV, startDockerd, type DockerdHandle } from '../support/dockerd.js';

const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';
const PLAYBOOK = path.join(REPO_ROOT, 'contrib/ansible/fleet-check.yml');
const BIN = path.join(REPO_ROOT, 'bin/dockdoc.js');
/** The shells the gather script must run under: dash (Debian's sh) and busybox sh. */
const DASH = '/usr/bin/dash';
const BUSYBOX = '/usr/bin/busybox';
/** Where a host's commands come from; the targets' PATH is these, less Node and Python. */
const SYSTEM_BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin'];
const NOT_ON_TARGETS = /^(node|nodejs|npm|npx|corepack|python.*|pydoc.*)$/;

function ansibleProblem(): string | null {
  const missing = [ANSIBLE_PLAYBOOK, DASH, BUSYBOX].filter((tool) => !existsSync(tool));
  if (missing.length === 0) return null;
  const why = `${missing.join(', ')} missing (apt-get install ansible-core dash busybox-static)`;
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${why}`);
  return why;
}

/** A bin directory holding every command of this machine except Node and Python, as on a host that has neither. */
function nodelessBin(dir: string): string {
  mkdirSync(dir);
  for (const systemDir of SYSTEM_BIN_DIRS) {
    if (!existsSync(systemDir)) continue;
    for (const name of readdirSync(systemDir)) {
      if (NOT_ON_TARGETS.test(name) || existsSync(path.join(dir, name))) continue;
      symlinkSync(path.join(systemDir, name), path.join(dir, name));
    }
  }
  return dir;
}

/**
 * contrib/ansible/fleet-check.yml against a four-host fleet on this machine, all with the local connection and an
 * unusable Python interpreter (the playbook must run nothing but sh on them), each host's shell with a PATH that has
 * no node: one host is a real dockerd 20.10 in its network namespace (gathered under dash), one a dockerd that was
 * killed (its engine is down; gathered under busybox sh, in its namespace), one has no engine at all, and one has no
 * shell the script can run with.
 */
describeIntegration('the Ansible fleet playbook', () => {
  const problem = ansibleProblem();
  let engine: DockerdHandle;
  let down: DockerdHandle;
  let work: string;
  let fleetDir: string;
  let targetPath: string;
  let run: { exitCode: number; stdout: string; stderr: string; ms: number };

  beforeAll(async () => {
    if (problem !== null) return;
    [engine, down] = await Promise.all([startDockerd(), startDockerd()]);
    const image = await engine.importBusybox();
    outputOrThrow(await engine.docker(['network', 'create', 'web']), 'docker network create web');
    outputOrThrow(
      await engine.docker(['run', '--detach', '--name', 'slb', '--network', 'web', '--publish', '8080:80', image, 'httpd', '-f', '-p', '80']),
      'docker run slb',
    );
    outputOrThrow(await down.docker(['network', 'create', 'app']), 'docker network create app');
    // Killed as a crash or the OOM killer would: its socket stays, and nothing answers on it.
    process.kill(down.pid, 'SIGKILL');

    work = mkdtempSync(path.join(tmpdir(), 'dockdoc-ansible-'));
    fleetDir = path.join(work, 'fleet');
    targetPath = nodelessBin(path.join(work, 'target-bin'));
    const shell = (dockerHost: string, netns: string | null, sh: string) =>
      `/usr/bin/env PATH=${targetPath} DOCKER_HOST=${dockerHost} ${netns ? `/usr/bin/nsenter --net=${netns} ` : ''}${sh}`;
    writeFileSync(
      path.join(work, 'inventory.ini'),
      [
        '[docker_hosts]',
        `engine-host dockdoc_script_shell="${shell(engine.dockerHost, engine.netnsPath, DASH)}"`,
        `down-host dockdoc_script_shell="${shell(down.dockerHost, down.netnsPath, `${BUSYBOX} sh`)}"`,
        `bare-host dockdoc_script_shell="${shell(`unix://${work}/absent.sock`, null, DASH)}"`,
        // A host the script cannot run on: no bundle, so no line in the report, but named by the playbook.
        `shell-less-host dockdoc_script_shell="${shell(`unix://${work}/absent.sock`, null, '/nonexistent/sh')}"`,
        '',
        '[docker_hosts:vars]',
        'ansible_connection=local',
        'ansible_python_interpreter=/nonexistent/python3',
        '',
      ].join('\n'),
    );
    const started = Date.now();
    const result = await execa(
      ANSIBLE_PLAYBOOK,
      [
        '-i',
        path.join(work, 'inventory.ini'),
        PLAYBOOK,
        '-e',
        `dockdoc_fleet_dir=${fleetDir}`,
        '-e',
        `dockdoc_central_command="${process.execPath} ${BIN}"`,
        '-e',
        'dockdoc_become=false',
      ],
      {
        reject: false,
        cwd: work,
        timeout: 300_000,
        env: {
          ANSIBLE_HOME: path.join(work, 'ansible-home'),
          ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible-tmp'),
          ANSIBLE_NOCOLOR: '1',
          ANSIBLE_RETRY_FILES_ENABLED: '0',
        },
      },
    );
    run = { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
    const report = path.join(fleetDir, 'summary.txt');
    console.info(`ansible-playbook over 4 hosts: ${run.ms} ms\n${existsSync(report) ? readFileSync(report, 'utf8') : run.stdout}`);
    // Two dockerd starts and the playbook (itself bounded at 300 s) on a machine that may be busy.
  }, 420_000);

  afterAll(async () => {
    await Promise.all([engine?.stop(), down?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(problem !== null)('gives the targets a PATH without node or python', async () => {
    const found = await execa('/usr/bin/env', [`PATH=${targetPath}`, DASH, '-c', 'for tool in node nodejs python3 iptables-save docker ip; do command -v $tool; done'], { reject: false });
    expect(found.stdout.split('\n').map((line) => path.basename(line))).toEqual(['iptables-save', 'docker', 'ip']);
  });

  it.skipIf(problem !== null)('stores a bundle from every host on the control node, each gathered where its engine is', async () => {
    // 2: Ansible's status when a host failed (shell-less-host); every other host was gathered.
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(2);
    expect(run.stdout).toMatch(/^shell-less-host +: ok=0 +changed=0 +unreachable=0 +failed=1 /m);
    expect(run.stdout).toContain('"msg": "not gathered (see the play recap): shell-less-host"');
    expect(readdirSync(fleetDir).sort()).toEqual(['bare-host.bundle', 'down-host.bundle', 'engine-host.bundle', 'summary.txt']);
    const load = async (host: string): Promise<Snapshot> => {
      const loaded = await loadSnapshotOrBundle(path.join(fleetDir, `${host}.bundle`));
      if (isInputProblem(loaded)) throw new Error(`${host}: ${loaded.message}`);
      return loaded;
    };
    const engineHost = await load('engine-host');
    const engineFacts = engineHost.facts.engine as Exclude<Snapshot['facts']['engine'], { unavailable: string }>;
    expect(engineFacts.version).toBe(engine.serverVersion);
    expect(engineFacts.networks.map((n) => n.name)).toEqual(['bridge', 'host', 'none', 'web']);
    // dockerd 20.10 lists a published port once per address family (the docker CLI's template, in either order).
    const byAddress = (a: { hostIp: string }, b: { hostIp: string }) => a.hostIp.localeCompare(b.hostIp);
    expect(engineFacts.containers.map((c) => [c.name, [...c.ports].sort(byAddress)])).toEqual([
      [
        'slb',
        [
          { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        ],
      ],
    ]);
    // Gathered inside the daemon's namespace: its DNAT rule for the published port is in the bundle.
    expect((engineHost.facts.iptables as { save: string }).save).toContain('--dport 8080 -j DNAT --to-destination');
    const downHost = await load('down-host');
    expect(downHost.facts.engine).toEqual({ unavailable: expect.stringContaining(`Cannot connect to the Docker daemon at ${down.dockerHost}`) });
    // The killed engine's rules outlive it.
    expect((downHost.facts.iptables as { save: string }).save).toContain(':DOCKER-ISOLATION-STAGE-1');
    const bareHost = await load('bare-host');
    expect(bareHost.facts.engine).toEqual({ unavailable: expect.stringContaining(`unix://${work}/absent.sock`) });
  });

  it.skipIf(problem !== null)('prints and writes one line per host from dockdoc fleet, the down engines saying so', async () => {
    const summary = readFileSync(path.join(fleetDir, 'summary.txt'), 'utf8');
    const hostLines = summary.split('\n').filter((line) => /^[✗!✓] /.test(line));
    expect(hostLines.map((line) => line.split(/\s+/)[1])).toEqual(['bare-host', 'down-host', 'engine-host']);
    expect(hostLines[0]).toMatch(/^! bare-host .* engine not reached: Docker engine at unix:\/\/\S+absent\.sock .*Cannot connect to the Docker daemon/);
    expect(hostLines[1]).toMatch(/^! down-host .* engine not reached: Docker engine at unix:\/\/\S+ .*Cannot connect to the Docker daemon/);
    expect(hostLines[2]).not.toContain('engine not reached');
    // The report the playbook printed is the one it wrote, and the one dockdoc fleet gives on the same bundles.
    for (const line of hostLines) expect(run.stdout).toContain(JSON.stringify(line));
    const again = await dockdoc(['fleet', fleetDir, '--format', 'json']);
    const fleet = JSON.parse(again.stdout) as { hosts: { name: string; engine: object; findings: { ruleId: string; subject: string }[] }[]; ignoredFiles: string[] };
    expect(fleet.ignoredFiles).toEqual(['summary.txt']);
    expect(fleet.hosts.map((host) => [host.name, 'version' in host.engine])).toEqual([
      ['bare-host', false],
      ['down-host', false],
      ['engine-host', true],
    ]);
    for (const host of fleet.hosts.slice(0, 2)) expect(host.findings).toContainEqual(expect.objectContaining({ ruleId: 'DD002', subject: 'fact:engine' }));
  });
});
