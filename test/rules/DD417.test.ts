import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD417 from '../../rules/DD417.js';
import type { FirewallFamilyFact, Snapshot, SwarmFact } from '../../src/snapshot/schema.js';
import { swarmFactsNeeded } from '../../src/swarm/facts.js';
import { hostFixture } from '../helpers/hosts.js';
import { withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');
/** The stock RHEL /etc/sysconfig/iptables with the seed's 38888 rule: INPUT ends in REJECT at line 13. */
const RHEL_FILE = readFileSync(new URL('../../fixtures/iptables/cases/01-rhel-default-sysconfig.rules', import.meta.url), 'utf8');
/** Real captures of a two-node swarm (fixtures/hosts/swarm-*: 192.0.2.1 the manager, 192.0.2.2 the worker). */
const rhelManager = hostFixture('swarm-manager-rhel-input');
const WORKER = '192.0.2.2';

function withSaved(snapshot: Snapshot, text: string): Snapshot {
  return withFacts(snapshot, { savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text, family: 4 }] } });
}

function withLive(snapshot: Snapshot, save: string): Snapshot {
  return withFacts(snapshot, { iptables: { ...(snapshot.facts.iptables as FirewallFamilyFact), save } });
}

function withSwarm(snapshot: Snapshot, change: (swarm: SwarmFact) => SwarmFact): Snapshot {
  return withFacts(snapshot, { swarm: change(snapshot.facts.swarm as SwarmFact) });
}

const liveSave = (snapshot: Snapshot) => (snapshot.facts.iptables as FirewallFamilyFact).save;

