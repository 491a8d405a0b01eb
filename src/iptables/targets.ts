import { IptablesValueError, strictAddress, formatHost, parseHostNetwork } from './address.js';
import { dscpValue, tosValue } from './matches.js';
import { option, plain, withoutOption, type ModuleContext, type ModuleDef, type OptionDef } from './module.js';
import type { OptionValue } from './spec.js';
import { hex, markAndMask, saveString, unsigned } from './values.js';

const one = (fn: (arg: string, context: ModuleContext) => string) => (args: string[], context: ModuleContext) => [fn(args[0] as string, context)];

const REJECT4: Record<string, string> = {
  'icmp-net-unreachable': 'icmp-net-unreachable', 'net-unreach': 'icmp-net-unreachable',
  'icmp-host-unreachable': 'icmp-host-unreachable', 'host-unreach': 'icmp-host-unreachable',
  'icmp-proto-unreachable': 'icmp-proto-unreachable', 'proto-unreach': 'icmp-proto-unreachable',
  'icmp-port-unreachable': 'icmp-port-unreachable', 'port-unreach': 'icmp-port-unreachable',
  'icmp-net-prohibited': 'icmp-net-prohibited', 'net-prohib': 'icmp-net-prohibited',
  'icmp-host-prohibited': 'icmp-host-prohibited', 'host-prohib': 'icmp-host-prohibited',
  'icmp-admin-prohibited': 'icmp-admin-prohibited', 'admin-prohib': 'icmp-admin-prohibited',
  'tcp-reset': 'tcp-reset', 'tcp-rst': 'tcp-reset',
};
const REJECT6: Record<string, string> = {
  'icmp6-no-route': 'icmp6-no-route', 'no-route': 'icmp6-no-route',
  'icmp6-adm-prohibited': 'icmp6-adm-prohibited', 'adm-prohibited': 'icmp6-adm-prohibited',
  'icmp6-addr-unreachable': 'icmp6-addr-unreachable', 'addr-unreach': 'icmp6-addr-unreachable',
  'icmp6-port-unreachable': 'icmp6-port-unreachable', 'port-unreach': 'icmp6-port-unreachable',
  'icmp6-policy-fail': 'icmp6-policy-fail', 'policy-fail': 'icmp6-policy-fail',
  'icmp6-reject-route': 'icmp6-reject-route', 'reject-route': 'icmp6-reject-route',
  'tcp-reset': 'tcp-reset', 'tcp-rst': 'tcp-reset',
};

const REJECT: ModuleDef = {
  name: 'REJECT',
  options: [
    {
      name: 'reject-with',
      arity: 1,
      canonical: one((a, c) => {
        const name = (c.family === 4 ? REJECT4 : REJECT6)[a.toLowerCase()];
        if (!name) throw new IptablesValueError(`unknown reject type "${a}"`);
        return name;
      }),
    },
  ],
  // T1: the default is printed.
  finish: (options, c) => (options.length > 0 ? options : [plain('reject-with', c.family === 4 ? 'icmp-port-unreachable' : 'icmp6-port-unreachable')]),
};

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'error', 'warning', 'notice', 'info', 'debug'];
const LOG_FLAGS = ['log-tcp-sequence', 'log-tcp-options', 'log-ip-options', 'log-uid', 'log-macdecode'];
const LOG: ModuleDef = {
  name: 'LOG',
  options: [
    {
      name: 'log-level',
      arity: 1,
      canonical: one((a) => {
        const lower = a.toLowerCase();
        const named = lower === 'err' ? 3 : lower === 'warn' ? 4 : lower === 'panic' ? 0 : LOG_LEVELS.indexOf(lower);
        const n = named >= 0 ? named : unsigned(a, 7, 'log level');
        return String(n);
      }),
    },
    {
      name: 'log-prefix',
      arity: 1,
      canonical: one((a) => {
        if (Buffer.byteLength(a) > 29) throw new IptablesValueError('Maximum prefix length 29 for --log-prefix');
        return saveString(a);
      }),
    },
    ...LOG_FLAGS.map((name): OptionDef => ({ name, arity: 0 })),
  ],
  order: ['log-prefix', 'log-level', ...LOG_FLAGS],
  // T2: level 4 (warning) is the default and is not printed.
  finish: (options) => options.filter((o) => !(o.name === 'log-level' && o.args[0] === '4')),
};

