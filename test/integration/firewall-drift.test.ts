import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { BUSYBOX_PATH, commandPath } from '../support/availability.js';
import { describeIntegration, outputOrThrow, startDockerd, type DockerdHandle } from '../support/dockerd.js';
import { simulateIptablesServiceRestart } from '../support/iptables-service-restart.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
/** The admin's /etc/sysconfig/iptables from the corpus (fixtures/docker-rules/etc-sysconfig-iptables). */
const SAVED_RULES = readFileSync(new URL('../../fixtures/docker-rules/etc-sysconfig-iptables', import.meta.url), 'utf8');
const SBIN_PATH = `${process.env['PATH'] ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;

/**
 * The incident, for real: dockerd 20.10 in a namespace with a user network and a published port; the firewall service
 * restarted in both iptables-services flavours; dockdoc names what broke, `dockdoc repair --yes` restarts dockerd from
 * its pidfile, and the check is clean again. Each step runs the built CLI inside the namespace.
 */
describeIntegration('firewall drift on a real dockerd 20.10', () => {
  let daemon: DockerdHandle;
  let bridge: string;
  let siteIp: string;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-firewall-'));
  const savedRulesFile = path.join(scratch, 'iptables');
  /**
   * The namespace's own host tree: /proc (sysctls are per network namespace) and nothing else, so the test machine's
   * systemd units and /etc/nftables.conf, which a restart in this namespace would not involve, stay out of it.
   */
  const root = path.join(scratch, 'root');
  mkdirSync(root);
  symlinkSync('/proc', path.join(root, 'proc'));

  const gatherFlags = () => ['--root', root, '--docker-host', daemon.dockerHost, '--daemon-config', daemon.paths.configFile, '--saved-rules', savedRulesFile];

  async function check(): Promise<{ exitCode: number; findings: Finding[] }> {
    const result = await daemon.inNetns(process.execPath, [BIN, 'check', '--format', 'json', ...gatherFlags()], { env: { NO_COLOR: '1', PATH: SBIN_PATH } });
    expect(result.stderr).toBe('');
    return { exitCode: result.exitCode, findings: (JSON.parse(result.stdout) as { findings: Finding[] }).findings };
  }

  const firewallFindings = async (): Promise<Finding[]> => (await check()).findings.filter((f) => /^DD4/.test(f.ruleId));

  /**
   * `dockdoc repair` as an admin would run it in the namespace, with its default restart: the running dockerd's own
   * command line. It runs in a private mount namespace with the same /run/containerd bind as the harness's dockerd
   * (test/support/dockerd-launch.ts), which the restarted dockerd inherits.
   */
  function repair(...flags: string[]) {
    return daemon.inNetns(
      commandPath('unshare'),
      [
        '--mount', '--propagation', 'private', '/bin/sh', '-c', 'mount --bind "$1" /run/containerd && shift && exec "$@"', 'sh', daemon.paths.containerdRun,
        process.execPath, BIN, 'repair', ...gatherFlags(), '--dockerd-pidfile', daemon.paths.pidFile, '--dockerd-log', daemon.paths.logFile, ...flags,
      ],
      { env: { NO_COLOR: '1', PATH: SBIN_PATH }, timeoutMs: 240_000 },
    );
  }

  const iptables = (...args: string[]) => daemon.inNetns(commandPath('iptables'), args);

  beforeAll(async () => {
    // ip_forward 0 before dockerd starts, as on a stock RHEL host: dockerd switches it on and sets FORWARD DROP.
    daemon = await startDockerd({ ipForward: '0' });
    const image = await daemon.importBusybox();
    const networkId = outputOrThrow(await daemon.docker(['network', 'create', 'web']), 'network create').trim();
    bridge = `br-${networkId.slice(0, 12)}`;
    outputOrThrow(
      await daemon.docker(['run', '-d', '--name', 'site', '--network', 'web', '--restart', 'always', '--stop-timeout', '1', '-p', '8080:80', image, 'httpd', '-f', '-p', '80', '-h', '/www']),
      'docker run',
    );
    siteIp = outputOrThrow(await daemon.docker(['inspect', '-f', '{{.NetworkSettings.Networks.web.IPAddress}}', 'site']), 'inspect').trim();
    // The admin's rules: added live, and saved to the file as an admin writes it (not in the kernel's form).
    outputOrThrow(await iptables('-A', 'INPUT', '-m', 'state', '--state', 'NEW', '-s', '172.16.0.0/12', '-m', 'tcp', '-p', 'tcp', '--dport', '38888', '-j', 'ACCEPT'), 'iptables -A');
    outputOrThrow(await iptables('-A', 'INPUT', '-p', 'tcp', '-m', 'state', '--state', 'NEW', '-m', 'tcp', '--dport', '22', '-j', 'ACCEPT'), 'iptables -A');
    writeFileSync(savedRulesFile, SAVED_RULES);
  }, 240_000);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('a healthy host has no firewall finding', async () => {
    expect(await firewallFindings()).toEqual([]);
  });

  it('a rule added live but not saved is DD403', async () => {
    outputOrThrow(await iptables('-I', 'INPUT', '-p', 'tcp', '--dport', '9999', '-j', 'ACCEPT'), 'iptables -I');
    try {
      expect((await firewallFindings()).map((f) => [f.ruleId, f.message])).toEqual([
        ['DD403', `1 live iptables rule is not in ${savedRulesFile}: \`-t filter -A INPUT -p tcp -m tcp --dport 9999 -j ACCEPT\`. A restart of the firewall service or a reboot removes it.`],
      ]);
    } finally {
      outputOrThrow(await iptables('-D', 'INPUT', '-p', 'tcp', '--dport', '9999', '-j', 'ACCEPT'), 'iptables -D');
    }
  });

  it('rules loaded into iptables-legacy while Docker uses nf_tables are DD405', async () => {
    const legacy = (...args: string[]) => daemon.inNetns('iptables-legacy', args, { env: { PATH: SBIN_PATH } });
    outputOrThrow(await legacy('-A', 'INPUT', '-s', '10.9.9.9', '-j', 'DROP'), 'iptables-legacy -A');
    try {
      const findings = await firewallFindings();
      expect(findings.map((f) => [f.ruleId, f.severity, f.subject])).toEqual([['DD405', 'error', 'iptables:backends']]);
      expect(findings[0]!.message).toMatch(/^iptables rules are loaded in both backends: nf_tables \(iptables-nft\) holds \d+ rules, 5 user chains, policies filter\/FORWARD DROP, Docker's chains filter\/DOCKER, nat\/DOCKER; legacy \(iptables-legacy\) holds 1 rule\./);
    } finally {
      // Flushed, the legacy tables stay but are empty (corpus N4), which is not a disagreement.
      outputOrThrow(await legacy('-F', 'INPUT'), 'iptables-legacy -F');
    }
    expect(await firewallFindings()).toEqual([]);
  });

  it('ip_forward=0 is DD406', async () => {
    outputOrThrow(await daemon.inNetns(BUSYBOX_PATH, ['sysctl', '-w', 'net.ipv4.ip_forward=0']), 'sysctl');
    try {
      expect((await firewallFindings()).map((f) => [f.ruleId, f.subject])).toEqual([['DD406', 'sysctl:net.ipv4.ip_forward']]);
    } finally {
      outputOrThrow(await daemon.inNetns(BUSYBOX_PATH, ['sysctl', '-w', 'net.ipv4.ip_forward=1']), 'sysctl');
    }
  });

  it('EL7 flavour: every Docker chain is gone; DD401 names the broken port and NAT, and the saved rules are live', async () => {
    await simulateIptablesServiceRestart(daemon, 'el7', SAVED_RULES);
    const findings = await firewallFindings();
    expect(findings.map((f) => [f.ruleId, f.subject])).toEqual([
      ['DD401', 'iptables:docker-chains'],
      ['DD401', 'network:bridge'],
      ['DD401', 'network:web'],
    ]);
    expect(findings[0]!.evidence).toMatchObject({ wipe: 'all-tables' });
    expect(findings[2]!.message).toMatch(
      new RegExp(`^network web \\(172\\.18\\.0\\.0/16, ${bridge}\\): has no MASQUERADE: containers cannot reach the outside; published port 0\\.0\\.0\\.0:8080 → site:80/tcp has no DNAT rule \\(nor its filter ACCEPT\\);`),
    );
    // While the chains are missing a network create fails half-way and leaves its MASQUERADE behind (corpus 06x).
    expect((await daemon.docker(['network', 'create', 'leftover'])).stderr).toContain('Unable to enable SKIP DNAT rule');
  });

  it('repair shows the plan and changes nothing without --yes, or with --dry-run', async () => {
    const pid = readFileSync(daemon.paths.pidFile, 'utf8').trim();
    for (const flags of [[], ['--dry-run', '--yes']]) {
      const shown = await repair(...flags);
      expect(shown.exitCode).toBe(1);
      expect(shown.stdout).toContain(`  $ kill -TERM ${pid}   # dockerd, from ${daemon.paths.pidFile}; then wait until it has exited\n`);
      expect(shown.stdout).toContain('live-restore is off: restarting dockerd stops the one running container (site)');
    }
    expect(readFileSync(daemon.paths.pidFile, 'utf8').trim()).toBe(pid);
    expect((await firewallFindings()).filter((f) => f.ruleId === 'DD401')).toHaveLength(3);
  });

  it('repair --yes restarts dockerd from its pidfile; the check is clean again but for the leftover MASQUERADE (DD404)', async () => {
    const before = readFileSync(daemon.paths.pidFile, 'utf8').trim();
    const repaired = await repair('--yes');
    expect(repaired.stderr).toBe('');
    expect(repaired.exitCode).toBe(0);
    expect(repaired.stdout).toContain("Repaired: Docker's firewall rules are all in place again.\n");
    expect(readFileSync(daemon.paths.pidFile, 'utf8').trim()).not.toBe(before);
    const findings = await firewallFindings();
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['DD404', 'warning']]);
    expect(findings[0]!.message).toMatch(/^A rule names bridge br-[0-9a-f]{12}, which no Docker network has: `-t nat -A POSTROUTING -s 172\.19\.0\.0\/16 ! -o br-[0-9a-f]{12} -j MASQUERADE`/);
    const rules = outputOrThrow(await iptables('-t', 'nat', '-S', 'DOCKER'), 'iptables -S');
    expect(rules).toContain(`-A DOCKER ! -i ${bridge} -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${siteIp}:80`);
    // The admin's rules were not touched.
    expect(outputOrThrow(await iptables('-S', 'INPUT'), 'iptables -S')).toContain('-A INPUT -s 172.16.0.0/12 -p tcp -m state --state NEW -m tcp --dport 38888 -j ACCEPT');
  });

  it('EL8 flavour: only filter is replaced; DD401 sees nat intact; repair --yes fixes it, and repairing again does nothing', async () => {
    await simulateIptablesServiceRestart(daemon, 'el8', SAVED_RULES);
    const findings = (await firewallFindings()).filter((f) => f.ruleId === 'DD401');
    expect(findings[0]!.evidence).toMatchObject({ wipe: 'filter-only', missingChains: ['filter DOCKER', 'filter DOCKER-ISOLATION-STAGE-1', 'filter DOCKER-ISOLATION-STAGE-2', 'filter DOCKER-USER'] });
    expect(findings.find((f) => f.subject === 'network:web')!.message).toContain(
      'published port 0.0.0.0:8080 → site:80/tcp has no ACCEPT in filter DOCKER: connections get through only because the FORWARD policy is ACCEPT',
    );
    const repaired = await repair('--yes');
    expect(repaired.exitCode).toBe(0);
    expect((await firewallFindings()).filter((f) => f.ruleId === 'DD401')).toEqual([]);
    const again = await repair('--yes');
    expect({ exitCode: again.exitCode, stdout: again.stdout }).toEqual({ exitCode: 0, stdout: "Nothing to repair: Docker's firewall rules are all in place.\n" });
  });
});