describe('DD417', () => {
  it("names every port the stock RHEL INPUT refuses to the worker, at the saved file's REJECT line, with the live commands", () => {
    const findings = DD417.check(rhelManager, context);
    expect(findings.map((f) => [f.subject, f.location, f.evidence?.['peers'], f.fix.commands])).toEqual([
      ['swarm-input:tcp/2377', { file: '/etc/sysconfig/iptables', line: 13 }, [WORKER], [`iptables -I INPUT 6 -s ${WORKER}/32 -p tcp -m tcp --dport 2377 -j ACCEPT`]],
      ['swarm-input:tcp/7946', { file: '/etc/sysconfig/iptables', line: 13 }, [WORKER], [`iptables -I INPUT 6 -s ${WORKER}/32 -p tcp -m tcp --dport 7946 -j ACCEPT`]],
      ['swarm-input:udp/7946', { file: '/etc/sysconfig/iptables', line: 13 }, [WORKER], [`iptables -I INPUT 6 -s ${WORKER}/32 -p udp -m udp --dport 7946 -j ACCEPT`]],
      ['swarm-input:udp/4789', { file: '/etc/sysconfig/iptables', line: 13 }, [WORKER], [`iptables -I INPUT 6 -s ${WORKER}/32 -p udp -m udp --dport 4789 -j ACCEPT`]],
    ]);
    expect(findings[3]).toEqual({
      subject: 'swarm-input:udp/4789',
      location: { file: '/etc/sysconfig/iptables', line: 13 },
      message:
        "INPUT in /etc/sysconfig/iptables refuses udp/4789, overlay network traffic (VXLAN), from the swarm node 192.0.2.2: `-A INPUT -j REJECT --reject-with icmp-host-prohibited` refuses it before any rule admits udp/4789, so containers on other nodes cannot reach this node's containers over overlay networks (VXLAN is dropped).",
      evidence: {
        protocol: 'udp',
        port: 4789,
        purpose: 'overlay network traffic (VXLAN)',
        peers: [WORKER],
        refusedBy: '`-A INPUT -j REJECT --reject-with icmp-host-prohibited`',
        rules: [`-A INPUT -s ${WORKER}/32 -p udp -m udp --dport 4789 -j ACCEPT`],
      },
      fix: {
        text: 'Add `-A INPUT -s 192.0.2.2/32 -p udp -m udp --dport 4789 -j ACCEPT` to /etc/sysconfig/iptables before line 13 (`-A INPUT -j REJECT --reject-with icmp-host-prohibited`), so every restore keeps udp/4789 open to the other nodes; the live firewall refuses it too: run the commands.',
        commands: ['iptables -I INPUT 6 -s 192.0.2.2/32 -p udp -m udp --dport 4789 -j ACCEPT'],
      },
    });
  });

  it('is silent once the proposed rules are in (the real fixed capture), and on a healthy manager and worker', () => {
    expect(DD417.check(hostFixture('swarm-manager-rhel-input-fixed'), context)).toEqual([]);
    expect(DD417.check(hostFixture('swarm-manager-healthy'), context)).toEqual([]);
    expect(DD417.check(hostFixture('swarm-worker-healthy'), context)).toEqual([]);
  });

  it('reports the live firewall alone, with its commands, when the saved file admits the nodes', () => {
    const fixedFile = readFileSync(new URL('../../fixtures/hosts/swarm-manager-rhel-input-fixed/snapshot.json', import.meta.url), 'utf8');
    const savedText = (JSON.parse(fixedFile) as Snapshot).facts.savedRules as { files: { text?: string }[] };
    const findings = DD417.check(withSaved(rhelManager, savedText.files[0]!.text!), context);
    expect(findings.map((f) => [f.subject, f.location, f.fix.commands?.length])).toEqual([
      ['swarm-input:tcp/2377', undefined, 1],
      ['swarm-input:tcp/7946', undefined, 1],
      ['swarm-input:udp/7946', undefined, 1],
      ['swarm-input:udp/4789', undefined, 1],
    ]);
    expect(findings[0]!.message).toMatch(/^INPUT in the live firewall refuses tcp\/2377/);
  });

  it('on a worker: no 2377, the manager as the peer, and the data-path port said to be assumed', () => {
    const worker = withLive(withSaved(hostFixture('swarm-worker-healthy'), RHEL_FILE), liveSave(rhelManager));
    const findings = DD417.check(worker, context);
    expect(findings.map((f) => [f.subject, f.evidence?.['peers']])).toEqual([
      ['swarm-input:tcp/7946', ['192.0.2.1']],
      ['swarm-input:udp/7946', ['192.0.2.1']],
      ['swarm-input:udp/4789', ['192.0.2.1']],
    ]);
    expect(findings[2]!.message).toContain(
      'Assumed: the data-path port is taken to be the default 4789: this node is a worker: only managers report the cluster settings; `docker info` on a manager shows it.',
    );
  });

  it('asks for ESP where an overlay is encrypted, and follows the data-path port the cluster chose', () => {
    const encrypted = withSwarm(rhelManager, (swarm) => ({
      ...swarm,
      cluster: { defaultAddrPool: [], subnetSize: 24, dataPathPort: 5789 },
      networks: swarm.networks.map((n) => (n.name === 'dd-overlay' ? { ...n, encrypted: true, options: { ...n.options, encrypted: '' } } : n)),
    }));
    const findings = DD417.check(encrypted, context);
    expect(findings.map((f) => f.subject)).toEqual(['swarm-input:tcp/2377', 'swarm-input:tcp/7946', 'swarm-input:udp/7946', 'swarm-input:udp/5789', 'swarm-input:esp (IP protocol 50)']);
    expect(findings[4]!.evidence?.['rules']).toEqual([`-A INPUT -s ${WORKER}/32 -p esp -j ACCEPT`]);
    // The rule it proposes is one the analysis reads back as the grant.
    const admitted = withLive(withSaved(encrypted, RHEL_FILE.replace('-A INPUT -j REJECT', `-A INPUT -s ${WORKER}/32 -p esp -j ACCEPT\n-A INPUT -j REJECT`)), liveSave(rhelManager).replace('-A INPUT -j REJECT', `-A INPUT -s ${WORKER}/32 -p esp -j ACCEPT\n-A INPUT -j REJECT`));
    expect(DD417.check(admitted, context).map((f) => f.subject)).not.toContain('swarm-input:esp (IP protocol 50)');
  });

  it('counts a grant on the interface the peer is routed through, not on another one', () => {
    const onLink = (iface: string) => RHEL_FILE.replace('-A INPUT -j REJECT', `-A INPUT -i ${iface} -j ACCEPT\n-A INPUT -j REJECT`);
    const live = (iface: string) => liveSave(rhelManager).replace('-A INPUT -j REJECT', `-A INPUT -i ${iface} -j ACCEPT\n-A INPUT -j REJECT`);
    expect(DD417.check(withLive(withSaved(rhelManager, onLink('swarm0')), live('swarm0')), context)).toEqual([]);
    expect(DD417.check(withLive(withSaved(rhelManager, onLink('eth9')), live('eth9')), context)).toHaveLength(4);
  });

  it('says when a jump to a chain of its own could admit the traffic, as a warning', () => {
    const jumping = RHEL_FILE.replace(':OUTPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]\n:SITE-INPUT - [0:0]').replace('-A INPUT -j REJECT', '-A INPUT -j SITE-INPUT\n-A INPUT -j REJECT');
    const findings = DD417.check(withSaved(rhelManager, jumping), context);
    const saved = findings.filter((f) => f.location !== undefined);
    expect(saved.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning', 'warning']);
    expect(saved[0]!.message).toContain('Unless a chain that INPUT jumps to admits it (`-A INPUT -j SITE-INPUT`: dockdoc does not follow jumps there).');
  });

  it('needs the swarm fact only on an active swarm node', () => {
    expect(swarmFactsNeeded(rhelManager)).toEqual(['swarm']);
    expect(swarmFactsNeeded(hostFixture('seed'))).toEqual([]);
  });
});