/** `a[-b][:p[-q]]`, IPv6 `[a]:p`: NAT ranges read with inet_pton (DNAT rejects `010.0.0.1`). */
function natRange(text: string, family: 4 | 6): string {
  let addresses = text;
  let portPart: string | null = null;
  if (family === 6 && text.startsWith('[')) {
    const close = text.indexOf(']');
    addresses = text.slice(1, close);
    portPart = text[close + 1] === ':' ? text.slice(close + 2) : null;
  } else if (family === 4) {
    const colon = text.indexOf(':');
    if (colon >= 0) {
      addresses = text.slice(0, colon);
      portPart = text.slice(colon + 1);
    }
  }
  const ends = addresses === '' ? [] : addresses.split('-').map((a) => {
    const v = strictAddress(a, family);
    if (v === null) throw new IptablesValueError(`Bad IP address "${a}"`);
    return formatHost(family, v);
  });
  const addressText = ends.length === 2 && ends[0] === ends[1] ? (ends[0] as string) : ends.join('-');
  if (portPart === null) return addressText;
  const [low, high] = portPart.split('-');
  const lowN = unsigned(low ?? '', 65535, 'port');
  const highN = high === undefined ? lowN : unsigned(high, 65535, 'port');
  const portText = lowN === highN ? String(lowN) : `${lowN}-${highN}`;
  return family === 6 ? `[${addressText}]:${portText}` : `${addressText}:${portText}`;
}

const natFlags = (...names: string[]): OptionDef[] => names.map((name) => ({ name, arity: 0 }));
const portsOption: OptionDef = {
  name: 'to-ports',
  arity: 1,
  canonical: one((a, c) => {
    if (c.protocol === null || ![6, 17, 132, 33].includes(c.protocol)) {
      throw new IptablesValueError('Need TCP, UDP, SCTP or DCCP with port specification');
    }
    const [low, high] = a.split('-');
    const lowN = unsigned(low ?? '', 65535, 'port');
    const highN = high === undefined ? lowN : unsigned(high, 65535, 'port');
    return lowN === highN ? String(lowN) : `${lowN}-${highN}`;
  }),
};

const DNAT: ModuleDef = {
  name: 'DNAT',
  options: [{ name: 'to-destination', arity: 1, canonical: one((a, c) => natRange(a, c.family)) }, ...natFlags('random', 'persistent')],
  order: ['to-destination', 'random', 'persistent'],
};
const SNAT: ModuleDef = {
  name: 'SNAT',
  options: [{ name: 'to-source', arity: 1, canonical: one((a, c) => natRange(a, c.family)) }, ...natFlags('random', 'random-fully', 'persistent')],
  order: ['to-source', 'random', 'random-fully', 'persistent'],
};
const MASQUERADE: ModuleDef = {
  name: 'MASQUERADE',
  options: [portsOption, ...natFlags('random', 'random-fully')],
  order: ['to-ports', 'random', 'random-fully'],
};
const REDIRECT: ModuleDef = { name: 'REDIRECT', options: [portsOption, ...natFlags('random')], order: ['to-ports', 'random'] };
const NETMAP: ModuleDef = { name: 'NETMAP', options: [{ name: 'to', arity: 1, canonical: one((a, c) => parseHostNetwork(a, c.family).text) }] };

/** MARK/CONNMARK: every way of writing a mark change becomes `--set-xmark value/mask` (T4). */
const MARK_CHANGES = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];
function xmark(o: OptionValue): { value: number; mask: number } | null {
  if (!MARK_CHANGES.includes(o.name)) return null;
  const { value, mask } = markAndMask(o.args[0] as string, 'mark');
  switch (o.name) {
    case 'set-xmark': return { value, mask: mask ?? 0xffffffff };
    case 'set-mark': return { value, mask: ((mask ?? 0xffffffff) | value) >>> 0 };
    case 'and-mark': return { value: 0, mask: ~value >>> 0 };
    case 'or-mark': return { value, mask: value };
    case 'xor-mark': return { value, mask: 0 };
    default: return null;
  }
}
const markChanges = MARK_CHANGES.map((name): OptionDef => ({
  name,
  arity: 1,
  canonical: (args) => {
    markAndMask(args[0] as string, 'mark');
    return args;
  },
}));
const toXmark = (options: OptionValue[]): OptionValue[] =>
  options.map((o) => {
    const x = xmark(o);
    return x ? plain('set-xmark', `${hex(x.value)}/${hex(x.mask)}`) : o;
  });

