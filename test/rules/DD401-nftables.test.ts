import { describe, expect, it } from 'vitest';
import rule from '../../rules/DD401.js';
import type { EngineFact } from '../../src/snapshot/schema.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesEngine, nftablesHost, nftCapture } from '../nftables/host.js';

const context = ruleContext('29.7.2');

/** The capture with the `nft -j` rule objects that `drop` selects taken out (the text listing is left as it was). */
function withoutRules(drop: (rule: { family: string; chain: string; comment?: string }) => boolean) {
  const capture = nftCapture('default-nat-both-families');
  const parsed = JSON.parse(capture.json) as { nftables: Record<string, { family: string; chain: string; comment?: string }>[] };
  parsed.nftables = parsed.nftables.filter((item) => !(item.rule && drop(item.rule)));
  return nftablesHost('default-nat-both-families', { nftRuleset: { json: JSON.stringify(parsed), text: capture.text } });
}

describe('DD401 under the nftables backend (29+)', () => {
  it("is silent when the live ruleset equals moby's golden tables for the host's network and port (both families)", () => {
    expect(rule.check(nftablesHost(), context)).toEqual([]);
  });

  it('is silent for `nftables+firewalld`, which is the nftables backend too (no iptables comparison, no false DD401)', () => {
    const host = nftablesHost('default-nat-both-families', { engine: nftablesEngine({ firewallBackend: 'nftables+firewalld' }), daemonConfig: { path: '/etc/docker/daemon.json', present: false } });
    expect(rule.check(host, context)).toEqual([]);
  });

  it('after `nft flush ruleset`: an error per family naming the table, and per network its broken published ports', () => {
    const findings = rule.check(nftablesHost('flushed'), context);
    expect(findings.map((f) => f.subject)).toEqual(['nft:ip docker-bridges', 'network:dummy', 'nft:ip6 docker-bridges', 'network:dummy']);
    expect(findings[0]!.message).toBe(
      "Docker's nftables table `ip docker-bridges` is missing from the live ruleset: every network's forwarding, outbound NAT and published ports over IPv4 are gone (dummy). Likely cause: a start or restart of nftables.service (nftables.service is disabled, inactive), whose config runs `flush ruleset` (/etc/nftables.conf:3). dockerd does not rebuild it until it restarts, and `docker network create` / `docker run -p` add to a table that no longer has its base chains.",
    );
    expect(findings[1]!.evidence!.problems).toEqual([
      "nothing is forwarded to or from bridge br-dummy: its filter-forward chains or their verdict-map elements are gone, so Docker's accepts are never reached",
      'outbound traffic of its containers is not masqueraded (no outside access)',
      'packets from other hosts addressed directly to its containers are no longer dropped',
      'published port 0.0.0.0:8080 → web:80/tcp has no DNAT',
      'published port 0.0.0.0:8080 → web:80/tcp is not accepted in filter-forward-in__br-dummy (its "UNPUBLISHED PORT DROP" drops it)',
    ]);
    expect(findings[3]!.evidence!.problems).toContain('published port [::]:8080 → web:80/tcp has no DNAT');
    expect(findings.every((f) => f.fix.commands?.[0] === 'systemctl restart docker')).toBe(true);
  });

  it('names exactly the published port whose DNAT rule is gone, and no other', () => {
    const findings = rule.check(withoutRules((r) => r.family === 'ip' && r.comment === 'DNAT'), context);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.subject).toBe('network:dummy');
    expect(findings[0]!.evidence!.problems).toEqual(['published port 0.0.0.0:8080 → web:80/tcp has no DNAT']);
    expect(findings[0]!.evidence!.missing).toEqual(['rule `iifname != "br-dummy" tcp dport 8080 counter dnat to 192.168.0.2:80 comment "DNAT"` in chain nat-prerouting-and-output']);
  });

  it('does not expect IPv6 tables when ip6tables is off', () => {
    const host = nftablesHost('flushed', { daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: '{"firewall-backend": "nftables", "ip6tables": false}' } });
    expect(rule.check(host, context).map((f) => f.subject)).toEqual(['nft:ip docker-bridges', 'network:dummy']);
  });

  it('is skipped (DD002) rather than silent when the nft ruleset could not be read', () => {
    expect(rule.needsOnHost!(nftablesHost(), '29.7.2')).toEqual(['nftRuleset']);
    const iptablesHost = nftablesHost('flushed', { engine: { ...nftablesEngine(), firewallBackend: 'iptables' } as EngineFact, daemonConfig: { path: '/etc/docker/daemon.json', present: false } });
    expect(rule.needsOnHost!(iptablesHost, '29.7.2')).toEqual(['iptables']);
  });
});
