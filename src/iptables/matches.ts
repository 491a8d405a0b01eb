import { IptablesValueError, iptablesIpv4, parseHostNetwork, strictAddress, formatHost } from './address.js';
import { canonicalIcmpType } from './icmp.js';
import { option, plain, withoutOption, type ModuleContext, type ModuleDef, type OptionDef } from './module.js';
import { protocolNumber } from './netdb.js';
import type { OptionValue } from './spec.js';
import {
  alwaysQuoted, formatLimitPeriod, limitPeriod, markMatch, orderedList, portList, portRange, saveString,
  truncateBytes, unsigned,
} from './values.js';

// Every rule in this file reproduces what iptables 1.8.9 prints back; the corpus (fixtures/iptables) and the
// real-iptables property test (test/integration/firewall-canonical.test.ts) are the oracles.

const one = (fn: (arg: string, context: ModuleContext) => string) => (args: string[], context: ModuleContext) => [fn(args[0] as string, context)];

const ports = (name: string, aliases: string[] = []): OptionDef => ({
  name,
  aliases,
  arity: 1,
  invert: true,
  canonical: one((a) => portRange(a) ?? '0:65535'),
});

/** tcp/udp/sctp print nothing for the full port range (P2). */
const dropFullRanges = (options: OptionValue[]): OptionValue[] =>
  options.filter((o) => !((o.name === 'sport' || o.name === 'dport') && o.args[0] === '0:65535' && !o.negated));

const TCP_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'] as const;
const tcpFlags = (text: string): string => {
  if (text.toUpperCase() === 'NONE') return 'NONE';
  const list = orderedList(text, TCP_FLAGS, 'TCP flag', { ALL: [...TCP_FLAGS] });
  return list.length === 0 ? 'NONE' : list.join(',');
};

const tcp: ModuleDef = {
  name: 'tcp',
  options: [
    ports('sport', ['source-port']),
    ports('dport', ['destination-port']),
    { name: 'syn', arity: 0, invert: true },
    { name: 'tcp-flags', arity: 2, invert: true, canonical: (args) => args.map(tcpFlags) },
    { name: 'tcp-option', arity: 1, invert: true, canonical: one((a) => String(unsigned(a, 255, 'TCP option'))) },
  ],
  order: ['sport', 'dport', 'tcp-option', 'tcp-flags'],
  finish: (options) =>
    dropFullRanges(options).map((o) => (o.name === 'syn' ? { name: 'tcp-flags', negated: o.negated, args: ['FIN,SYN,RST,ACK', 'SYN'] } : o)),
};

const udp: ModuleDef = {
  name: 'udp',
  options: [ports('sport', ['source-port']), ports('dport', ['destination-port'])],
  order: ['sport', 'dport'],
  finish: dropFullRanges,
};

const sctp: ModuleDef = {
  name: 'sctp',
  options: [ports('sport', ['source-port']), ports('dport', ['destination-port']), { name: 'chunk-types', arity: 2, invert: true }],
  order: ['sport', 'dport', 'chunk-types'],
  finish: dropFullRanges,
};

const icmp: ModuleDef = {
  name: 'icmp',
  options: [{ name: 'icmp-type', arity: 1, invert: true, canonical: one((a) => canonicalIcmpType(a, 4)) }],
};

const icmp6: ModuleDef = {
  name: 'icmp6',
  options: [{ name: 'icmpv6-type', arity: 1, invert: true, canonical: one((a) => canonicalIcmpType(a, 6)) }],
};

const STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'] as const;
const CT_STATES = [...STATES, 'SNAT', 'DNAT'] as const;
const CT_STATUS = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'] as const;

const state: ModuleDef = {
  name: 'state',
  options: [{ name: 'state', arity: 1, invert: true, canonical: one((a) => orderedList(a, STATES, 'state').join(',')) }],
};

