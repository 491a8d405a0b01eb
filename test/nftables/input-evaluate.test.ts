import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inputHookChains, jumpTargets } from '../../src/nftables/input/chains.js';
import { evaluateInputHook, hookVerdict, type NftInputProbe } from '../../src/nftables/input/evaluate.js';
import { firewalldCommands, firewalldZone, nftAcceptRule, nftAdmitCommand } from '../../src/nftables/input/fix.js';
import type { NftInputChainsFact } from '../../src/snapshot/schema.js';

/** Real `nft -j` listings (fixtures/nftables/input/README.md). */
function gathered(name: string): { chains: { json: string }; nftInputChains: NftInputChainsFact } {
  return JSON.parse(readFileSync(new URL(`../../fixtures/nftables/input/${name}.gathered.json`, import.meta.url), 'utf8'));
}

const constructs = gathered('constructs').nftInputChains;
const probe = (protocol: NftInputProbe['protocol'], port: number | null, source: string, inInterface: string | null = 'eth0'): NftInputProbe => ({
  protocol,
  port,
  source,
  destination: null,
  inInterface,
});
/** One line per base chain: `inet filter input accept`, with what refuses. */
const summary = (fact: NftInputChainsFact, p: NftInputProbe): string[] =>
  evaluateInputHook(fact, p).map((v) => {
    const at = v.refusedBy ? ` by ${v.refusedBy.rule ? `${v.refusedBy.rule.chain.name}#${v.refusedBy.rule.handle}` : 'policy'}` : '';
    return `${v.chain.family} ${v.chain.table} ${v.chain.name} ${v.verdict}${at}`;
  });

describe('the native INPUT chains the gatherer lists', () => {
  it('are the filter base chains on the input hook, iptables-nft INPUT left to iptables-save', () => {
    expect(inputHookChains(gathered('inet-filter-and-iptables-nft').chains.json)).toEqual([{ family: 'inet', table: 'filter', name: 'input' }]);
    expect(inputHookChains(gathered('constructs').chains.json)).toEqual([
      { family: 'inet', table: 'filter', name: 'input' },
      { family: 'ip', table: 'early', name: 'input' },
    ]);
    expect(inputHookChains('not json')).toEqual([]);
  });

  it('follow jumps and gotos, verdict maps included, in the order of the JSON text', () => {
    expect(jumpTargets(constructs.chains[0]!.json!)).toEqual(['dmz', 'mgmt']);
    expect(gathered('firewalld').nftInputChains.chains.map((c) => c.name)).toEqual([
      'filter_INPUT', 'filter_INPUT_ZONES_SOURCE', 'filter_INPUT_ZONES', 'filter_IN_public',
      'filter_IN_public_pre', 'filter_IN_public_log', 'filter_IN_public_deny', 'filter_IN_public_allow', 'filter_IN_public_post',
    ]);
  });
});

