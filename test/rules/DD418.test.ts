import { describe, expect, it } from 'vitest';
import DD418 from '../../rules/DD418.js';
import type { FirewallFamilyFact } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { withFacts } from '../iptables/docker-support.js';
import { withMesh } from '../helpers/routing-mesh.js';
import { ruleContext } from '../iptables/rule-context.js';

/** Real captures of a two-node swarm publishing tcp/8080 in ingress mode (fixtures/hosts/swarm-*). */
const healthy = hostFixture('swarm-manager-healthy');

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
