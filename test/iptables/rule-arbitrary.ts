import fc from 'fast-check';

/**
 * Random iptables rules written the way people write them: core options, the protocol's implicit match, state,
 * multiport and comments, in any order iptables accepts, with odd but valid spellings (masks with host bits, dotted
 * masks, service names, `--syn`, unsorted state lists, long option names). Each rule is a list of option groups; a
 * group's tokens stay together, and `after` names groups that must come earlier (R6: `--dport` needs `-p` first).
 */
export interface Group {
  id: string;
  tokens: string[];
  after?: string[];
}

export interface GeneratedRule {
  chain: string;
  groups: Group[];
}

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const dottedMasks = ['255.255.255.0', '255.255.0.0', '255.0.0.0', '255.255.255.252', '255.0.255.0', '255.255.255.255'];

const address = fc.oneof(
  ipv4,
  fc.tuple(ipv4, fc.integer({ min: 0, max: 32 })).map(([a, l]) => `${a}/${l}`),
  fc.tuple(ipv4, fc.constantFrom(...dottedMasks)).map(([a, m]) => `${a}/${m}`),
);

const numeric = (address: string): number => address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const negation = fc.boolean().map((b) => (b ? ['!'] : []));
const interfaces = fc.constantFrom('eth0', 'docker0', 'br-0123456789ab', 'eth+', 'wg0', 'lo');
const portNumber = fc.integer({ min: 1, max: 65535 });
const portSpec = fc.oneof(
  portNumber.map(String),
  fc.tuple(portNumber, portNumber).map(([a, b]) => `${Math.min(a, b)}:${Math.max(a, b)}`),
  fc.constantFrom('ssh', 'http', 'https', 'domain'),
);
const states = fc.subarray(['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED'], { minLength: 1 }).chain((s) => fc.shuffledSubarray(s, { minLength: s.length }));
/** Comments with spaces, quotes, backslashes and UTF-8, but no newline (a line holds one rule). */
const comment = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '"', "'", '\\', '-', '_', ':', ';', 'é', '#'), minLength: 0, maxLength: 20 });
const icmpTypes = fc.constantFrom('echo-request', 'echo-reply', '8', '3/4', 'port-unreachable', 'any', 'time-exceeded', 'destination-unreachable');
const tcpFlags = fc.tuple(fc.subarray(['SYN', 'ACK', 'FIN', 'RST', 'URG', 'PSH'], { minLength: 1 }), fc.subarray(['SYN', 'ACK', 'FIN', 'RST'])).map(([mask, comp]) => [
  mask.join(','),
  comp.length === 0 ? 'NONE' : comp.join(','),
]);
const rate = fc.tuple(fc.integer({ min: 1, max: 500 }), fc.constantFrom('second', 'sec', 's', 'minute', 'min', 'hour', 'h', 'day')).map(([n, unit]) => `${n}/${unit}`);
/** Extra matches with their own normalisations (limit rates, addrtype order, iprange, marks, tcp flags). */
const extraMatch = fc.oneof(
  fc.tuple(rate, fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined })).map(([r, burst]) => ['-m', 'limit', '--limit', r, ...(burst === undefined ? [] : ['--limit-burst', String(burst)])]),
  fc.subarray(['local', 'UNICAST', 'Broadcast', 'multicast'], { minLength: 1 }).map((types) => ['-m', 'addrtype', '--dst-type', types.join(',')]),
  // In order: a reversed range loads too, but with a warning on stderr (test/iptables/ruleset.test.ts).
  fc.tuple(ipv4, ipv4).map(([a, b]) => ['-m', 'iprange', '--src-range', numeric(a) <= numeric(b) ? `${a}-${b}` : `${b}-${a}`]),
  fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.option(fc.integer({ min: 1, max: 0xffff }), { nil: undefined })).map(([v, m]) => ['-m', 'mark', '--mark', m === undefined ? String(v) : `0x${v.toString(16)}/0x${m.toString(16)}`]),
  fc.constantFrom(['-m', 'pkttype', '--pkt-type', 'BROADCAST'], ['-m', 'conntrack', '--ctstate', 'DNAT,SNAT,new'], ['-m', 'length', '--length', '100:1500']).map((t) => [...t]),
);

const target = fc.oneof(
  fc.constantFrom(['-j', 'ACCEPT'], ['-j', 'DROP'], ['-j', 'RETURN'], ['-j', 'REJECT'], ['--jump', 'ACCEPT']).map((t) => [...t]),
  fc.constantFrom('icmp-host-prohibited', 'port-unreach', 'icmp-net-prohibited').map((t) => ['-j', 'REJECT', '--reject-with', t]),
  fc.string({ unit: fc.constantFrom('a', 'B', ' ', ':', '['), minLength: 1, maxLength: 10 }).map((p) => ['-j', 'LOG', '--log-prefix', quote(p)]),
  fc.constantFrom('4', 'warning', 'info', '7', 'crit').map((level) => ['-j', 'LOG', '--log-level', level, '--log-uid']),
);

