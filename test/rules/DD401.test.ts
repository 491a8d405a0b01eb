import { describe, expect, it } from 'vitest';
import DD401 from '../../rules/DD401.js';
import { hostFixture } from '../helpers/hosts.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');

describe('DD401', () => {
  it('is silent on every healthy captured step and on the healthy host fixture', () => {
    for (const step of ['01-fresh-default-daemon', '03b-second-container-on-user-network', '04b-icc-false-with-container', '07-after-dockerd-restart', '09-after-second-dockerd-restart']) {
      expect(DD401.check(snapshotOfStep(step), context)).toEqual([]);
    }
    expect(DD401.check(hostFixture('healthy-20.10'), context)).toEqual([]);
    expect(DD401.check(hostFixture('after-dockerd-restart'), context)).toEqual([]);
  });

  it('EL7 flavour (06): names the lost chains, iptables-services as the cause, and each broken port and NAT', () => {
    const findings = DD401.check(snapshotOfStep('06-after-iptables-services-restart-el7-style'), context);
    expect(findings.map((f) => f.subject)).toEqual(['iptables:docker-chains', 'network:bridge', 'network:mynet']);
    expect(findings[0]!.message).toBe(
      "Docker's chains are missing from the live iptables: filter DOCKER, nat DOCKER, filter DOCKER-ISOLATION-STAGE-1, filter DOCKER-ISOLATION-STAGE-2, filter DOCKER-USER. Docker's chains are gone from both filter and nat: every table was flushed. Likely cause: iptables-services (`systemctl restart iptables`): its stop() flushes every table before restoring /etc/sysconfig/iptables (EL7, legacy backend). Until dockerd is restarted, `docker run -p` and `docker network create` fail with \"iptables: No chain/target/match by that name\".",
    );
    expect(findings[1]!.message).toBe(
      "network bridge (172.17.0.0/16, docker0): has no MASQUERADE: containers cannot reach the outside; published port 0.0.0.0:8080 → web:80/tcp has no DNAT rule (nor its filter ACCEPT); has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT; lost its inter-container rule; is not isolated from the other Docker networks; lost its nat `-j RETURN` (published ports may loop back into the bridge).",
    );
    expect(findings[2]!.message).toBe(
      "network mynet (172.18.0.0/16, br-031c8d1636c4): has no MASQUERADE: containers cannot reach the outside; published port 0.0.0.0:5353 → web2:5353/udp has no DNAT rule (nor its filter ACCEPT); published port 127.0.0.1:8081 → web2:80/tcp has no DNAT rule (nor its filter ACCEPT); has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT; lost its inter-container rule; is not isolated from the other Docker networks; lost its nat `-j RETURN` (published ports may loop back into the bridge).",
    );
    expect(findings[0]!.evidence).toMatchObject({ wipe: 'all-tables', missingRules: 32, expectedRules: 32 });
    expect(findings[1]!.evidence!['missingRules']).toContain('-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
    expect(findings[0]!.fix).toEqual({
      text: 'Restart dockerd: it is the only supported way to rebuild its chains and rules (SIGHUP does not). The command below prints the plan and the exact commands; add `--yes` to carry it out (on systemd hosts: `systemctl restart docker`). Without live-restore every container restarts (DD501). To keep it from happening again, see DD409.',
      commands: ['dockdoc repair'],
    });
  });

  it('EL8 flavour (08): only filter is gone, nat is intact, and the ports are named as unfiltered rather than unreachable', () => {
    const findings = DD401.check(snapshotOfStep('08-after-iptables-restore-only-el8-nft-style'), context);
    expect(findings[0]!.message).toContain("Docker's chains are missing from the live iptables: filter DOCKER, filter DOCKER-ISOLATION-STAGE-1, filter DOCKER-ISOLATION-STAGE-2, filter DOCKER-USER. Docker's filter chains are gone while nat is intact");
    expect(findings[0]!.message).toContain('Likely cause: iptables-services (`systemctl restart iptables`): restoring /etc/sysconfig/iptables (*filter) replaces every table it names, deleting Docker\'s chains there (EL8/9, nf_tables: stop() flushes nothing).');
    expect(findings[1]!.message).toBe(
      "network bridge (172.17.0.0/16, docker0): published port 0.0.0.0:8080 → web:80/tcp has no ACCEPT in filter DOCKER: connections get through only because the FORWARD policy is ACCEPT; has no FORWARD rules: its traffic passes only because the FORWARD policy is ACCEPT; lost its inter-container rule; is not isolated from the other Docker networks.",
    );
    expect(findings[0]!.evidence).toMatchObject({ wipe: 'filter-only' });
  });

  it('says the FORWARD policy DROP drops the traffic when that is the live policy', () => {
    const host = snapshotOfStep('08-after-iptables-restore-only-el8-nft-style');
    const iptables = host.facts.iptables as { save: string };
    const dropped = withFacts(host, { iptables: { ...(host.facts.iptables as object), save: iptables.save.replace(':FORWARD ACCEPT [0:0]', ':FORWARD DROP [0:0]') } as never });
    expect(DD401.check(dropped, context)[1]!.message).toBe(
      "network bridge (172.17.0.0/16, docker0): published port 0.0.0.0:8080 → web:80/tcp has no ACCEPT in filter DOCKER: the FORWARD policy DROP drops its connections; has no FORWARD rules: the FORWARD policy DROP drops its containers' traffic; lost its inter-container rule; is not isolated from the other Docker networks.",
    );
  });

  it('names missing jump rules when the chains are intact', () => {
    const host = snapshotOfStep('03b-second-container-on-user-network');
    const save = (host.facts.iptables as { save: string }).save.replace('-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER\n', '');
    const findings = DD401.check(withFacts(host, { iptables: { ...(host.facts.iptables as object), save } as never }), context);
    expect(findings.map((f) => [f.subject, f.message])).toEqual([
      ['iptables:docker-jumps', "Docker's chains exist but the rules that lead into them are missing from the live iptables: -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER. Nothing inside those chains is reached. Firewall services here: iptables-services (`systemctl restart iptables`): restoring /etc/sysconfig/iptables (*filter) replaces every table it names, deleting Docker's chains there (EL8/9, nf_tables: stop() flushes nothing)."],
    ]);
  });

  it('is silent when the engine reports the nftables backend (DD411 says why)', () => {
    const host = snapshotOfStep('06-after-iptables-services-restart-el7-style');
    const engine = { ...(host.facts.engine as object), firewallBackend: 'nftables' };
    expect(DD401.check(withFacts(host, { engine: engine as never }), ruleContext('29.7.2'))).toEqual([]);
  });
});
