import { describe, expect, it } from 'vitest';
import { planRepair, renderPlan, shellQuote, type RestartTarget } from '../../src/repair/plan.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { goldenCases, goldenEngineParts, goldenText, hostSnapshot, withDaemonChains } from '../iptables/moby-golden-support.js';

const VERSION = '20.10.24+dfsg1';
const systemd = { kind: 'systemd', unit: 'docker.service' } as const;

describe('planRepair', () => {
  it('has nothing to do on a healthy host', () => {
    const plan = planRepair(snapshotOfStep('09-after-second-dockerd-restart'), VERSION, systemd);
    expect(plan.reasons).toEqual([]);
    expect(plan.commands).toEqual([]);
    expect(renderPlan(plan)).toBe("Nothing to repair: Docker's firewall rules are all in place.\n");
  });

  it('does not restart dockerd for ip6tables chains that may never have been set up (DD416), nor for raw rules it was told not to program', () => {
    const c = goldenCases('29.7.2').find((g) => g.file === 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden')!;
    const parts = goldenEngineParts(c.params);
    parts.networks[0]!.enableIPv6 = false;
    parts.containers[0]!.endpoints[0]!.ipv6 = null;
    parts.containers[0]!.ports = parts.containers[0]!.ports.filter((p) => !p.hostIp.includes(':'));
    const v4 = withDaemonChains(goldenText(c, 4), '29.7.2').replace('-A PREROUTING -d 192.168.0.2/32 ! -i br-dummy -j DROP\n', '');
    const snapshot = hostSnapshot({ version: '29.7.2', ...parts, daemonJson: '{}\n', saves: { 4: v4, 6: '' }, warnings: ['WARNING: DOCKER_INSECURE_NO_IPTABLES_RAW is set'] });
    expect(planRepair(snapshot, '29.7.2', systemd).reasons).toEqual([]);
  });

  it('after the EL8-style restart: restart docker.service, at the price of the running containers, leaving stale rules and the file alone', () => {
    const plan = planRepair(snapshotOfStep('08-after-iptables-restore-only-el8-nft-style'), VERSION, systemd);
    expect(renderPlan(plan)).toBe(
      [
        'Broken, and rebuilt by restarting dockerd:',
        "  - iptables: 20 of Docker's 32 rules are missing, and its chains filter DOCKER, filter DOCKER-ISOLATION-STAGE-1, filter DOCKER-ISOLATION-STAGE-2, filter DOCKER-USER (DD401)",
        'Commands:',
        '  $ systemctl restart docker.service',
        'Cost:',
        '  ! live-restore is off: restarting dockerd stops all 2 running containers (web2, web); those without a restart policy stay stopped (DD501).',
        'Left alone:',
        "  - No rule of anyone else is flushed, deleted or reordered: dockerd itself deletes and re-creates only its own chains (DOCKER-USER and its rules are kept).",
        '  - 1 stale Docker-style iptables rule (DD404): delete them by hand with the commands DD404 gives.',
        '  - The saved rules files are not changed.',
        '',
      ].join('\n'),
    );
  });

  it('restarts a dockerd that systemd does not run from its pidfile, with the exact command line', () => {
    const target: RestartTarget = { kind: 'pidfile', pidfile: '/tmp/d/dockerd.pid', pid: 4242, start: ['/usr/sbin/dockerd', '--data-root', '/tmp/d/data root', '-H', 'unix:///tmp/d/docker.sock'], log: '/tmp/d/dockerd.log' };
    const plan = planRepair(snapshotOfStep('06-after-iptables-services-restart-el7-style'), VERSION, target);
    expect(plan.commands).toEqual([
      'kill -TERM 4242   # dockerd, from /tmp/d/dockerd.pid; then wait until it has exited',
      "/usr/sbin/dockerd --data-root '/tmp/d/data root' -H unix:///tmp/d/docker.sock >>/tmp/d/dockerd.log 2>&1 &   # started again, detached",
    ]);
  });

  it('says why it cannot act when there is no way to restart dockerd', () => {
    const plan = planRepair(snapshotOfStep('06-after-iptables-services-restart-el7-style'), VERSION, { kind: 'none', why: 'systemd does not run docker.service on this host' });
    expect(renderPlan(plan)).toContain('Cannot restart dockerd here: systemd does not run docker.service on this host.\n');
    expect(plan.commands).toEqual([]);
  });

  it('repairs ip_forward=0 and a misplaced DOCKER-USER jump too, since a restart fixes both', () => {
    const host = snapshotOfStep('03b-second-container-on-user-network');
    const save = (host.facts.iptables as { save: string }).save.replace('-A FORWARD -j DOCKER-USER\n', '-A FORWARD -i eth0 -j ACCEPT\n-A FORWARD -j DOCKER-USER\n');
    const broken = withFacts(host, { iptables: { ...(host.facts.iptables as object), save } as never, sysctls: { values: { 'net.ipv4.ip_forward': '0' } } });
    expect(planRepair(broken, VERSION, systemd).reasons).toEqual([
      'iptables: -j DOCKER-USER is rule 2 of FORWARD (DD410)',
      'net.ipv4.ip_forward is 0; dockerd sets it to 1 when it starts (DD406)',
    ]);
  });

  it('quotes arguments for the shell only when needed', () => {
    expect(['plain-arg_1.2:3/x', "it's", 'a b', ''].map(shellQuote)).toEqual(['plain-arg_1.2:3/x', "'it'\\''s'", "'a b'", "''"]);
  });
});
