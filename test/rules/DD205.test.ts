import { describe, expect, it } from 'vitest';
import DD205 from '../../rules/DD205.js';
import { context, daemonJson, healthy, withNetworks } from '../pools/snapshots.js';

describe('DD205 public address space', () => {
  it('is silent for the private ranges of the captured host', () => {
    expect(DD205.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD205.check(daemonJson('{"bip": "100.64.0.1/24", "default-address-pools": [{"base": "fd00::/56", "size": 64}]}'), context('29.7.2'))).toEqual([]);
  });

  it('flags 172.32+ and 192.169 (issue #44923)', () => {
    const findings = DD205.check(daemonJson('{"bip": "172.32.0.1/16", "default-address-pools": [{"base": "192.169.0.0/16", "size": 24}]}'), context('20.10.24'));
    expect(findings.map((f) => f.subject)).toEqual(['daemon:bip', 'pool:0']);
    expect(findings[0]?.message).toBe(
      'bip 172.32.0.0/16 is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet with those addresses become unreachable from this host and its containers, because the Docker bridge route wins. dockerd does not check this.',
    );
  });

  it('flags a live network on public space', () => {
    expect(DD205.check(withNetworks(healthy, ['8.8.0.0/16']), context('20.10.24')).map((f) => f.subject)).toEqual(['network:net1']);
  });
});

describe('DD205 names the special-purpose range and words the risk for it (issue 11)', () => {
  const pools = (...bases: string[]) => daemonJson(JSON.stringify({ 'default-address-pools': bases.map((base) => ({ base, size: base.includes(':') ? 64 : 24 })) }));

  it('documentation and benchmarking space: no Internet hosts to shadow, an info', () => {
    const findings = DD205.check(pools('198.18.0.0/16', '203.0.113.0/24', '2001:db8:1::/48'), context('29.7.2'));
    expect(findings.map((f) => [f.severity, f.evidence])).toEqual([
      ['info', { subnet: '198.18.0.0/16', specialPurpose: '198.18.0.0/15', rfc: 'RFC 2544' }],
      ['info', { subnet: '203.0.113.0/24', specialPurpose: '203.0.113.0/24', rfc: 'RFC 5737' }],
      ['info', { subnet: '2001:db8:1::/48', specialPurpose: '2001:db8::/32', rfc: 'RFC 3849' }],
    ]);
    expect(findings[0]?.message).toBe(
      'default-address-pools entry 0 198.18.0.0/16 is benchmarking space (198.18.0.0/15, RFC 2544; IANA special-purpose registry), not private space. No Internet hosts use these addresses, so nothing is shadowed; but the range is reserved for that purpose, not for local networks, and other setups that use it may collide with yours. dockerd does not check this.',
    );
    expect(findings[1]?.message).toContain('is documentation space (TEST-NET-3) (203.0.113.0/24, RFC 5737;');
  });

  it('ranges with meaning to the host or with Internet services stay warnings, with their own wording', () => {
    const findings = DD205.check(pools('169.254.0.0/16', '192.175.48.0/24', '2002:c000::/48'), context('29.7.2'));
    expect(findings.map((f) => f.severity)).toEqual([undefined, undefined, undefined]);
    expect(findings[0]?.message).toContain("is link-local space (169.254.0.0/16, RFC 3927; IANA special-purpose registry), not private space. The host's network stack");
    expect(findings[1]?.message).toContain('Services on the Internet answer at these addresses');
    expect(findings[2]?.message).toContain('is 6to4 (2002::/16, RFC 3056;');
  });

  it('keeps the shadowing wording for public space, which no special range contains', () => {
    const [finding] = DD205.check(pools('198.0.0.0/8'), context('29.7.2'));
    expect(finding?.message).toContain('is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet');
  });
});