describe('evaluateInputHook on real nft -j listings', () => {
  it('admits by an address range and a port, through both base chains in priority order', () => {
    expect(summary(constructs, probe('udp', 4789, '192.0.2.5'))).toEqual(['ip early input accept', 'inet filter input accept']);
    expect(hookVerdict(evaluateInputHook(constructs, probe('udp', 4789, '192.0.2.5')))).toBe('accept');
  });

  it('refuses by the policy when no rule admits, by a negated source match, and in a chain reached by goto', () => {
    expect(summary(constructs, probe('udp', 4789, '192.0.2.50'))).toEqual(['ip early input accept', 'inet filter input refuse by policy']);
    expect(summary(constructs, probe('tcp', 2377, '192.0.2.50'))).toEqual(['ip early input accept', 'inet filter input refuse by input#15']);
    expect(summary(constructs, probe('tcp', 2500, '192.0.2.50'))).toEqual(['ip early input accept', 'inet filter input refuse by mgmt#6']);
  });

  it('returns from a chain reached by goto from the base chain to the base chain\'s policy, not to the rule after the goto', () => {
    // `ip saddr 198.51.100.0/24 tcp dport 2377 accept` comes after `goto mgmt`, whose `return` ends the base chain.
    const [, filter] = evaluateInputHook(constructs, probe('tcp', 2377, '198.51.100.5'));
    expect(filter).toMatchObject({ verdict: 'refuse', refusedBy: { rule: null }, path: ['input', 'mgmt'] });
  });

  it('reads ip6 prefixes, l4proto sets and th dport; ip-family chains do not see IPv6', () => {
    expect(summary(constructs, probe('udp', 7946, '2001:db8:1::5'))).toEqual(['inet filter input accept']);
    expect(summary(constructs, probe('udp', 4789, '2001:db8:2::5'))).toEqual(['inet filter input accept']);
    expect(summary(constructs, probe('tcp', 7946, '2001:db8:2::5'))).toEqual(['inet filter input refuse by policy']);
  });

  it('follows a verdict map to a jump or an accept, and a drop in the earlier base chain refuses', () => {
    expect(summary(constructs, probe('udp', 53, '192.0.2.50', 'dmz0'))).toEqual(['ip early input accept', 'inet filter input accept']);
    expect(summary(constructs, probe('udp', 4789, '203.0.113.66'))).toEqual(['ip early input refuse by input#2', 'inet filter input refuse by policy']);
    expect(summary(constructs, probe('tcp', 2377, '198.51.100.5', 'lo'))).toEqual(['ip early input accept', 'inet filter input accept']);
    expect(hookVerdict(evaluateInputHook(constructs, probe('udp', 4789, '203.0.113.66')))).toBe('refuse');
  });

  it('an unread statement (limit) forks: both ways accept here, so the verdict is still decided', () => {
    expect(summary(constructs, probe('udp', 5000, '192.0.2.50'))).toEqual(['ip early input accept', 'inet filter input refuse by policy']);
  });

  it('an interface it does not know is never the loopback, and may be any other', () => {
    expect(summary(constructs, probe('udp', 4789, '192.0.2.5', null))).toEqual(['ip early input accept', 'inet filter input accept']);
    expect(summary(constructs, probe('udp', 53, '192.0.2.50', null))).toEqual(['ip early input accept', 'inet filter input unknown']);
    expect(evaluateInputHook(constructs, probe('udp', 53, '192.0.2.50', null))[1]!.doubts).toEqual([
      '`iifname vmap { "lo" : accept, "dmz0" : jump dmz }` (the interface the packet arrives on is not known)',
    ]);
  });

  it('established-only and invalid-state rules admit no new connection; a policy drop refuses the rest (Debian style)', () => {
    const fact = gathered('policy-drop').nftInputChains;
    expect(summary(fact, probe('udp', 4789, '192.0.2.2'))).toEqual(['inet filter input refuse by policy']);
    expect(summary(fact, probe('tcp', 22, '192.0.2.2'))).toEqual(['inet filter input accept']);
    expect(summary(fact, probe('esp', null, '192.0.2.2'))).toEqual(['inet filter input refuse by policy']);
  });

  it('says "unknown", never refused, when a named set could admit the packet', () => {
    const fact = gathered('inet-filter-and-iptables-nft').nftInputChains;
    const [verdict] = evaluateInputHook(fact, probe('udp', 4789, '192.0.2.2'));
    expect(verdict).toMatchObject({ verdict: 'unknown', doubts: ['`ip saddr @trusted accept` (the named set @trusted)'] });
    expect(verdict!.refusedBy).toBeUndefined();
    // The jump target admits DNS for everyone: decided although the named set is unread.
    expect(summary(fact, probe('udp', 53, '192.0.2.2'))).toEqual(['inet filter input accept']);
  });

  it('walks firewalld\'s zones: the public zone admits ssh and 9090, the final reject of filter_INPUT refuses the rest', () => {
    const fact = gathered('firewalld').nftInputChains;
    expect(summary(fact, probe('tcp', 22, '192.0.2.2', 'swarm0'))).toEqual(['inet firewalld filter_INPUT accept']);
    const [vxlan] = evaluateInputHook(fact, probe('udp', 4789, '192.0.2.2', 'swarm0'));
    expect(vxlan).toMatchObject({ verdict: 'refuse', refusedBy: { rule: { handle: 15, text: 'reject with icmpx admin-prohibited' } } });
    expect(firewalldZone(vxlan!.path)).toBe('public');
    // The dhcpv6-client rule needs this host's address to be decided for IPv6 on udp/546.
    expect(summary(fact, probe('udp', 546, '2001:db8::1', 'swarm0'))).toEqual(['inet firewalld filter_INPUT unknown']);
    expect(summary(fact, { ...probe('udp', 546, '2001:db8::1', 'swarm0'), destination: 'fe80::1' })).toEqual(['inet firewalld filter_INPUT accept']);
  });

  it('a chain past the caps, or one whose listing failed, makes the verdict unknown and says which', () => {
    const firewalld = gathered('firewalld').nftInputChains;
    const capped: NftInputChainsFact = { chains: firewalld.chains.filter((c) => c.name !== 'filter_IN_public_allow'), unlisted: ['inet firewalld filter_IN_public_allow'] };
    expect(evaluateInputHook(capped, probe('tcp', 22, '192.0.2.2', 'swarm0'))[0]).toMatchObject({
      verdict: 'unknown',
      doubts: ["the chain inet firewalld filter_IN_public_allow (not listed: past the gatherer's caps)"],
    });
    const failed: NftInputChainsFact = {
      chains: firewalld.chains.map((c) => (c.name === 'filter_IN_public_allow' ? { family: c.family, table: c.table, name: c.name, unavailable: 'nft timed out' } : c)),
      unlisted: [],
    };
    expect(evaluateInputHook(failed, probe('tcp', 22, '192.0.2.2', 'swarm0'))[0]!.doubts).toEqual(['the chain inet firewalld filter_IN_public_allow (nft timed out)']);
  });
});

describe('the fixes', () => {
  it('insert the accept rule before the refusing rule by handle, append it under a refusing policy', () => {
    const [, byRule] = evaluateInputHook(constructs, probe('tcp', 2500, '192.0.2.50'));
    expect(nftAdmitCommand(byRule!, { protocol: 'tcp', port: 2500, peer: '192.0.2.50' })).toBe('nft insert rule inet filter mgmt handle 6 ip saddr 192.0.2.50 tcp dport 2500 accept');
    const [, byPolicy] = evaluateInputHook(constructs, probe('udp', 4789, '192.0.2.50'));
    expect(nftAdmitCommand(byPolicy!, { protocol: 'udp', port: 4789, peer: '192.0.2.50' })).toBe('nft add rule inet filter input ip saddr 192.0.2.50 udp dport 4789 accept');
    expect(nftAcceptRule({ protocol: 'esp', port: null, peer: '2001:db8::2' })).toBe('ip6 saddr 2001:db8::2 meta l4proto esp accept');
  });

  it('for firewalld, firewall-cmd in the zone the packet went through', () => {
    expect(firewalldCommands('public', [{ protocol: 'udp', port: 4789 }, { protocol: 'esp', port: null }])).toEqual([
      'firewall-cmd --permanent --zone=public --add-port=4789/udp',
      'firewall-cmd --permanent --zone=public --add-protocol=esp',
      'firewall-cmd --reload',
    ]);
  });
});
