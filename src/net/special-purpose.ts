import { containsPrefix, networkMask, prefix, type Prefix } from './prefix.js';

/**
 * What using a range for Docker networks risks:
 * - `private`: meant for local networks (RFC 1918, RFC 6598 shared space, IPv6 ULA); nothing to report.
 * - `no-internet-hosts`: reserved and never routed on the Internet (documentation, benchmarking), so nothing is
 *   shadowed; it is simply not meant for real networks.
 * - `host-special`: the host's own stack gives it a meaning (loopback, link-local, multicast, "this network").
 * - `internet-services`: real services on the Internet answer there (anycast AS112, AMT, NAT64, 6to4…).
 */
export type SpecialPurposeRisk = 'private' | 'no-internet-hosts' | 'host-special' | 'internet-services';

export interface SpecialPurposeRange {
  prefix: string;
  name: string;
  /** The RFC that sets the range aside, as the registry cites it. */
  rfc: string;
  risk: SpecialPurposeRisk;
}

/**
 * One table, transcribed from the IANA IPv4 and IPv6 Special-Purpose Address Registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry/, .../iana-ipv6-special-registry/), plus the two
 * multicast blocks of the IPv4 and IPv6 Address Space Registries. Entries inside a larger entry come after it;
 * the most specific entry containing a subnet names it. Single anycast addresses (/32, /128) are left out: a
 * Docker subnet never fits inside one.
 */
export const SPECIAL_PURPOSE_RANGES: readonly SpecialPurposeRange[] = [
  { prefix: '0.0.0.0/8', name: '"this network"', rfc: 'RFC 791', risk: 'host-special' },
  { prefix: '10.0.0.0/8', name: 'private-use space', rfc: 'RFC 1918', risk: 'private' },
  { prefix: '100.64.0.0/10', name: 'shared address space (carrier-grade NAT)', rfc: 'RFC 6598', risk: 'private' },
  { prefix: '127.0.0.0/8', name: 'loopback', rfc: 'RFC 1122', risk: 'host-special' },
  { prefix: '169.254.0.0/16', name: 'link-local space', rfc: 'RFC 3927', risk: 'host-special' },
  { prefix: '172.16.0.0/12', name: 'private-use space', rfc: 'RFC 1918', risk: 'private' },
  { prefix: '192.0.0.0/24', name: 'IETF protocol assignments', rfc: 'RFC 6890', risk: 'no-internet-hosts' },
  { prefix: '192.0.2.0/24', name: 'documentation space (TEST-NET-1)', rfc: 'RFC 5737', risk: 'no-internet-hosts' },
  { prefix: '192.31.196.0/24', name: 'AS112-v4 (anycast DNS sink)', rfc: 'RFC 7535', risk: 'internet-services' },
  { prefix: '192.52.193.0/24', name: 'AMT (multicast tunnelling relays)', rfc: 'RFC 7450', risk: 'internet-services' },
  { prefix: '192.88.99.0/24', name: 'deprecated 6to4 relay anycast', rfc: 'RFC 7526', risk: 'internet-services' },
  { prefix: '192.168.0.0/16', name: 'private-use space', rfc: 'RFC 1918', risk: 'private' },
  { prefix: '192.175.48.0/24', name: 'direct delegation AS112 service', rfc: 'RFC 7534', risk: 'internet-services' },
  { prefix: '198.18.0.0/15', name: 'benchmarking space', rfc: 'RFC 2544', risk: 'no-internet-hosts' },
  { prefix: '198.51.100.0/24', name: 'documentation space (TEST-NET-2)', rfc: 'RFC 5737', risk: 'no-internet-hosts' },
  { prefix: '203.0.113.0/24', name: 'documentation space (TEST-NET-3)', rfc: 'RFC 5737', risk: 'no-internet-hosts' },
  { prefix: '224.0.0.0/4', name: 'multicast space', rfc: 'RFC 5771', risk: 'host-special' },
  { prefix: '240.0.0.0/4', name: 'reserved space (class E)', rfc: 'RFC 1112', risk: 'no-internet-hosts' },
  { prefix: '::/128', name: 'the unspecified address', rfc: 'RFC 4291', risk: 'host-special' },
  { prefix: '::1/128', name: 'loopback', rfc: 'RFC 4291', risk: 'host-special' },
  { prefix: '::ffff:0:0/96', name: 'IPv4-mapped addresses', rfc: 'RFC 4291', risk: 'host-special' },
  { prefix: '64:ff9b::/96', name: 'the NAT64 well-known prefix', rfc: 'RFC 6052', risk: 'internet-services' },
  { prefix: '64:ff9b:1::/48', name: 'local-use IPv4/IPv6 translation', rfc: 'RFC 8215', risk: 'private' },
  { prefix: '100::/64', name: 'discard-only space', rfc: 'RFC 6666', risk: 'no-internet-hosts' },
  { prefix: '2001::/23', name: 'IETF protocol assignments', rfc: 'RFC 2928', risk: 'no-internet-hosts' },
  { prefix: '2001::/32', name: 'Teredo', rfc: 'RFC 4380', risk: 'internet-services' },
  { prefix: '2001:2::/48', name: 'benchmarking space', rfc: 'RFC 5180', risk: 'no-internet-hosts' },
  { prefix: '2001:3::/32', name: 'AMT (multicast tunnelling relays)', rfc: 'RFC 7450', risk: 'internet-services' },
  { prefix: '2001:4:112::/48', name: 'AS112-v6 (anycast DNS sink)', rfc: 'RFC 7535', risk: 'internet-services' },
  { prefix: '2001:10::/28', name: 'deprecated ORCHID', rfc: 'RFC 4843', risk: 'no-internet-hosts' },
  { prefix: '2001:20::/28', name: 'ORCHIDv2', rfc: 'RFC 7343', risk: 'no-internet-hosts' },
  { prefix: '2001:db8::/32', name: 'documentation space', rfc: 'RFC 3849', risk: 'no-internet-hosts' },
  { prefix: '2002::/16', name: '6to4', rfc: 'RFC 3056', risk: 'internet-services' },
  { prefix: '2620:4f:8000::/48', name: 'direct delegation AS112 service', rfc: 'RFC 7534', risk: 'internet-services' },
  { prefix: '3fff::/20', name: 'documentation space', rfc: 'RFC 9637', risk: 'no-internet-hosts' },
  { prefix: '5f00::/16', name: 'SRv6 segment identifiers', rfc: 'RFC 9602', risk: 'no-internet-hosts' },
  { prefix: 'fc00::/7', name: 'unique local addresses', rfc: 'RFC 4193', risk: 'private' },
  { prefix: 'fe80::/10', name: 'link-local unicast', rfc: 'RFC 4291', risk: 'host-special' },
  { prefix: 'ff00::/8', name: 'multicast space', rfc: 'RFC 4291', risk: 'host-special' },
];

