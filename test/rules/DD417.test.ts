import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD417 from '../../rules/DD417.js';
import DD418 from '../../rules/DD418.js';
import { runRules } from '../../src/engine/run.js';
import type { FirewallFamilyFact, NftInputChainsFact, Snapshot, SwarmFact } from '../../src/snapshot/schema.js';
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

  it('skips (DD002), never passes, on a swarm node whose snapshot predates the swarm fact', () => {
    const older = withFacts(rhelManager, { swarm: { unavailable: 'not recorded in this snapshot' } });
    const report = runRules(older, { rules: [DD417, DD418], settings: context.settings, ignore: [], severityOverrides: {} });
    expect(report.findings.filter((f) => f.ruleId === 'DD417' || f.ruleId === 'DD418')).toEqual([]);
    expect(report.skipped).toEqual([
      { ruleId: 'DD417', reason: expect.stringContaining('not recorded in this snapshot') },
      { ruleId: 'DD418', reason: expect.stringContaining('not recorded in this snapshot') },
    ]);
  });

  describe('a native nftables INPUT', () => {
    /** A real `nft -j` capture (fixtures/nftables/input/README.md) as the manager's native input path. */
    const withNftInput = (snapshot: Snapshot, name: string): Snapshot => {
      const gathered = JSON.parse(readFileSync(new URL(`../../fixtures/nftables/input/${name}.gathered.json`, import.meta.url), 'utf8')) as {
        chains: { json: string; text: string };
        nftInputChains: NftInputChainsFact;
      };
      return withFacts(snapshot, { nftRuleset: { json: '', text: '', chains: gathered.chains }, nftInputChains: gathered.nftInputChains });
    };
    const healthy = hostFixture('swarm-manager-healthy');

    it('names every port the RHEL-style inet filter input refuses to the worker, with the nft command before its reject (real swarm capture)', () => {
      const findings = DD417.check(hostFixture('swarm-manager-nft-input'), context);
      expect(findings.map((f) => [f.subject, f.severity, f.fix.commands])).toEqual([
        ['swarm-input:tcp/2377', undefined, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} tcp dport 2377 accept`]],
        ['swarm-input:tcp/7946', undefined, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} tcp dport 7946 accept`]],
        ['swarm-input:udp/7946', undefined, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} udp dport 7946 accept`]],
        ['swarm-input:udp/4789', undefined, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} udp dport 4789 accept`]],
      ]);
      expect(findings[3]).toEqual({
        subject: 'swarm-input:udp/4789',
        message:
          "The nftables input chain `inet filter input` refuses udp/4789, overlay network traffic (VXLAN), from the swarm node 192.0.2.2: `reject with icmpx admin-prohibited` (handle 8) refuses it before any rule admits udp/4789, so containers on other nodes cannot reach this node's containers over overlay networks (VXLAN is dropped).",
        evidence: {
          protocol: 'udp',
          port: 4789,
          purpose: 'overlay network traffic (VXLAN)',
          peers: [WORKER],
          chain: 'inet filter input',
          rules: [`ip saddr ${WORKER} udp dport 4789 accept`],
          refusedBy: '`reject with icmpx admin-prohibited` (handle 8)',
        },
        fix: {
          text: 'Admit the other nodes on udp/4789: add `ip saddr 192.0.2.2 udp dport 4789 accept` to `inet filter input` before `reject with icmpx admin-prohibited`, live with the commands and in the nftables configuration that loads the table (/etc/nftables.conf, /etc/sysconfig/nftables.conf or what they include), so every reload keeps it.',
          commands: ['nft insert rule inet filter input handle 8 ip saddr 192.0.2.2 udp dport 4789 accept'],
        },
      });
    });

    it('is silent once the proposed nft rules are in (the real fixed capture)', () => {
      expect(DD417.check(hostFixture('swarm-manager-nft-input-fixed'), context)).toEqual([]);
    });

    it('appends the grant when the chain\'s policy drops (Debian style), and asks for ESP where an overlay is encrypted', () => {
      const encrypted = withSwarm(withNftInput(healthy, 'policy-drop'), (swarm) => ({
        ...swarm,
        networks: swarm.networks.map((n) => (n.name === 'dd-overlay' ? { ...n, encrypted: true } : n)),
      }));
      const findings = DD417.check(encrypted, context);
      expect(findings.map((f) => [f.subject, f.evidence?.['refusedBy'], f.fix.commands])).toEqual([
        ['swarm-input:tcp/2377', 'the policy drop of `inet filter input`', [`nft add rule inet filter input ip saddr ${WORKER} tcp dport 2377 accept`]],
        ['swarm-input:tcp/7946', 'the policy drop of `inet filter input`', [`nft add rule inet filter input ip saddr ${WORKER} tcp dport 7946 accept`]],
        ['swarm-input:udp/7946', 'the policy drop of `inet filter input`', [`nft add rule inet filter input ip saddr ${WORKER} udp dport 7946 accept`]],
        ['swarm-input:udp/4789', 'the policy drop of `inet filter input`', [`nft add rule inet filter input ip saddr ${WORKER} udp dport 4789 accept`]],
        ['swarm-input:esp (IP protocol 50)', 'the policy drop of `inet filter input`', [`nft add rule inet filter input ip saddr ${WORKER} meta l4proto esp accept`]],
      ]);
    });

    it("for firewalld's table: the zone the packets go through, and firewall-cmd instead of nft", () => {
      const findings = DD417.check(withNftInput(healthy, 'firewalld'), context);
      expect(findings.map((f) => [f.subject, f.fix.commands])).toEqual([
        ['swarm-input:tcp/2377', ['firewall-cmd --permanent --zone=public --add-port=2377/tcp', 'firewall-cmd --reload']],
        ['swarm-input:tcp/7946', ['firewall-cmd --permanent --zone=public --add-port=7946/tcp', 'firewall-cmd --reload']],
        ['swarm-input:udp/7946', ['firewall-cmd --permanent --zone=public --add-port=7946/udp', 'firewall-cmd --reload']],
        ['swarm-input:udp/4789', ['firewall-cmd --permanent --zone=public --add-port=4789/udp', 'firewall-cmd --reload']],
      ]);
      expect(findings[3]!.message).toBe(
        "The nftables input chain `inet firewalld filter_INPUT` refuses udp/4789, overlay network traffic (VXLAN), from the swarm node 192.0.2.2: `reject with icmpx admin-prohibited` (handle 15) refuses it before any rule admits udp/4789, so containers on other nodes cannot reach this node's containers over overlay networks (VXLAN is dropped).",
      );
      expect(findings[3]!.fix.text).toContain('a rich rule `rule family="ipv4" source address="192.0.2.2" port port="4789" protocol="udp" accept` admits one peer only');
    });

    it('is a warning that says what it could not read, never an error, when a named set might admit the peer', () => {
      const findings = DD417.check(withNftInput(healthy, 'inet-filter-and-iptables-nft'), context);
      expect(findings.map((f) => [f.subject, f.severity])).toEqual([
        ['swarm-input:tcp/2377', 'warning'],
        ['swarm-input:tcp/7946', 'warning'],
        ['swarm-input:udp/7946', 'warning'],
        ['swarm-input:udp/4789', 'warning'],
      ]);
      expect(findings[3]!.message).toBe(
        "The nftables input chain `inet filter input` may refuse udp/4789, overlay network traffic (VXLAN), from the swarm node 192.0.2.2: dockdoc could not decide it, because it does not read `ip saddr @trusted accept` (the named set @trusted). If it is refused, containers on other nodes cannot reach this node's containers over overlay networks (VXLAN is dropped).",
      );
      expect(findings[3]!.fix.commands).toEqual([`nft insert rule inet filter input ip saddr ${WORKER} udp dport 4789 accept`]);
    });

    it('needs the input chains only where a native one exists, and skips (DD002) a snapshot that has one but predates them', () => {
      expect(DD417.needsOnHost!(healthy, '20.10.24')).toEqual(['swarm']);
      const native = withNftInput(healthy, 'policy-drop');
      expect(DD417.needsOnHost!(native, '20.10.24')).toEqual(['swarm', 'nftInputChains']);
      const older = withFacts(native, { nftInputChains: { unavailable: 'not recorded in this snapshot' } });
      const report = runRules(older, { rules: [DD417], settings: context.settings, ignore: [], severityOverrides: {} });
      expect(report.findings).toEqual([]);
      expect(report.skipped).toEqual([{ ruleId: 'DD417', reason: expect.stringContaining('not recorded in this snapshot') }]);
    });

    describe('the nftables configuration nftables.service loads', () => {
      const CONFIG = readFileSync(new URL('../../fixtures/nftables/input/swarm-reject.nft', import.meta.url), 'utf8');
      const withConfig = (snapshot: Snapshot, text: string, enabled: 'enabled' | 'disabled' = 'enabled'): Snapshot =>
        withFacts(snapshot, {
          nftablesConf: { path: '/etc/nftables.conf', present: true, text },
          firewallUnitStates: { source: 'systemctl', units: { 'nftables.service': { enabled, active: enabled === 'enabled' ? 'active' : 'inactive' } } },
        });

      it("names the file and the reject's line, with the live chain's commands joined (the real capture, its file enabled at boot)", () => {
        const findings = DD417.check(withConfig(hostFixture('swarm-manager-nft-input'), CONFIG), context);
        expect(findings.map((f) => [f.subject, f.location, f.fix.commands])).toEqual([
          ['swarm-input:tcp/2377', { file: '/etc/nftables.conf', line: 13 }, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} tcp dport 2377 accept`]],
          ['swarm-input:tcp/7946', { file: '/etc/nftables.conf', line: 13 }, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} tcp dport 7946 accept`]],
          ['swarm-input:udp/7946', { file: '/etc/nftables.conf', line: 13 }, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} udp dport 7946 accept`]],
          ['swarm-input:udp/4789', { file: '/etc/nftables.conf', line: 13 }, [`nft insert rule inet filter input handle 8 ip saddr ${WORKER} udp dport 4789 accept`]],
        ]);
        expect(findings[3]!.message).toBe(
          "The nftables input chain `inet filter input` in /etc/nftables.conf refuses udp/4789, overlay network traffic (VXLAN), from the swarm node 192.0.2.2: `reject with icmpx admin-prohibited` (line 13) refuses it before any rule admits udp/4789, so containers on other nodes cannot reach this node's containers over overlay networks (VXLAN is dropped).",
        );
        expect(findings[3]!.fix.text).toBe(
          'Admit the other nodes on udp/4789: add `ip saddr 192.0.2.2 udp dport 4789 accept` to /etc/nftables.conf before line 13 (`reject with icmpx admin-prohibited`), so nftables.service loads it at every start; the live chain refuses it too: run the commands.',
        );
      });

      it('reports the file alone once the live chain admits the nodes, and nothing once the file does too', () => {
        const fixedLive = hostFixture('swarm-manager-nft-input-fixed');
        expect(DD417.check(withConfig(fixedLive, CONFIG), context).map((f) => [f.subject, f.location?.line, f.fix.commands])).toEqual([
          ['swarm-input:tcp/2377', 13, undefined],
          ['swarm-input:tcp/7946', 13, undefined],
          ['swarm-input:udp/7946', 13, undefined],
          ['swarm-input:udp/4789', 13, undefined],
        ]);
        const grants = ['tcp dport 2377', 'tcp dport 7946', 'udp dport 7946', 'udp dport 4789'].map((g) => `\t\tip saddr ${WORKER} ${g} accept\n`).join('');
        const fixedFile = CONFIG.replace('\t\treject with icmpx admin-prohibited', `${grants}\t\treject with icmpx admin-prohibited`);
        expect(DD417.check(withConfig(fixedLive, fixedFile), context)).toEqual([]);
      });

      it('leaves the file alone when nftables.service does not load it at boot', () => {
        expect(DD417.check(withConfig(hostFixture('swarm-manager-nft-input-fixed'), CONFIG, 'disabled'), context)).toEqual([]);
      });
    });
  });
});