/** conntrack prints addresses without `/32` (A1) but with any shorter mask. */
const ctAddress = one((a, c) => {
  const parsed = parseHostNetwork(a, c.family);
  const full = c.family === 4 ? '/32' : '/128';
  return parsed.text.endsWith(full) ? parsed.text.slice(0, -full.length) : parsed.text;
});
const ctPort = one((a) => {
  const [low, high] = a.split(':');
  const lowN = unsigned(low ?? '', 65535, 'port');
  if (high === undefined) return String(lowN);
  const highN = unsigned(high, 65535, 'port');
  return lowN === highN ? String(lowN) : `${lowN}:${highN}`;
});

const conntrack: ModuleDef = {
  name: 'conntrack',
  options: [
    { name: 'ctstate', arity: 1, invert: true, canonical: one((a) => orderedList(a, CT_STATES, 'ctstate').join(',')) },
    {
      name: 'ctproto',
      arity: 1,
      invert: true,
      canonical: one((a) => {
        const n = protocolNumber(a);
        if (n === null) throw new IptablesValueError(`unknown protocol "${a}" specified`);
        return String(n);
      }),
    },
    { name: 'ctorigsrc', arity: 1, invert: true, canonical: ctAddress },
    { name: 'ctorigdst', arity: 1, invert: true, canonical: ctAddress },
    { name: 'ctreplsrc', arity: 1, invert: true, canonical: ctAddress },
    { name: 'ctrepldst', arity: 1, invert: true, canonical: ctAddress },
    { name: 'ctorigsrcport', arity: 1, invert: true, canonical: ctPort },
    { name: 'ctorigdstport', arity: 1, invert: true, canonical: ctPort },
    { name: 'ctreplsrcport', arity: 1, invert: true, canonical: ctPort },
    { name: 'ctrepldstport', arity: 1, invert: true, canonical: ctPort },
    { name: 'ctstatus', arity: 1, invert: true, canonical: one((a) => orderedList(a, CT_STATUS, 'ctstatus').join(',')) },
    { name: 'ctexpire', arity: 1, invert: true, canonical: ctPort },
    { name: 'ctdir', arity: 1, canonical: one((a) => a.toUpperCase()) },
  ],
  order: [
    'ctstate', 'ctproto', 'ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst', 'ctorigsrcport', 'ctorigdstport',
    'ctreplsrcport', 'ctrepldstport', 'ctstatus', 'ctexpire', 'ctdir',
  ],
};

const comment: ModuleDef = {
  name: 'comment',
  options: [
    {
      name: 'comment',
      arity: 1,
      canonical: one((a, c) => {
        const kept = truncateBytes(a, 255);
        if (kept !== a) c.warn({ message: `comment is ${Buffer.byteLength(a)} bytes long: the kernel keeps only the first 255` });
        return saveString(kept);
      }),
    },
  ],
};

const MULTIPORT_PROTOCOLS = new Set([6, 17, 136, 132, 33]);
const multiportList = one((a, c) => {
  if (c.protocol === null || !MULTIPORT_PROTOCOLS.has(c.protocol)) {
    throw new IptablesValueError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  }
  return portList(a, c.protocolName ?? '');
});
const multiport: ModuleDef = {
  name: 'multiport',
  options: [
    { name: 'sports', aliases: ['source-ports'], arity: 1, invert: true, canonical: multiportList },
    { name: 'dports', aliases: ['destination-ports'], arity: 1, invert: true, canonical: multiportList },
    { name: 'ports', arity: 1, invert: true, canonical: multiportList },
  ],
};

const rangeEnd = (text: string, family: 4 | 6): bigint => {
  const value = family === 4 ? iptablesIpv4(text, false) : strictAddress(text, 6);
  if (value === null) throw new IptablesValueError(`iprange match: Bad IP address "${text}"`);
  return value;
};
const ipRange = one((a, c) => {
  const [from, to] = a.split('-');
  const start = rangeEnd(from ?? '', c.family);
  const end = to === undefined ? start : rangeEnd(to, c.family);
  const text = `${formatHost(c.family, start)}-${formatHost(c.family, end)}`;
  if (start > end) c.warn({ message: `xt_iprange: range ${text} is reversed and will never match` });
  return text;
});
const iprange: ModuleDef = {
  name: 'iprange',
  options: [
    { name: 'src-range', arity: 1, invert: true, canonical: ipRange },
    { name: 'dst-range', arity: 1, invert: true, canonical: ipRange },
  ],
  order: ['src-range', 'dst-range'],
};

