import { describe, expect, it } from 'vitest';
import DD404 from '../../rules/DD404.js';
import DD415 from '../../rules/DD415.js';
import { goldenCases, goldenEngineParts, goldenText, hostSnapshot, withDaemonChains } from '../iptables/moby-golden-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const c = goldenCases('29.7.2').find((g) => g.file === 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=routed,bindlh=false__iptables.golden')!;

function host(version: string, mutate: (parts: ReturnType<typeof goldenEngineParts>) => void) {
  const parts = goldenEngineParts(c.params);
  mutate(parts);
  return hostSnapshot({ version, ...parts, daemonJson: '{}\n', saves: { 4: withDaemonChains(goldenText(c, 4), '29.7.2'), 6: withDaemonChains(goldenText(c, 6), '29.7.2') } });
}

describe('DD415', () => {
  it('is silent when every network is modelled (every gateway mode of 28+)', () => {
    for (const mode of ['nat', 'nat-unprotected', 'routed']) {
      const snapshot = host('29.7.2', (p) => {
        p.networks[0]!.options['com.docker.network.bridge.gateway_mode_ipv4'] = mode;
      });
      expect(DD415.check(snapshot, ruleContext('29.7.2'))).toEqual([]);
    }
  });

  it("names a 27.x network in routed mode: 27's routed rules are not modelled", () => {
    const snapshot = host('27.5.1', () => {});
    // Its rules are not taken for left-overs either: the bridge and the container exist.
    expect(DD404.check(snapshot, ruleContext('27.5.1'))).toEqual([]);
    const findings = DD415.check(snapshot, ruleContext('27.5.1'));
    expect(findings).toEqual([
      {
        subject: 'network:dummy',
        message:
          'network dummy (bridge, br-dummy) is not checked: it uses gateway mode routed on engine 27.5.1, whose 27.x rules dockdoc does not model. dockdoc neither expects nor checks its firewall rules, so the absence of findings about it says nothing.',
        evidence: { network: 'dummy', driver: 'bridge', bridge: 'br-dummy', reason: 'it uses gateway mode routed on engine 27.5.1, whose 27.x rules dockdoc does not model', engineVersion: '27.5.1' },
        fix: { text: 'Check its rules by hand (`iptables-save | grep br-dummy`, or `nft list ruleset` with the nftables backend), or ignore this finding for the network in dockdoc\'s config once you have.' },
      },
    ]);
  });

  it('names a gateway mode the engine does not know (nat-unprotected before 28.0) and swarm overlays', () => {
    const snapshot = host('27.5.1', (p) => {
      p.networks[0]!.options['com.docker.network.bridge.gateway_mode_ipv6'] = 'nat-unprotected';
      p.networks[0]!.options['com.docker.network.bridge.gateway_mode_ipv4'] = 'nat';
      p.networks.push({ ...p.networks[0]!, id: 'o'.repeat(64), name: 'ingress', driver: 'overlay', scope: 'swarm', bridge: null, options: {} });
    });
    expect(DD415.check(snapshot, ruleContext('27.5.1')).map((f) => f.message)).toEqual([
      'network dummy (bridge, br-dummy) is not checked: its gateway_mode_ipv6 "nat-unprotected" is not one engine 27.5.1 knows. dockdoc neither expects nor checks its firewall rules, so the absence of findings about it says nothing.',
      "network ingress (overlay) is not checked: it is a swarm overlay network, whose own firewall rules (an encrypted overlay's, those in its namespace) dockdoc does not model; the routing mesh is checked by DD418. dockdoc neither expects nor checks its firewall rules, so the absence of findings about it says nothing.",
    ]);
  });

  it('before 27.0 the option is ignored: the network NATs and is modelled', () => {
    expect(DD415.check(host('26.1.5', () => {}), ruleContext('26.1.5'))).toEqual([]);
  });
});