/** Quotes an argument the way a careful admin would for iptables-restore: only `"` and `\` need escaping. */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export const generatedRule: fc.Arbitrary<GeneratedRule> = fc
  .record({
    chain: fc.constantFrom('INPUT', 'FORWARD', 'OUTPUT'),
    source: fc.option(fc.tuple(negation, fc.constantFrom('-s', '--source', '--src'), address), { nil: undefined }),
    destination: fc.option(fc.tuple(negation, fc.constantFrom('-d', '--destination'), address), { nil: undefined }),
    inInterface: fc.option(fc.tuple(negation, interfaces), { nil: undefined }),
    protocol: fc.option(fc.constantFrom('tcp', 'udp', 'TCP', '6', '17', 'icmp', '1', 'all', 'gre', 'sctp'), { nil: undefined }),
    multiport: fc.option(fc.array(portSpec, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    icmpType: fc.option(fc.tuple(negation, icmpTypes), { nil: undefined }),
    flags: fc.option(fc.tuple(negation, tcpFlags), { nil: undefined }),
    extra: fc.option(extraMatch, { nil: undefined }),
    dport: fc.option(fc.tuple(negation, portSpec), { nil: undefined }),
    sport: fc.option(portSpec, { nil: undefined }),
    syn: fc.boolean(),
    state: fc.option(fc.tuple(fc.constantFrom('state', 'conntrack'), states), { nil: undefined }),
    comment: fc.option(comment, { nil: undefined }),
    target,
  })
  .map((r): GeneratedRule => {
    const groups: Group[] = [];
    if (r.source) groups.push({ id: 's', tokens: [...r.source[0], r.source[1], r.source[2]] });
    if (r.destination) groups.push({ id: 'd', tokens: [...r.destination[0], r.destination[1], r.destination[2]] });
    if (r.inInterface && r.chain !== 'OUTPUT') groups.push({ id: 'i', tokens: [...r.inInterface[0], '-i', r.inInterface[1]] });
    const proto = r.protocol?.toLowerCase();
    const ports = proto === 'tcp' || proto === 'udp' || proto === '6' || proto === '17';
    if (r.protocol) groups.push({ id: 'p', tokens: ['-p', r.protocol] });
    if (ports && r.dport) groups.push({ id: 'dport', tokens: [...r.dport[0], '--dport', r.dport[1]], after: ['p'] });
    if (ports && r.sport) groups.push({ id: 'sport', tokens: ['--sport', r.sport], after: ['p'] });
    if ((proto === 'tcp' || proto === '6') && r.syn) groups.push({ id: 'syn', tokens: ['--syn'], after: ['p'] });
    else if ((proto === 'tcp' || proto === '6') && r.flags) groups.push({ id: 'flags', tokens: [...r.flags[0], '--tcp-flags', ...r.flags[1]], after: ['p'] });
    if ((proto === 'icmp' || proto === '1') && r.icmpType) groups.push({ id: 'icmp', tokens: [...r.icmpType[0], '--icmp-type', r.icmpType[1]], after: ['p'] });
    if (ports && r.multiport) groups.push({ id: 'multiport', tokens: ['-m', 'multiport', '--dports', r.multiport.join(',')], after: ['p'] });
    if (r.extra) groups.push({ id: 'extra', tokens: r.extra });
    if (r.state) {
      const [module, list] = r.state;
      groups.push({ id: 'state', tokens: ['-m', module, module === 'state' ? '--state' : '--ctstate', list.join(',')] });
    }
    if (r.comment !== undefined) groups.push({ id: 'comment', tokens: ['-m', 'comment', '--comment', quote(r.comment)] });
    groups.push({ id: 'target', tokens: r.target });
    return { chain: r.chain, groups };
  });

/** The rule with its groups in the given order, as a rules-file line. */
export function ruleLine(chain: string, groups: Group[]): string {
  return [`-A ${chain}`, ...groups.map((g) => g.tokens.join(' '))].join(' ');
}

/** Groups that load or feed a match: their relative order decides the order of `-m` in the output (R2). */
const MATCH_GROUPS = new Set(['dport', 'sport', 'syn', 'flags', 'icmp', 'multiport', 'extra', 'state', 'comment']);

/**
 * Another order of the same groups that iptables must read the same way: core options and the target move freely
 * (R1, R4), matches keep their relative order (R2), and every group stays after the ones it needs (R6).
 */
export function reorderings(rule: GeneratedRule): fc.Arbitrary<Group[]> {
  return fc.shuffledSubarray(rule.groups, { minLength: rule.groups.length, maxLength: rule.groups.length }).map((shuffled) => {
    const matchesInOrder = rule.groups.filter((g) => MATCH_GROUPS.has(g.id));
    const order = shuffled.map((g) => (MATCH_GROUPS.has(g.id) ? (matchesInOrder.shift() as Group) : g));
    const protocol = order.findIndex((g) => g.id === 'p');
    const firstDependent = order.findIndex((g) => g.after?.includes('p'));
    if (protocol > firstDependent && firstDependent >= 0) order.splice(firstDependent, 0, ...order.splice(protocol, 1));
    return order;
  });
}