const ADDRESS_TYPES = [
  'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW',
  'NAT', 'XRESOLVE',
] as const;
const addressTypes = one((a) => orderedList(a, ADDRESS_TYPES, 'address type').join(','));
const addrtype: ModuleDef = {
  name: 'addrtype',
  options: [
    { name: 'src-type', arity: 1, invert: true, canonical: addressTypes },
    { name: 'dst-type', arity: 1, invert: true, canonical: addressTypes },
    { name: 'limit-iface-in', arity: 0 },
    { name: 'limit-iface-out', arity: 0 },
  ],
  order: ['src-type', 'dst-type', 'limit-iface-in', 'limit-iface-out'],
};

const limit: ModuleDef = {
  name: 'limit',
  options: [
    { name: 'limit', arity: 1, canonical: one((a) => formatLimitPeriod(limitPeriod(a))) },
    { name: 'limit-burst', arity: 1, canonical: one((a) => String(unsigned(a, 10000, 'limit-burst'))) },
  ],
  order: ['limit', 'limit-burst'],
  finish: (options, context) => {
    const out = option(options, 'limit') ? options : [plain('limit', '3/hour'), ...options];
    const period = limitPeriod(option(out, 'limit')?.args[0] as string);
    const burst = Number(option(out, 'limit-burst')?.args[0] ?? 5);
    if (limitOverflows(period, burst)) {
      context.warn({ failsOn: 'legacy', message: `limit ${option(out, 'limit')?.args[0]} with burst ${burst} overflows xt_limit: iptables-legacy refuses it ("xt_limit: Overflow, try lower: ${period}/${burst}"), nft loads it` });
    }
    return out.filter((o) => !(o.name === 'limit-burst' && o.args[0] === '5'));
  },
};

/**
 * xt_limit's check (net/netfilter/xt_limit.c): it converts period × burst to credits in 32-bit arithmetic and refuses
 * the rule when that overflowed (corpus e17: `--limit 1/day`). HZ × CREDITS_PER_JIFFY is 32000 on HZ=250 and HZ=1000
 * kernels, the usual configurations. Only the legacy backend runs this check; nft does its own limit.
 */
function limitOverflows(period: number, burst: number): boolean {
  const credits = (user: number): number =>
    user > Math.floor(0xffffffff / 32000) ? (Math.floor(user / 10000) * 32000) % 2 ** 32 : Math.floor((user * 32000) / 10000);
  return burst === 0 || credits((period * burst) % 2 ** 32) < credits(period);
}

const mac: ModuleDef = {
  name: 'mac',
  options: [
    {
      name: 'mac-source',
      arity: 1,
      invert: true,
      canonical: one((a) => {
        if (!/^[0-9a-fA-F]{1,2}(:[0-9a-fA-F]{1,2}){5}$/.test(a)) throw new IptablesValueError(`Bad mac address "${a}"`);
        return a.split(':').map((b) => b.toLowerCase().padStart(2, '0')).join(':');
      }),
    },
  ],
};

const pkttype: ModuleDef = {
  name: 'pkttype',
  options: [{ name: 'pkt-type', arity: 1, invert: true, canonical: one((a) => a.toLowerCase()) }],
};

const length: ModuleDef = {
  name: 'length',
  options: [
    {
      name: 'length',
      arity: 1,
      invert: true,
      canonical: one((a) => {
        const [low, high] = a.split(':');
        const lowN = low === '' || low === undefined ? 0 : unsigned(low, 65535, 'length');
        const highN = high === undefined ? lowN : high === '' ? 65535 : unsigned(high, 65535, 'length');
        return lowN === highN ? String(lowN) : `${lowN}:${highN}`;
      }),
    },
  ],
};

