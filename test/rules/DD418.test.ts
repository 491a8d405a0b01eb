import { describe, expect, it } from 'vitest';
import DD418 from '../../rules/DD418.js';
import type { FirewallFamilyFact, Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

/** Real captures of a two-node swarm publishing tcp/8080 in ingress mode (fixtures/hosts/swarm-*). */
const healthy = hostFixture('swarm-manager-healthy');

/**
 * The routing mesh's rules as libnetwork's programIngress (service_linux.go at v20.10.24) adds them for tcp/8080 with
 * the ingress_sbox at 172.18.0.2: the kernel that captured the fixtures has no IPVS, so dockerd never added them there.
 * The chain declarations are inserted after the table's first line, the rules before its COMMIT.
 */
function withMesh(snapshot: Snapshot, forwardChain: 'FORWARD' | 'DOCKER-FORWARD'): Snapshot {
  const iptables = snapshot.facts.iptables as FirewallFamilyFact;
  const add = (save: string, table: string, chains: string, rules: string) =>
    save.replace(new RegExp(`(\\*${table}\\n)([\\s\\S]*?)(COMMIT)`), (_all, head: string, body: string, commit: string) => `${head}${chains}${body}${rules}${commit}`);
  let save = add(iptables.save, 'nat', ':DOCKER-INGRESS - [0:0]\n', [
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS',
    '-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS',
    '-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080',
    '-A DOCKER-INGRESS -j RETURN',
    '',
  ].join('\n'));
  save = add(save, 'filter', `:DOCKER-INGRESS - [0:0]\n${forwardChain === 'DOCKER-FORWARD' ? ':DOCKER-FORWARD - [0:0]\n' : ''}`, [
    `-A ${forwardChain} -j DOCKER-INGRESS`,
    '-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j ACCEPT',
    '-A DOCKER-INGRESS -p tcp -m state --state RELATED,ESTABLISHED -m tcp --sport 8080 -j ACCEPT',
    '-A DOCKER-INGRESS -j RETURN',
    '',
  ].join('\n'));
  return withFacts(snapshot, { iptables: { ...iptables, save } });
}

describe('DD418', () => {
  it('after a full flush (RHEL 7 iptables-services, the real capture): an error naming every missing piece, fixed by a dockerd restart', () => {
    const [finding] = DD418.check(hostFixture('swarm-manager-el7-wipe'), ruleContext('20.10.24'));
    expect(finding).toEqual({
      subject: 'routing-mesh:DOCKER-INGRESS',
      message:
        "The routing mesh is not in the live firewall: the nat chain DOCKER-INGRESS; the filter chain DOCKER-INGRESS; the jump `-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS`; the jump `-t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS`; the jump `-A FORWARD -j DOCKER-INGRESS` are missing, while tcp/8080 (dd-web) is published in ingress mode, so connections to this port on this node do not reach the ingress_sbox and fail here even where the service runs. Docker's own DOCKER chain is gone from nat and filter too: a firewall restore or flush (iptables-services, netfilter-persistent, `iptables -F`) removed what dockerd programs once, when the ingress load balancer is set up, and dockerd does not put it back by itself.",
      evidence: {
        missing: [
          'the nat chain DOCKER-INGRESS',
          'the filter chain DOCKER-INGRESS',
          'the jump `-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER-INGRESS`',
          'the jump `-t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER-INGRESS`',
          'the jump `-A FORWARD -j DOCKER-INGRESS`',
        ],
        published: [{ protocol: 'tcp', port: 8080, services: ['dd-web'] }],
        cause: 'flushed: nat, filter',
      },
      fix: {
        text: "Restart dockerd: it sets the ingress load balancer and DOCKER-INGRESS up again. Then keep the firewall service from flushing Docker's chains (see DD401 and the other firewall findings), or the next restore removes them again.",
        commands: ['systemctl restart docker'],
      },
    });
  });

  it('after a filter-only restore (RHEL 8): flushed filter', () => {
    const findings = DD418.check(hostFixture('swarm-manager-rhel-input'), ruleContext('20.10.24'));
    expect(findings.map((f) => [f.severity, f.evidence?.['cause']])).toEqual([[undefined, 'flushed: filter']]);
  });

  it('where dockerd never set the mesh up (the capturing kernel has no IPVS): a warning that says so, not a wipe', () => {
    const findings = DD418.check(healthy, ruleContext('20.10.24'));
    expect(findings.map((f) => [f.severity, f.evidence?.['cause'], f.fix.commands])).toEqual([['warning', 'never set up', undefined]]);
    expect(findings[0]!.message).toContain('needs IPVS (the ip_vs kernel module');
  });

  it('is silent with the mesh in place: the FORWARD jump before 28.0.1, the DOCKER-FORWARD jump since', () => {
    expect(DD418.check(withMesh(healthy, 'FORWARD'), ruleContext('20.10.24'))).toEqual([]);
    expect(DD418.check(withMesh(healthy, 'DOCKER-FORWARD'), ruleContext('28.0.1'))).toEqual([]);
    expect(DD418.check(withMesh(healthy, 'FORWARD'), ruleContext('28.0.1'))[0]!.evidence?.['missing']).toEqual(['the jump `-A DOCKER-FORWARD -j DOCKER-INGRESS`']);
    const noDnat = withFacts(healthy, { iptables: { ...(withMesh(healthy, 'FORWARD').facts.iptables as FirewallFamilyFact) } });
    const save = (noDnat.facts.iptables as FirewallFamilyFact).save.replace('-A DOCKER-INGRESS -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.18.0.2:8080\n', '');
    expect(DD418.check(withFacts(noDnat, { iptables: { ...(noDnat.facts.iptables as FirewallFamilyFact), save } }), ruleContext('20.10.24'))[0]!.evidence?.['missing']).toEqual([
      'the DNAT of tcp/8080 in nat DOCKER-INGRESS',
    ]);
  });

  it('judges nothing on a worker, which cannot list the services', () => {
    expect(DD418.check(hostFixture('swarm-worker-healthy'), ruleContext('20.10.24'))).toEqual([]);
  });
});
