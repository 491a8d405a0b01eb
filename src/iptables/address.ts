import { inetNtop } from '../net/inet-ntop.js';
import { familyBits, networkMask, parseAddress, type Prefix } from '../net/prefix.js';

/** A `-s` / `-d` operand after iptables has read it: masked address and mask, printed as the kernel prints it. */
export interface IptablesAddress {
  /** Canonical text: `10.0.0.0/8`, `10.0.0.1/32`, `10.0.0.0/255.0.255.0`; `0.0.0.0/0` for "any". */
  text: string;
  /** The prefix when the mask is contiguous (always, except for masks like 255.0.255.0). */
  prefix: Prefix | null;
  /** Mask length 0: matches everything, so iptables-save leaves the option out. */
  any: boolean;
}

export class IptablesValueError extends Error {}

/**
 * Reads one IPv4 address the way iptables does (xtables_numeric_to_ipaddr), not the way inet_pton does:
 * each part is a C integer with base prefix (`010` is 8, `0x10` is 16) and missing trailing parts are zero
 * (`10.1` is 10.1.0.0, not inet_aton's 10.0.0.1). Corpus A5.
 */
const PLAIN_QUAD = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function iptablesIpv4(text: string, isMask: boolean): bigint | null {
  // Nearly every address is a plain dotted quad, which needs none of the C-integer rules below.
  const plain = PLAIN_QUAD.exec(text);
  if (plain) return BigInt(((Number(plain[1]) << 24) | (Number(plain[2]) << 16) | (Number(plain[3]) << 8) | Number(plain[4])) >>> 0);
  const parts = text.split('.');
  if (parts.length > 4 || (isMask && parts.length !== 4)) return null;
  let value = 0n;
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    let byte = 0;
    if (part !== undefined) {
      const parsed = cInteger(part);
      if (parsed === null || parsed > 255) return null;
      byte = parsed;
    }
    value = (value << 8n) | BigInt(byte);
  }
  return value;
}

/** strtoul(text, &end, 0) that must consume the whole text. */
export function cInteger(text: string): number | null {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  if (/^[1-9]\d*$/.test(text)) return Number(text);
  return null;
}

function ipv6(text: string): bigint | null {
  if (!text.includes(':')) return null;
  try {
    const parsed = parseAddress(text);
    return parsed.family === 6 ? parsed.value : null;
  } catch {
    return null;
  }
}

const MASK_LENGTHS: Record<4 | 6, Map<bigint, number>> = { 4: new Map(), 6: new Map() };
for (const family of [4, 6] as const) {
  for (let length = 0; length <= familyBits(family); length++) MASK_LENGTHS[family].set(networkMask(family, length), length);
}

/** The prefix length of a contiguous mask, or null for masks like 255.0.255.0. */
function maskLength(family: 4 | 6, mask: bigint): number | null {
  return MASK_LENGTHS[family].get(mask) ?? null;
}

const FULL_MASK: Record<4 | 6, bigint> = { 4: networkMask(4, 32), 6: networkMask(6, 128) };

/**
 * One host/network operand (no commas) as `-s`, `-d` and conntrack's `--ctorigdst` read it: the mask is a length or
 * a dotted/colon mask, host bits are cleared (A2), a contiguous mask prints as a length (A3).
 * Names are not resolved: dockdoc never does DNS on behalf of a rules file, so they fail as iptables does offline.
 */
export function parseHostNetwork(text: string, family: 4 | 6): IptablesAddress {
  const slash = text.lastIndexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const maskText = slash < 0 ? null : text.slice(slash + 1);
  const address = family === 4 ? iptablesIpv4(addressText, false) : ipv6(addressText);
  if (address === null) throw new IptablesValueError(`host/network \`${addressText}' not found`);
  const bits = familyBits(family);
  let mask = FULL_MASK[family];
  if (maskText !== null) {
    const dotted = family === 4 ? iptablesIpv4(maskText, true) : ipv6(maskText);
    if (dotted !== null) {
      mask = dotted;
    } else {
      const length = cInteger(maskText);
      if (length === null || length > bits) throw new IptablesValueError(`invalid mask \`${maskText}' specified`);
      mask = networkMask(family, length);
    }
  }
  const masked = address & mask;
  const length = maskLength(family, mask);
  const addressOut = inetNtop(family, masked);
  return {
    text: length === null ? `${addressOut}/${inetNtop(family, mask)}` : `${addressOut}/${length}`,
    prefix: length === null ? null : { family, address: masked, length },
    any: length === 0,
  };
}

/** A strict numeric address (inet_pton), as the NAT targets and iprange read theirs; null when invalid. */
export function strictAddress(text: string, family: 4 | 6): bigint | null {
  if (family === 6) return ipv6(text);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  let value = 0n;
  for (const part of m.slice(1)) {
    if (part.length > 1 && part.startsWith('0')) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

export function formatHost(family: 4 | 6, value: bigint): string {
  return inetNtop(family, value);
}