const connlimit: ModuleDef = {
  name: 'connlimit',
  options: [
    { name: 'connlimit-upto', arity: 1, canonical: one((a) => String(unsigned(a, 0xffffffff, 'connlimit'))) },
    { name: 'connlimit-above', arity: 1, invert: true, canonical: one((a) => String(unsigned(a, 0xffffffff, 'connlimit'))) },
    { name: 'connlimit-mask', arity: 1, canonical: one((a, c) => String(unsigned(a, c.family === 4 ? 32 : 128, 'connlimit-mask'))) },
    { name: 'connlimit-saddr', arity: 0 },
    { name: 'connlimit-daddr', arity: 0 },
  ],
  order: ['connlimit-upto', 'connlimit-above', 'connlimit-mask', 'connlimit-saddr', 'connlimit-daddr'],
  finish: (options, context) => {
    // `! --connlimit-above N` is stored as "up to N" and printed that way.
    let out = options.map((o) => (o.name === 'connlimit-above' && o.negated ? plain('connlimit-upto', ...o.args) : o));
    if (!option(out, 'connlimit-mask')) out = [...out, plain('connlimit-mask', context.family === 4 ? '32' : '128')];
    if (!option(out, 'connlimit-daddr') && !option(out, 'connlimit-saddr')) out = [...out, plain('connlimit-saddr')];
    return out;
  },
};