const MARK: ModuleDef = { name: 'MARK', options: markChanges, finish: toXmark };

const CONNMARK: ModuleDef = {
  name: 'CONNMARK',
  options: [
    ...markChanges,
    { name: 'save-mark', arity: 0 },
    { name: 'restore-mark', arity: 0 },
    { name: 'nfmask', arity: 1, canonical: one((a) => hex(unsigned(a, 0xffffffff, 'mask'))) },
    { name: 'ctmask', arity: 1, canonical: one((a) => hex(unsigned(a, 0xffffffff, 'mask'))) },
    { name: 'mask', arity: 1, canonical: one((a) => hex(unsigned(a, 0xffffffff, 'mask'))) },
  ],
  order: ['set-xmark', 'save-mark', 'restore-mark', 'nfmask', 'ctmask'],
  finish: (options) => {
    const out = toXmark(options);
    if (!option(out, 'save-mark') && !option(out, 'restore-mark')) return out;
    const both = option(out, 'mask')?.args[0];
    const rest = withoutOption(out, 'mask', 'nfmask', 'ctmask');
    return [
      ...rest,
      plain('nfmask', option(out, 'nfmask')?.args[0] ?? both ?? '0xffffffff'),
      plain('ctmask', option(out, 'ctmask')?.args[0] ?? both ?? '0xffffffff'),
    ];
  },
};

const TOS: ModuleDef = {
  name: 'TOS',
  options: [{ name: 'set-tos', arity: 1, canonical: one(tosValue) }],
};
const DSCP: ModuleDef = {
  name: 'DSCP',
  options: [
    { name: 'set-dscp', arity: 1, canonical: one((a) => dscpValue(a, false)) },
    { name: 'set-dscp-class', arity: 1, canonical: one((a) => dscpValue(a, true)) },
  ],
  finish: (options) => options.map((o) => (o.name === 'set-dscp-class' ? { ...o, name: 'set-dscp' } : o)),
};

/** Target extensions dockdoc knows by canonical form. */
export const TARGETS: ReadonlyMap<string, ModuleDef> = new Map(
  [REJECT, LOG, DNAT, SNAT, MASQUERADE, REDIRECT, NETMAP, MARK, CONNMARK, TOS, DSCP].map((t) => [t.name, t]),
);

/** Verdicts and target extensions: a `-j` to anything else must name a chain of the table (else e03). */
export const KNOWN_TARGET_NAMES: ReadonlySet<string> = new Set([
  'ACCEPT', 'DROP', 'RETURN', 'QUEUE', 'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNMARK', 'CONNSECMARK', 'CT',
  'DNAT', 'DNPT', 'DSCP', 'ECN', 'HL', 'HMARK', 'IDLETIMER', 'LED', 'LOG', 'MARK', 'MASQUERADE', 'MIRROR', 'NETMAP',
  'NFLOG', 'NFQUEUE', 'NOTRACK', 'RATEEST', 'REDIRECT', 'REJECT', 'SECMARK', 'SET', 'SNAT', 'SNPT', 'SYNPROXY',
  'TCPMSS', 'TCPOPTSTRIP', 'TEE', 'TOS', 'TPROXY', 'TRACE', 'TTL', 'ULOG',
]);

/** Targets the kernel accepts in one table only (x_tables: "DNAT target: only valid in nat table, not filter"). */
export const TARGET_TABLE: Readonly<Record<string, string>> = {
  DNAT: 'nat', SNAT: 'nat', MASQUERADE: 'nat', REDIRECT: 'nat', NETMAP: 'nat',
  TOS: 'mangle', DSCP: 'mangle', TTL: 'mangle', HL: 'mangle', ECN: 'mangle', TPROXY: 'mangle', CHECKSUM: 'mangle',
  CT: 'raw', NOTRACK: 'raw',
};
