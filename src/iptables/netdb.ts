import { PROTOCOLS_TEXT, SERVICES_TEXT } from './data/netdb.js';

interface NetDb {
  /** Lower-cased protocol name or alias → number. */
  protocolNumbers: Map<string, number>;
  /** Number → first name in /etc/protocols (what getprotobynumber() returns, so what iptables prints). */
  protocolNames: Map<number, string>;
  /** "name/proto" → port, first entry wins as in getservbyname(). */
  services: Map<string, number>;
}

let cache: NetDb | null = null;

/** Parsed lazily: most rulesets never name a service, and start-up time counts for `check`. */
function netDb(): NetDb {
  if (cache) return cache;
  const protocolNumbers = new Map<string, number>();
  const protocolNames = new Map<number, string>();
  for (const line of PROTOCOLS_TEXT.split('\n')) {
    const [name, numberText, ...aliases] = line.split(' ');
    if (!name || numberText === undefined) continue;
    const number = Number(numberText);
    if (!protocolNames.has(number)) protocolNames.set(number, name);
    for (const n of [name, ...aliases]) if (!protocolNumbers.has(n.toLowerCase())) protocolNumbers.set(n.toLowerCase(), number);
  }
  const services = new Map<string, number>();
  for (const line of SERVICES_TEXT.split('\n')) {
    const [name, portProto, ...aliases] = line.split(' ');
    if (!name || !portProto) continue;
    const [portText, proto] = portProto.split('/');
    for (const n of [name, ...aliases]) {
      const key = `${n}/${proto}`;
      if (!services.has(key)) services.set(key, Number(portText));
    }
  }
  cache = { protocolNumbers, protocolNames, services };
  return cache;
}

/**
 * iptables' own protocol names, consulted before /etc/protocols when parsing (xtables_chain_protos):
 * `icmpv6` is not in netbase, and `all` means protocol 0.
 */
const XTABLES_PROTOCOLS: Record<string, number> = {
  tcp: 6, sctp: 132, udp: 17, udplite: 136, icmp: 1, icmpv6: 58, 'ipv6-icmp': 58, esp: 50, ah: 51, 'ipv6-mh': 135, mh: 135, all: 0,
};

/** Protocol number for `-p` text (case-insensitive name or a number 0–255), or null when unknown. */
export function protocolNumber(text: string): number | null {
  const lower = text.toLowerCase();
  if (/^\d+$/.test(lower)) {
    const n = Number(lower);
    return n <= 255 ? n : null;
  }
  const own = XTABLES_PROTOCOLS[lower];
  if (own !== undefined) return own;
  return netDb().protocolNumbers.get(lower) ?? null;
}

/** How iptables-save prints protocol `n`: its /etc/protocols name, else the number. */
export function protocolName(n: number): string {
  return netDb().protocolNames.get(n) ?? String(n);
}

/**
 * Port of a service name as iptables 1.8 resolves it (xtables_getportbyname: getaddrinfo() without hints), which
 * ignores the rule's protocol: `-p udp --dport http` is port 80 although /etc/services lists http for tcp only.
 */
export function servicePort(name: string): number | null {
  const services = netDb().services;
  return services.get(`${name}/tcp`) ?? services.get(`${name}/udp`) ?? services.get(`${name}/sctp`) ?? null;
}

/** multiport still uses getservbyname(name, protocol): `-p udp -m multiport --dports ssh` is refused. */
export function servicePortFor(name: string, protocol: string): number | null {
  return netDb().services.get(`${name}/${protocol}`) ?? null;
}