const RECENT_COMMANDS = ['set', 'rcheck', 'update', 'remove'];
const recent: ModuleDef = {
  name: 'recent',
  options: [
    ...RECENT_COMMANDS.map((name): OptionDef => ({ name, arity: 0, invert: true })),
    { name: 'seconds', arity: 1, canonical: one((a) => String(unsigned(a, 0xffffffff, 'seconds'))) },
    { name: 'reap', arity: 0 },
    { name: 'hitcount', arity: 1, canonical: one((a) => String(unsigned(a, 0xffffffff, 'hitcount'))) },
    { name: 'rttl', arity: 0 },
    { name: 'name', arity: 1 },
    { name: 'mask', arity: 1, canonical: one((a, c) => maskText(a, c.family)) },
    { name: 'rsource', arity: 0 },
    { name: 'rdest', arity: 0 },
  ],
  order: [...RECENT_COMMANDS, 'seconds', 'reap', 'hitcount', 'rttl', 'name', 'mask', 'rsource', 'rdest'],
  finish: (options, context) => {
    const out = [...options];
    if (!option(out, 'name')) out.push(plain('name', 'DEFAULT'));
    if (!option(out, 'mask')) out.push(plain('mask', context.family === 4 ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'));
    if (!option(out, 'rsource') && !option(out, 'rdest')) out.push(plain('rsource'));
    return out;
  },
};

function maskText(text: string, family: 4 | 6): string {
  const value = family === 4 ? iptablesIpv4(text, true) : strictAddress(text, 6);
  if (value === null) throw new IptablesValueError(`Bad mask "${text}"`);
  return formatHost(family, value);
}

const markOption: OptionDef = { name: 'mark', arity: 1, invert: true, canonical: one(markMatch) };
const mark: ModuleDef = { name: 'mark', options: [markOption] };
const connmark: ModuleDef = { name: 'connmark', options: [markOption] };

const physdevNames = ['physdev-is-in', 'physdev-in', 'physdev-is-out', 'physdev-out', 'physdev-is-bridged'];
const physdev: ModuleDef = {
  name: 'physdev',
  options: physdevNames.map((name): OptionDef => ({ name, arity: name.includes('-is-') ? 0 : 1, invert: true })),
  order: physdevNames,
};

const statistic: ModuleDef = {
  name: 'statistic',
  options: [
    { name: 'mode', arity: 1 },
    {
      name: 'probability',
      arity: 1,
      invert: true,
      canonical: one((a) => {
        const p = Number(a);
        if (!(p >= 0 && p <= 1)) throw new IptablesValueError(`invalid --probability ${a}`);
        // Stored as a 31-bit fraction and printed with %.11f.
        return (Math.round(p * 0x80000000) / 0x80000000).toFixed(11);
      }),
    },
    { name: 'every', arity: 1, invert: true, canonical: one((a) => String(unsigned(a, 0xffffffff, 'every'))) },
    { name: 'packet', arity: 1, canonical: one((a) => String(unsigned(a, 0xffffffff, 'packet'))) },
  ],
  order: ['mode', 'probability', 'every', 'packet'],
};

const DSCP_CLASSES: Record<string, number> = {
  CS0: 0, CS1: 8, CS2: 16, CS3: 24, CS4: 32, CS5: 40, CS6: 48, CS7: 56, BE: 0, AF11: 10, AF12: 12, AF13: 14,
  AF21: 18, AF22: 20, AF23: 22, AF31: 26, AF32: 28, AF33: 30, AF41: 34, AF42: 36, AF43: 38, EF: 46,
};
export function dscpValue(text: string, isClass: boolean): string {
  const n = isClass ? DSCP_CLASSES[text.toUpperCase()] : unsigned(text, 63, 'DSCP');
  if (n === undefined) throw new IptablesValueError(`Invalid DSCP class \`${text}'`);
  return `0x${n.toString(16).padStart(2, '0')}`;
}
const dscp: ModuleDef = {
  name: 'dscp',
  options: [
    { name: 'dscp', arity: 1, invert: true, canonical: one((a) => dscpValue(a, false)) },
    { name: 'dscp-class', arity: 1, invert: true, canonical: one((a) => dscpValue(a, true)) },
  ],
  finish: (options) => options.map((o) => (o.name === 'dscp-class' ? { ...o, name: 'dscp' } : o)),
};

const TOS_NAMES: Record<string, number> = {
  'minimize-delay': 0x10, 'maximize-throughput': 0x08, 'maximize-reliability': 0x04, 'minimize-cost': 0x02, 'normal-service': 0x00,
};
/** TOS values: a symbolic name means value/0x3f, a number value[/mask] with mask 0xff by default. */
export function tosValue(text: string): string {
  const named = TOS_NAMES[text.toLowerCase()];
  const two = (n: number): string => `0x${n.toString(16).padStart(2, '0')}`;
  if (named !== undefined) return `${two(named)}/0x3f`;
  const [value, mask] = text.split('/');
  return `${two(unsigned(value ?? '', 255, 'TOS'))}/${two(mask === undefined ? 0xff : unsigned(mask, 255, 'TOS'))}`;
}
const tos: ModuleDef = { name: 'tos', options: [{ name: 'tos', arity: 1, invert: true, canonical: one(tosValue) }] };

const string: ModuleDef = {
  name: 'string',
  options: [
    { name: 'string', arity: 1, invert: true, canonical: one(alwaysQuoted) },
    { name: 'hex-string', arity: 1, invert: true },
    { name: 'algo', arity: 1 },
    { name: 'from', arity: 1, canonical: one((a) => String(unsigned(a, 65535, 'from'))) },
    { name: 'to', arity: 1, canonical: one((a) => String(unsigned(a, 65535, 'to'))) },
    { name: 'icase', arity: 0 },
  ],
  order: ['string', 'hex-string', 'algo', 'from', 'to', 'icase'],
  finish: (options) => options.filter((o) => !(o.name === 'from' && o.args[0] === '0') && !(o.name === 'to' && o.args[0] === '65535')),
};

const owner: ModuleDef = {
  name: 'owner',
  options: ['socket-exists', 'uid-owner', 'gid-owner', 'suppl-groups'].map(
    (name): OptionDef => ({ name, arity: name === 'uid-owner' || name === 'gid-owner' ? 1 : 0, invert: true }),
  ),
  order: ['socket-exists', 'uid-owner', 'gid-owner', 'suppl-groups'],
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const clock = (text: string): string => {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) throw new IptablesValueError(`invalid time "${text}" specified, should be hh:mm[:ss] format and within the boundaries`);
  return [m[1], m[2], m[3] ?? '0'].map((p) => String(Number(p)).padStart(2, '0')).join(':');
};
const date = (text: string): string => {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:T(\d{1,2})(?::(\d{1,2})(?::(\d{1,2}))?)?)?)?)?$/.exec(text);
  if (!m) throw new IptablesValueError(`Invalid date "${text}" specified. Should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]`);
  const two = (v: string | undefined, fallback: number): string => String(v === undefined ? fallback : Number(v)).padStart(2, '0');
  return `${m[1]}-${two(m[2], 1)}-${two(m[3], 1)}T${two(m[4], 0)}:${two(m[5], 0)}:${two(m[6], 0)}`;
};
const time: ModuleDef = {
  name: 'time',
  options: [
    { name: 'timestart', arity: 1, canonical: one(clock) },
    { name: 'timestop', arity: 1, canonical: one(clock) },
    {
      name: 'monthdays',
      arity: 1,
      invert: true,
      canonical: one((a) => [...new Set(a.split(',').map((d) => unsigned(d, 31, 'monthday')))].sort((x, y) => x - y).join(',')),
    },
    {
      name: 'weekdays',
      arity: 1,
      invert: true,
      canonical: one((a) => {
        const days = new Set<number>();
        for (const d of a.split(',')) {
          const n = /^[1-7]$/.test(d) ? Number(d) - 1 : WEEKDAYS.findIndex((w) => w.toLowerCase() === d.slice(0, 3).toLowerCase());
          if (n < 0) throw new IptablesValueError(`No, "${d}" is not a valid day.`);
          days.add(n);
        }
        return [...days].sort().map((n) => WEEKDAYS[n]).join(',');
      }),
    },
    { name: 'datestart', arity: 1, canonical: one(date) },
    { name: 'datestop', arity: 1, canonical: one(date) },
    { name: 'kerneltz', arity: 0 },
    { name: 'localtz', arity: 0 },
    { name: 'utc', arity: 0 },
    { name: 'contiguous', arity: 0 },
  ],
  order: ['timestart', 'timestop', 'monthdays', 'weekdays', 'datestart', 'datestop', 'kerneltz', 'contiguous'],
  finish: (options) => {
    let out = withoutOption(options, 'localtz', 'utc');
    const start = option(out, 'timestart');
    const stop = option(out, 'timestop');
    if (start && !stop) out.push(plain('timestop', '23:59:59'));
    if (stop && !start) out.push(plain('timestart', '00:00:00'));
    if (start?.args[0] === '00:00:00' && stop?.args[0] === '23:59:59') out = withoutOption(out, 'timestart', 'timestop');
    if (!option(out, 'datestop')) out.push(plain('datestop', '2038-01-19T03:14:07'));
    return out;
  },
};

/** The matches whose canonical form dockdoc reproduces; any other module is kept exactly as written. */
export const MATCHES: ReadonlyMap<string, ModuleDef> = new Map(
  [tcp, udp, sctp, icmp, icmp6, state, conntrack, comment, multiport, iprange, addrtype, limit, mac, pkttype, length,
    connlimit, recent, mark, connmark, physdev, statistic, dscp, tos, string, owner, time].map((m) => [m.name, m]),
);

/** The match `-p NAME` loads implicitly when an option it does not know follows (R2). */
export function protocolMatchName(protocol: number): string | null {
  switch (protocol) {
    case 6: return 'tcp';
    case 17: return 'udp';
    case 132: return 'sctp';
    case 1: return 'icmp';
    case 58: return 'icmp6';
    case 136: return 'udplite';
    case 33: return 'dccp';
    default: return null;
  }
}

/** Protocol matches are only valid with the matching `-p` (the kernel refuses `-m tcp` on a udp rule). */
export const MATCH_PROTOCOL: Readonly<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132, icmp: 1, icmp6: 58 };