/**
 * The table by family, then prefix length, longest first, then network address: the most specific range holding a
 * subnet is the first hit of masking the subnet to each length (a handful of lookups instead of testing every range).
 */
const BY_LENGTH = new Map<4 | 6, [number, Map<bigint, SpecialPurposeRange>][]>(
  ([4, 6] as const).map((family) => {
    const byLength = new Map<number, Map<bigint, SpecialPurposeRange>>();
    for (const range of SPECIAL_PURPOSE_RANGES) {
      const parsed = prefix(range.prefix);
      if (parsed.family !== family) continue;
      if (!byLength.has(parsed.length)) byLength.set(parsed.length, new Map());
      byLength.get(parsed.length)!.set(parsed.address, range);
    }
    return [family, [...byLength].sort(([a], [b]) => b - a)];
  }),
);

/** The most specific special-purpose range that contains the whole subnet, or null (ordinary address space). */
export function specialPurposeRange(subnet: Prefix): SpecialPurposeRange | null {
  for (const [length, byAddress] of BY_LENGTH.get(subnet.family)!) {
    if (length > subnet.length) continue;
    const range = byAddress.get(subnet.address & networkMask(subnet.family, length));
    if (range) return { prefix: range.prefix, name: range.name, rfc: range.rfc, risk: range.risk };
  }
  return null;
}

/** Global unicast IPv6 (2000::/3): the only IPv6 space with Internet hosts today. */
const GLOBAL_UNICAST_V6 = prefix('2000::/3');

/** Whether ordinary space (no special-purpose entry) holds hosts on the Internet: all IPv4, IPv6 only in 2000::/3. */
export function isAllocatedUnicast(subnet: Prefix): boolean {
  return subnet.family === 4 || containsPrefix(GLOBAL_UNICAST_V6, subnet);
}
