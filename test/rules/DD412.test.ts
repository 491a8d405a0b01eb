import { describe, expect, it } from 'vitest';
import DD412 from '../../rules/DD412.js';
import { unavailable } from '../../src/snapshot/fact.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesHost, nftCapture } from '../nftables/host.js';

const context = ruleContext('29.7.2');

/** iptables-save of a host where an earlier iptables-backend dockerd set the FORWARD policy to DROP. */
function iptables(policy: 'ACCEPT' | 'DROP', rules = '') {
  const save = `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ${policy} [0:0]\n:OUTPUT ACCEPT [0:0]\n${rules}COMMIT\n`;
  return { backend: 'nf_tables' as const, versionText: 'iptables v1.8.9 (nf_tables)', save, otherBackend: unavailable('not used by these tests') };
}

describe('DD412', () => {
  it('is silent with FORWARD policy ACCEPT and no other forward chain dropping', () => {
    expect(DD412.check(nftablesHost('default-nat-both-families', { iptables: iptables('ACCEPT'), ip6tables: iptables('ACCEPT') }), context)).toEqual([]);
  });

  it('reports an iptables FORWARD policy DROP under the nftables backend, naming networks and published ports', () => {
    const findings = DD412.check(nftablesHost('default-nat-both-families', { iptables: iptables('DROP') }), context);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subject).toBe('iptables:FORWARD');
    expect(findings[0]!.message).toBe(
      'Docker uses its nftables backend, but the iptables FORWARD chain (policy DROP) drops every forwarded IPv4 packet that nothing there accepts, including what Docker\'s own nft rules accept: containers on dummy have no outside access and published port 0.0.0.0:8080 → web:80/tcp does not answer. dockerd only logs "Network traffic for published ports may be dropped, iptables chain FORWARD has policy DROP." (a DROP policy is often left over from an earlier run of the iptables backend, which sets it when it enables forwarding).',
    );
    expect(findings[0]!.fix.commands).toEqual(['iptables -P FORWARD ACCEPT']);
    expect(findings[0]!.fix.text).toContain('iptables -I FORWARD -o br-dummy -j ACCEPT\niptables -I FORWARD -i br-dummy -j ACCEPT');
  });

  it('is silent when FORWARD accepts the bridge both ways despite its DROP policy', () => {
    const accepted = iptables('DROP', '-A FORWARD -o br-dummy -j ACCEPT\n-A FORWARD -i br-dummy -j ACCEPT\n');
    expect(DD412.check(nftablesHost('default-nat-both-families', { iptables: accepted }), context)).toEqual([]);
  });

  it("reports an admin's nft forward chain with policy drop in another table", () => {
    const capture = nftCapture('default-nat-both-families');
    const text = `${capture.text}table inet filter {\n\tchain forward {\n\t\ttype filter hook forward priority filter; policy drop;\n\t}\n}\n`;
    const findings = DD412.check(nftablesHost('default-nat-both-families', { nftRuleset: { json: '{}', text } }), context);
    expect(findings.map((f) => f.subject)).toEqual(['nft:inet filter forward', 'nft:inet filter forward']);
    expect(findings.map((f) => f.evidence!.family)).toEqual([4, 6]);
  });

  it('is silent under the iptables backend (there Docker accepts its traffic in FORWARD itself)', () => {
    const host = nftablesHost('default-nat-both-families', { iptables: iptables('DROP'), daemonConfig: { path: '/etc/docker/daemon.json', present: false } });
    expect(DD412.check({ ...host, facts: { ...host.facts, engine: { ...(host.facts.engine as object), firewallBackend: 'iptables' } as never } }, context)).toEqual([]);
  });
});
