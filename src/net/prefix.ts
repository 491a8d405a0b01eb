import { Address4, Address6 } from 'ip-address';
import { inetNtop } from './inet-ntop.js';

/** An IP prefix on BigInt: the one representation of addresses and subnets in dockdoc. */
export interface Prefix {
  family: 4 | 6;
  /** Network address as an integer (host bits cleared). */
  address: bigint;
  length: number;
}

export function familyBits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** Every mask, computed once: rules ask for them in the inner loops of overlap checks. */
const HOST_MASKS = {
  4: Array.from({ length: 33 }, (_, length) => (1n << BigInt(32 - length)) - 1n),
  6: Array.from({ length: 129 }, (_, length) => (1n << BigInt(128 - length)) - 1n),
};
const ALL_ONES = { 4: (1n << 32n) - 1n, 6: (1n << 128n) - 1n };

export function hostMask(family: 4 | 6, length: number): bigint {
  return HOST_MASKS[family][length] ?? (1n << BigInt(familyBits(family) - length)) - 1n;
}

export function networkMask(family: 4 | 6, length: number): bigint {
  return ALL_ONES[family] ^ hostMask(family, length);
}

export class AddressError extends Error {}

/**
 * Parsed addresses by their text. The same few thousand subnets are read again by every rule (a lint of 10,000
 * compose networks reads each one several times), and ip-address parsing is the costliest step in it.
 */
const parsedAddresses = new Map<string, { family: 4 | 6; value: bigint } | null>();
const PARSED_ADDRESSES_KEPT = 100_000;

/** Parses one address without a prefix length; throws AddressError with the offending text. */
export function parseAddress(text: string): { family: 4 | 6; value: bigint } {
  let parsed = parsedAddresses.get(text);
  if (parsed === undefined) {
    parsed = parseAddressText(text.trim());
    if (parsedAddresses.size >= PARSED_ADDRESSES_KEPT) parsedAddresses.clear();
    parsedAddresses.set(text, parsed);
  }
  if (parsed === null) throw new AddressError(`invalid IP address: ${text}`);
  return parsed;
}

/**
 * A dotted quad exactly as ip-address's Address4 accepts it (its RE_ADDRESS: each octet 0-255, no leading zero).
 * Every text this matches, Address4 accepts with the same value, so reading it here only skips the library's object
 * (about 10 µs an address: a lint of 10,000 compose networks parses that many); anything else goes to the library.
 */
const DOTTED_QUAD = /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

function parseAddressText(text: string): { family: 4 | 6; value: bigint } | null {
  if (text.includes('/')) return null;
  const quad = DOTTED_QUAD.exec(text);
  if (quad) return Object.freeze({ family: 4, value: BigInt(Number(quad[1]) * 0x1000000 + Number(quad[2]) * 0x10000 + Number(quad[3]) * 0x100 + Number(quad[4])) });
  for (const [family, Address] of [[4, Address4], [6, Address6]] as const) {
    try {
      return Object.freeze({ family, value: new Address(text).bigInt() });
    } catch {
      // Not this family; ip-address throws on anything it does not accept.
    }
  }
  return null;
}

export interface ParsedCidr {
  prefix: Prefix;
  /** The address as written, before masking: non-zero host bits are what DD301 / DD105 look at. */
  written: bigint;
  hasHostBits: boolean;
}

/** Parses "a.b.c.d/n" or "x::/n" strictly (a prefix length is required), as Go's net.ParseCIDR does. */
export function parseCidr(text: string): ParsedCidr {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) throw new AddressError(`invalid CIDR address: ${text}`);
  const lengthText = trimmed.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) throw new AddressError(`invalid CIDR address: ${text}`);
  let address: { family: 4 | 6; value: bigint };
  try {
    address = parseAddress(trimmed.slice(0, slash));
  } catch {
    throw new AddressError(`invalid CIDR address: ${text}`);
  }
  const length = Number(lengthText);
  if (length > familyBits(address.family)) throw new AddressError(`invalid CIDR address: ${text}`);
  const masked = address.value & networkMask(address.family, length);
  return {
    prefix: { family: address.family, address: masked, length },
    written: address.value,
    hasHostBits: masked !== address.value,
  };
}

/** Parses a CIDR and returns the masked prefix. */
export function prefix(text: string): Prefix {
  return parseCidr(text).prefix;
}

/** Parses a CIDR or a bare address (a bare address becomes a /32 or /128). */
export function prefixOrHost(text: string): Prefix {
  if (text.includes('/')) return prefix(text);
  const { family, value } = parseAddress(text);
  return { family, address: value, length: familyBits(family) };
}

export function tryPrefix(text: string): Prefix | null {
  try {
    return prefix(text);
  } catch {
    return null;
  }
}

/** Parses one address, or null when it is none. */
export function tryAddress(text: string): { family: 4 | 6; value: bigint } | null {
  try {
    return parseAddress(text);
  } catch {
    return null;
  }
}

export function formatAddress(family: 4 | 6, value: bigint): string {
  return family === 4 ? Address4.fromBigInt(value).correctForm() : Address6.fromBigInt(value).correctForm();
}

/** One spelling per address (the kernel's, RFC 5952 for IPv6), so addresses from different sources compare; text that is no address stays as it is. */
export function canonicalAddress(text: string): string {
  const parsed = tryAddress(text);
  return parsed ? inetNtop(parsed.family, parsed.value) : text;
}

export function formatPrefix(p: Prefix): string {
  return `${formatAddress(p.family, p.address)}/${p.length}`;
}

export function firstAddress(p: Prefix): bigint {
  return p.address;
}

export function lastAddress(p: Prefix): bigint {
  return p.address | hostMask(p.family, p.length);
}

export function containsAddress(p: Prefix, family: 4 | 6, value: bigint): boolean {
  return p.family === family && (value & networkMask(family, p.length)) === p.address;
}

/** True when `outer` contains all of `inner`. */
export function containsPrefix(outer: Prefix, inner: Prefix): boolean {
  return outer.family === inner.family && outer.length <= inner.length && containsAddress(outer, inner.family, inner.address);
}

export function overlaps(a: Prefix, b: Prefix): boolean {
  return containsPrefix(a, b) || containsPrefix(b, a);
}

export function samePrefix(a: Prefix, b: Prefix): boolean {
  return a.family === b.family && a.length === b.length && a.address === b.address;
}

/** Orders by family, then address, then shorter prefix first (the order 27+ sorts pools in). */
export function comparePrefixes(a: Prefix, b: Prefix): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.address !== b.address) return a.address < b.address ? -1 : 1;
  return a.length - b.length;
}

/** A cheap identity key for maps and sets (formatting through ip-address costs far more). */
export function prefixKey(p: Prefix): string {
  return `${p.family}/${p.address}/${p.length}`;
}
