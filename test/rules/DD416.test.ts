import { describe, expect, it } from 'vitest';
import DD416 from '../../rules/DD416.js';
import { goldenCases, goldenEngineParts, goldenText, hostSnapshot, withDaemonChains } from '../iptables/moby-golden-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const c = goldenCases('29.7.2').find((g) => g.file === 'hairpin=false,internal=false,icc=true,masq=true,snat=false,gwm=nat,bindlh=false__iptables.golden')!;
const v4 = withDaemonChains(goldenText(c, 4), '29.7.2');

/** The golden host with IPv6 off on its network: the engine shape of a daemon whose ip6tables setup failed. */
function ipv4Only() {
  const parts = goldenEngineParts(c.params);
  parts.networks[0]!.enableIPv6 = false;
  parts.containers[0]!.endpoints[0]!.ipv6 = null;
  parts.containers[0]!.ports = parts.containers[0]!.ports.filter((p) => !p.hostIp.includes(':'));
  return parts;
}

describe('DD416', () => {
  it("says what is known when every Docker ip6tables chain is absent and no network has IPv6", () => {
    const snapshot = hostSnapshot({ version: '29.7.2', ...ipv4Only(), daemonJson: '{}\n', saves: { 4: v4, 6: '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n' } });
    const findings = DD416.check(snapshot, ruleContext('29.7.2'));
    expect(findings.map((f) => f.subject)).toEqual(['ip6tables:docker-chains']);
    expect(findings[0]!.message).toBe(
      'None of Docker\'s ip6tables chains exist (filter DOCKER, nat DOCKER, filter DOCKER-BRIDGE, filter DOCKER-CT, filter DOCKER-FORWARD, filter DOCKER-INTERNAL, filter DOCKER-USER) although ip6tables is enabled for dockerd. No network has IPv6, so no container traffic depends on them now, but `docker network create --ipv6` will fail. Either dockerd could not set them up when it started (its log then says "ip6tables is enabled, but cannot set up ip6tables chains": the kernel lacks ip6_tables or IPv6 is disabled; a restart does not help) or something flushed them since (a restart rebuilds them). dockdoc cannot tell which from here.',
    );
  });

  it('is silent when the chains exist, when ip6tables is off, and when a network has IPv6 (DD401 then)', () => {
    const healthy = hostSnapshot({ version: '29.7.2', ...ipv4Only(), daemonJson: '{}\n', saves: { 4: v4, 6: withDaemonChains(goldenText(c, 6), '29.7.2') } });
    expect(DD416.check(healthy, ruleContext('29.7.2'))).toEqual([]);
    const off = hostSnapshot({ version: '29.7.2', ...ipv4Only(), daemonJson: '{"ip6tables": false}\n', saves: { 4: v4, 6: '' } });
    expect(DD416.check(off, ruleContext('29.7.2'))).toEqual([]);
    const ipv6 = hostSnapshot({ version: '29.7.2', ...goldenEngineParts(c.params), daemonJson: '{}\n', saves: { 4: v4, 6: '' } });
    expect(DD416.check(ipv6, ruleContext('29.7.2'))).toEqual([]);
  });
});
