import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { dockdoc, REPO_ROOT } from '../helpers/cli.js';
import { describeIntegration, outputOrThrow, REQUIRE_INTEGRATION_ENV, startDockerd, type DockerdHandle } from '../support/dockerd.js';

const ANSIBLE_PLAYBOOK = '/usr/bin/ansible-playbook';
const PLAYBOOK = path.join(REPO_ROOT, 'contrib/ansible/fleet-check.yml');
const BIN = path.join(REPO_ROOT, 'bin/dockdoc.js');

function ansibleProblem(): string | null {
  if (existsSync(ANSIBLE_PLAYBOOK)) return null;
  if (process.env[REQUIRE_INTEGRATION_ENV] === '1') throw new Error(`${REQUIRE_INTEGRATION_ENV}=1 but ${ANSIBLE_PLAYBOOK} is missing (apt-get install ansible-core)`);
  return `${ANSIBLE_PLAYBOOK} missing (apt-get install ansible-core)`;
}

/**
 * contrib/ansible/fleet-check.yml against a two-host fleet on this machine, both with the local connection: one host
 * is a real dockerd 20.10 in its network namespace (dockdoc runs there through nsenter), the other has no engine.
 */
describeIntegration('the Ansible fleet playbook', () => {
  const problem = ansibleProblem();
  let daemon: DockerdHandle;
  let work: string;
  let snapshots: string;
  let run: { exitCode: number; stdout: string; stderr: string };

  beforeAll(async () => {
    if (problem !== null) return;
    daemon = await startDockerd();
    const image = await daemon.importBusybox();
    outputOrThrow(await daemon.docker(['network', 'create', 'web']), 'docker network create web');
    outputOrThrow(
      await daemon.docker(['run', '--detach', '--name', 'slb', '--network', 'web', '--publish', '8080:80', image, 'httpd', '-f', '-p', '80']),
      'docker run slb',
    );
    work = mkdtempSync(path.join(tmpdir(), 'dockdoc-ansible-'));
    snapshots = path.join(work, 'snapshots');
    const emptyRoot = path.join(work, 'root');
    mkdirSync(emptyRoot);
    const dockdocHere = `${process.execPath} ${BIN}`;
    writeFileSync(
      path.join(work, 'inventory.ini'),
      [
        '[docker_hosts]',
        `engine-host ansible_connection=local dockdoc_command="nsenter --net=${daemon.netnsPath} ${dockdocHere}" dockdoc_snapshot_args="--root ${emptyRoot} --docker-host ${daemon.dockerHost}"`,
        `bare-host ansible_connection=local dockdoc_snapshot_args="--root ${emptyRoot} --docker-host unix://${work}/absent.sock"`,
        '',
        '[all:vars]',
        'ansible_python_interpreter=/usr/bin/python3',
        `dockdoc_command=${dockdocHere}`,
        `dockdoc_central_command=${dockdocHere}`,
        'dockdoc_become=false',
        '',
      ].join('\n'),
    );
    const result = await execa(ANSIBLE_PLAYBOOK, ['-i', path.join(work, 'inventory.ini'), PLAYBOOK, '-e', `dockdoc_snapshot_dir=${snapshots}`], {
      reject: false,
      cwd: work,
      timeout: 300_000,
      env: {
        ANSIBLE_HOME: path.join(work, 'ansible-home'),
        ANSIBLE_LOCAL_TEMP: path.join(work, 'ansible-tmp'),
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_RETRY_FILES_ENABLED: '0',
      },
    });
    run = { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
  });

  afterAll(async () => {
    await daemon?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.skipIf(problem !== null)('fetches a snapshot from every host, each taken where dockdoc ran', () => {
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(readdirSync(snapshots).sort()).toEqual(['bare-host.json', 'engine-host.json', 'summary.txt']);
    const engineHost = JSON.parse(readFileSync(path.join(snapshots, 'engine-host.json'), 'utf8')) as Snapshot;
    const engine = engineHost.facts.engine as Exclude<Snapshot['facts']['engine'], { unavailable: string }>;
    expect(engine.version).toBe(daemon.serverVersion);
    expect(engine.networks.map((n) => n.name)).toEqual(['bridge', 'host', 'none', 'web']);
    // dockerd 20.10 lists a published port once per address family.
    expect(engine.containers.map((c) => [c.name, c.ports])).toEqual([
      [
        'slb',
        [
          { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
          { hostIp: '::', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
        ],
      ],
    ]);
    // Gathered inside the daemon's namespace: its DNAT rule for the published port is in the snapshot.
    expect((engineHost.facts.iptables as { save: string }).save).toContain('--dport 8080 -j DNAT --to-destination');
    const bareHost = JSON.parse(readFileSync(path.join(snapshots, 'bare-host.json'), 'utf8')) as Snapshot;
    expect(bareHost.facts.engine).toEqual({ unavailable: expect.stringContaining(`unix://${work}/absent.sock`) });
  });

  it.skipIf(problem !== null)('writes and prints a summary table that agrees with `dockdoc check` on each snapshot', async () => {
    const rows: string[] = [];
    for (const host of ['engine-host', 'bare-host']) {
      const check = await dockdoc(['check', '--snapshot', path.join(snapshots, `${host}.json`), '--format', 'json']);
      const report = JSON.parse(check.stdout) as { findings: { ruleId: string }[]; skipped: unknown[]; summary: { error: number; warning: number; info: number } };
      const rules = [...new Set(report.findings.map((f) => f.ruleId))].join(' ') || '-';
      const { error, warning, info } = report.summary;
      rows.push(`${host.padEnd(24)} ${String(error).padStart(6)} ${String(warning).padStart(8)} ${String(info).padStart(5)} ${String(report.skipped.length).padStart(7)}  ${rules}`);
    }
    const table = ['host                     errors warnings notes skipped  rules', ...rows];
    expect(readFileSync(path.join(snapshots, 'summary.txt'), 'utf8').split('\n')).toEqual([...table, '']);
    for (const line of table) expect(run.stdout).toContain(`"${line}"`);
  });
});
