import { cInteger, IptablesValueError } from './address.js';
import { servicePort, servicePortFor } from './netdb.js';

/** A port number or a service name (P2: `ssh` → 22), looked up for `protocol` when one is given. */
export function port(text: string, protocol?: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : protocol === undefined ? servicePort(text) : servicePortFor(text, protocol);
  if (n === null || n > 65535) throw new IptablesValueError(`invalid port/service \`${text}' specified`);
  return n;
}

/**
 * A tcp/udp/sctp `--sport`/`--dport` value: `a`, `a:b`, `:b` (from 0), `a:` (to 65535). Returns null for the full
 * range 0:65535, which iptables-save leaves out; `5000:5000` prints as `5000`.
 */
export function portRange(text: string): string | null {
  const colon = text.indexOf(':');
  const low = colon < 0 ? port(text) : colon === 0 ? 0 : port(text.slice(0, colon));
  const high = colon < 0 ? low : colon === text.length - 1 ? 65535 : port(text.slice(colon + 1));
  if (low > high) throw new IptablesValueError('invalid portrange (min > max)');
  if (low === 0 && high === 65535) return null;
  return low === high ? String(low) : `${low}:${high}`;
}

/** A multiport list: names resolved for the rule's protocol, order kept, ranges kept (`22,443,8000:8080`); at most 15 ports. */
export function portList(text: string, protocol: string): string {
  const items = text.split(',');
  if (items.length > 15) throw new IptablesValueError('too many ports specified');
  return items
    .map((item) => {
      const colon = item.indexOf(':');
      if (colon < 0) return String(port(item, protocol));
      const low = port(item.slice(0, colon), protocol);
      const high = port(item.slice(colon + 1), protocol);
      // multiport wants a real range: `5:5` is refused too.
      if (low >= high) throw new IptablesValueError('invalid portrange specified');
      return `${low}:${high}`;
    })
    .join(',');
}

/** An unsigned C integer with base prefix, bounded. */
export function unsigned(text: string, max: number, what: string): number {
  const n = cInteger(text);
  if (n === null || n > max) throw new IptablesValueError(`Bad ${what} value \`${text}'`);
  return n;
}

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** `value[/mask]` of 32-bit marks. */
export function markAndMask(text: string, what: string): { value: number; mask: number | null } {
  const slash = text.indexOf('/');
  const value = unsigned(slash < 0 ? text : text.slice(0, slash), 0xffffffff, what);
  const mask = slash < 0 ? null : unsigned(text.slice(slash + 1), 0xffffffff, what);
  return { value, mask };
}

/** `-m mark --mark` / `-m connmark --mark`: `0x1`, or `0x1/0xff` when the mask is not all ones. */
export function markMatch(text: string): string {
  const { value, mask } = markAndMask(text, 'mark');
  return mask === null || mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

/**
 * A flag list printed in a fixed order (state names, tcp flags, addrtype types, ...): names are matched
 * case-insensitively, `aliases` expand to several flags, and the result follows `order`.
 */
export function orderedList(text: string, order: readonly string[], what: string, aliases: Record<string, string[]> = {}): string[] {
  const wanted = new Set<string>();
  for (const raw of text.split(',')) {
    const upper = raw.toUpperCase();
    const expanded = aliases[upper];
    if (expanded) {
      for (const e of expanded) wanted.add(e);
      continue;
    }
    const name = order.find((o) => o.toUpperCase() === upper);
    if (!name) throw new IptablesValueError(`Bad ${what} \`${raw}'`);
    wanted.add(name);
  }
  return order.filter((o) => wanted.has(o));
}

const LIMIT_SCALE = 10000;
const RATE_UNITS: readonly [string, number][] = [
  ['day', LIMIT_SCALE * 24 * 60 * 60],
  ['hour', LIMIT_SCALE * 60 * 60],
  ['min', LIMIT_SCALE * 60],
  ['sec', LIMIT_SCALE],
];

/** The kernel's period for a `--limit` rate (libxt_limit parse_rate): units may be abbreviated (`5/m`). */
export function limitPeriod(text: string): number {
  const slash = text.indexOf('/');
  const count = Number(slash < 0 ? text : text.slice(0, slash));
  let multiplier = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const units: [string, number][] = [['second', 1], ['minute', 60], ['hour', 3600], ['day', 86400]];
    const found = unit.length > 0 ? units.find(([name]) => name.startsWith(unit)) : undefined;
    if (!found) throw new IptablesValueError(`bad rate \`${text}'`);
    multiplier = found[1];
  }
  if (!Number.isInteger(count) || count <= 0) throw new IptablesValueError(`bad rate \`${text}'`);
  const period = Math.floor((LIMIT_SCALE * multiplier) / count);
  if (period === 0) throw new IptablesValueError(`Rate too fast \`${text}'`);
  return period;
}

/** How libxt_limit prints a period: the largest unit that divides cleanly enough (`300/hour` → `5/min`). */
export function formatLimitPeriod(period: number): string {
  let i = 1;
  for (; i < RATE_UNITS.length; i++) {
    const mult = (RATE_UNITS[i] as [string, number])[1];
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  const [name, mult] = RATE_UNITS[i - 1] as [string, number];
  return `${Math.floor(mult / period)}/${name}`;
}

/** A comment-like string printed by xtables_save_string: bare when [A-Za-z0-9_-]+, else quoted with \", \\ and \' escaped. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** The string match prints its pattern always quoted, escaping only " and \ (libxt_string print_string). */
export function alwaysQuoted(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** Truncates to `max` bytes of UTF-8, as the kernel's fixed-size buffers do (comments: 255 bytes, corpus Q4). */
export function truncateBytes(value: string, max: number): string {
  const bytes = Buffer.from(value, 'utf8');
  return bytes.length <= max ? value : bytes.subarray(0, max).toString('utf8');
}
