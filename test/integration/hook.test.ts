import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { splitCommand } from '../../src/daemon/unitFlags.js';
import { REPAIR_CLAIM_PATH } from '../../src/hook/repairGuard.js';
import { dockdoc, REPO_ROOT } from '../helpers/cli.js';
import { makeSystemdRoot } from '../hook/systemdRoot.js';
import { commandPath } from '../support/availability.js';
import { describeIntegration, outputOrThrow, startDockerd, type DockerdHandle } from '../support/dockerd.js';
import { simulateIptablesServiceRestart } from '../support/iptables-service-restart.js';

const BIN = path.join(REPO_ROOT, 'bin/dockdoc.js');
/** The admin's /etc/sysconfig/iptables from the corpus. */
const SAVED_RULES = readFileSync(new URL('../../fixtures/docker-rules/etc-sysconfig-iptables', import.meta.url), 'utf8');
const SBIN_PATH = `${process.env['PATH'] ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;
const LONG = 240_000;

/** Each journal line cut to its priority, rule ID, severity and subject kind: the messages belong to the rules. */
function shape(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => /^<\d>DD\d+ \w+ [^:]+/.exec(line)?.[0] ?? line.replace(/(at |per )[\dT:.Z-]+( s)?/g, '$1…$2'));
}

/**
 * The incident the hook exists for, for real: dockerd 20.10 in its own network namespace with a user network and a
 * published port, on a host tree with EL's iptables-services and its saved rules. The firewall service is restarted
 * (simulated in the namespace, both flavours of the corpus); the hook, run as its drop-in would, reports DD401; with
 * --fix --yes it restarts dockerd from its pidfile; the restart-loop guard holds back the next repair.
 */
describeIntegration('hook mode against a real dockerd 20.10', () => {
  let daemon: DockerdHandle;
  let root: string;

  beforeAll(async () => {
    daemon = await startDockerd({ ipForward: '0' });
    const image = await daemon.importBusybox();
    outputOrThrow(await daemon.docker(['network', 'create', 'web']), 'docker network create web');
    outputOrThrow(
      await daemon.docker(['run', '-d', '--name', 'site', '--network', 'web', '--restart', 'always', '--stop-timeout', '1', '-p', '8080:80', image, 'httpd', '-f', '-p', '80', '-h', '/www']),
      'docker run site',
    );
    root = makeSystemdRoot(['iptables.service', 'docker.service', 'docker.socket', 'containerd.service']);
    // Enabled, as `systemctl enable iptables` leaves it on an EL host: an installed but disabled unit restores nothing.
    mkdirSync(path.join(root, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
    symlinkSync('/usr/lib/systemd/system/iptables.service', path.join(root, 'etc/systemd/system/multi-user.target.wants/iptables.service'));
    // /proc as the namespace sees it (sysctls are per network namespace), and the admin's saved rules, applied live.
    symlinkSync('/proc', path.join(root, 'proc'));
    mkdirSync(path.join(root, 'etc/sysconfig'), { recursive: true });
    writeFileSync(path.join(root, 'etc/sysconfig/iptables'), SAVED_RULES);
    const iptables = (...args: string[]) => daemon.inNetns(commandPath('iptables'), args);
    outputOrThrow(await iptables('-A', 'INPUT', '-m', 'state', '--state', 'NEW', '-s', '172.16.0.0/12', '-m', 'tcp', '-p', 'tcp', '--dport', '38888', '-j', 'ACCEPT'), 'iptables -A');
    outputOrThrow(await iptables('-A', 'INPUT', '-p', 'tcp', '-m', 'state', '--state', 'NEW', '-m', 'tcp', '--dport', '22', '-j', 'ACCEPT'), 'iptables -A');
  }, LONG);

  afterAll(async () => {
    await daemon?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const gatherFlags = () => ['--root', root, '--docker-host', daemon.dockerHost, '--daemon-config', daemon.paths.configFile];

  /**
   * `hook run` in the namespace, as the drop-in runs it after `systemctl start iptables`. A repair restarts dockerd with
   * its own command line, in a private mount namespace with the harness's /run/containerd bind, which it inherits.
   */
  function hook(...flags: string[]) {
    return daemon.inNetns(
      commandPath('unshare'),
      [
        '--mount', '--propagation', 'private', '/bin/sh', '-c', 'mount --bind "$1" /run/containerd && shift && exec "$@"', 'sh', daemon.paths.containerdRun,
        process.execPath, BIN, 'hook', 'run', ...gatherFlags(), '--unit', 'iptables.service', '--event', 'start', ...flags,
      ],
      { env: { NO_COLOR: '1', PATH: SBIN_PATH }, timeoutMs: LONG },
    );
  }
  const repairFlags = () => ['--fix', '--yes', '--dockerd-pidfile', daemon.paths.pidFile, '--dockerd-log', daemon.paths.logFile];

  it('on a healthy host: no error, and the engine was reached', async () => {
    const result = await hook();
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    // No drop-in is installed yet, so DD409 rightly says nothing rebuilds Docker's rules after iptables.service.
    expect(shape(result.stdout)).toEqual([
      '<4>DD409 warning unit',
      '<6>DD501 info engine',
      '<4>dockdoc hook after iptables.service start: 0 errors, 1 warning, 1 note',
    ]);
  }, LONG);

  it('the command in the drop-in `hook install` writes is what runs', async () => {
    expect((await dockdoc(['hook', 'install', '--yes', '--root', root, '--docker-host', daemon.dockerHost])).exitCode).toBe(0);
    const dropIn = readFileSync(path.join(root, 'etc/systemd/system/iptables.service.d/50-dockdoc-hook.conf'), 'utf8');
    const words = splitCommand(/^ExecStartPost=-(.*)$/m.exec(dropIn)![1]!);
    // systemd-cat only connects stdout to journald, which this test machine does not run: run what it would exec.
    expect(words.slice(0, 2)).toEqual(['/usr/bin/systemd-cat', '--identifier=dockdoc']);
    expect(words.slice(2)).toEqual([process.execPath, BIN, 'hook', 'run', '--unit', 'iptables.service', '--event', 'start', '--docker-host', daemon.dockerHost]);
    const result = await hook();
    expect(result.exitCode).toBe(0);
    expect(shape(result.stdout)).toEqual(['<6>DD501 info engine', '<6>dockdoc hook after iptables.service start: 0 errors, 0 warnings, 1 note']);
  }, LONG);

  it('after `systemctl restart iptables` (EL7): reports DD401 at <3>, and fails the unit only when asked', async () => {
    await simulateIptablesServiceRestart(daemon, 'el7', SAVED_RULES);
    const result = await hook();
    expect(result.exitCode).toBe(0);
    expect(shape(result.stdout)).toEqual([
      '<3>DD401 error iptables',
      '<3>DD401 error network',
      '<3>DD401 error network',
      '<6>DD501 info engine',
      '<3>dockdoc hook after iptables.service start: 3 errors, 0 warnings, 1 note',
    ]);
    expect(result.stdout).toContain('published port 0.0.0.0:8080 → site:80/tcp has no DNAT rule');
    expect((await hook('--fail-on', 'error')).exitCode).toBe(1);
  }, LONG);

  it('--fix --yes restarts dockerd and the rules are back; the next check is clean', async () => {
    const result = await hook(...repairFlags());
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const repairLines = result.stdout.trimEnd().split('\n').filter((line) => line.includes('dockdoc hook repair:'));
    expect(repairLines[0]).toBe('<5>dockdoc hook repair: Broken, and rebuilt by restarting dockerd:');
    expect(repairLines.at(-1)).toBe("<5>dockdoc hook repair: Repaired: Docker's firewall rules are all in place again.");
    expect(existsSync(path.join(root, REPAIR_CLAIM_PATH))).toBe(true);
    expect(shape((await hook()).stdout)).toEqual(['<6>DD501 info engine', '<6>dockdoc hook after iptables.service start: 0 errors, 0 warnings, 1 note']);
  }, LONG);

  it('the restart-loop guard holds the next repair back within the cooldown (EL8 wipe), and lets it through after', async () => {
    await simulateIptablesServiceRestart(daemon, 'el8', SAVED_RULES);
    const held = await hook(...repairFlags());
    expect(held.exitCode).toBe(0);
    expect(shape(held.stdout).filter((line) => !line.startsWith('<3>DD401'))).toEqual([
      '<6>DD501 info engine',
      expect.stringMatching(/^<3>dockdoc hook after iptables\.service start: \d errors?, 0 warnings, 1 note$/),
      '<4>dockdoc hook repair: not repairing: the restart-loop guard allows one unattended repair per … s and the last was at …; run `dockdoc repair --yes` by hand',
    ]);
    const repaired = await hook(...repairFlags(), '--fix-cooldown', '0');
    expect(repaired.stdout.trimEnd().split('\n').at(-1)).toBe("<5>dockdoc hook repair: Repaired: Docker's firewall rules are all in place again.");
  }, LONG);
});
