import type { JsonNode } from '../daemon/json.js';
import { engineAtLeast } from '../engine/version.js';
import { AddressError, familyBits, formatAddress, parseCidr, type Prefix } from '../net/prefix.js';
import type { TextPosition } from '../text/position.js';
import {
  controllerInstanceFailure,
  defaultBridgeFailure,
  jsonDecodeFailure,
} from './messages.js';
import type { PoolSpec } from './predefined.js';

/** A valid `default-address-pools` entry, with where it was written. */
export interface ConfiguredPool extends PoolSpec {
  /** Position in the user's list (dockerd's error messages count from 0). */
  index: number;
  /** The base exactly as written. */
  written: string;
  /** The base had host bits, which dockerd silently clears (172.17.0.0/12 becomes 172.16.0.0/12). */
  hadHostBits: boolean;
  at?: TextPosition;
}

export interface PoolProblem {
  index: number;
  field: 'base' | 'size' | 'list';
  /** What is wrong, in dockdoc's words. */
  reason: string;
  /**
   * What dockerd prints when this entry stops it from starting, or null when dockerd starts anyway and misbehaves
   * (IPv6 sizes on ≤26, sizes beyond the family on 27+). Where moby's text depends on Go internals dockdoc does not
   * reproduce, the known beginning ends with "…".
   */
  dockerdError: string | null;
  at?: TextPosition;
}

export interface PoolsConfig {
  /** default-address-pools is set and not empty: it replaces the built-in local pools. */
  configured: boolean;
  pools: ConfiguredPool[];
  problems: PoolProblem[];
}

export const NO_POOLS_CONFIGURED: PoolsConfig = { configured: false, pools: [], problems: [] };

/** Go's json type names for the value kinds, as UnmarshalTypeError prints them. */
function goKind(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'boolean':
      return 'bool';
    case 'number':
      return `number ${node.value}`;
    default:
      return node.kind;
  }
}

/** Go's json matches struct fields case-insensitively; the last duplicate wins. */
function field(entry: JsonNode, name: string): JsonNode | undefined {
  if (entry.kind !== 'object') return undefined;
  return entry.entries.filter((e) => e.key.toLowerCase() === name).at(-1)?.value;
}

/**
 * Validates `default-address-pools` (the JSON node from daemon.json) the way the given engine version does
 * (moby@v20.10.24:vendor/github.com/docker/libnetwork/ipamutils/utils.go, moby@v27.0.1:libnetwork/ipams/defaultipam/allocator.go#L87, corpus/pools 05 and 05b): ≤26 parses bases with net.ParseCIDR when the
 * controller starts; 27+ decodes them as netip.Prefix while reading the file, then checks sizes.
 */
export function readPoolsConfig(node: JsonNode | undefined, version: string, configPath: string): PoolsConfig {
  if (node === undefined || node.kind === 'null') return NO_POOLS_CONFIGURED;
  const modern = engineAtLeast(version, '27.0.0');
  if (node.kind !== 'array') {
    return {
      configured: false,
      pools: [],
      problems: [
        {
          index: 0,
          field: 'list',
          reason: 'default-address-pools must be a list of {"base": CIDR, "size": number} objects',
          dockerdError: jsonDecodeFailure(version, configPath, `json: cannot unmarshal ${goKind(node)} into Go value of type []*ipamutils.NetworkToSplit`),
          at: node.at,
        },
      ],
    };
  }
  const pools: ConfiguredPool[] = [];
  const problems: PoolProblem[] = [];
  node.items.forEach((item, index) => {
    const checked = modern ? checkEntryModern(item, index, version, configPath) : checkEntryLegacy(item, index, version, configPath);
    if ('problem' in checked) problems.push({ ...checked.problem, at: checked.problem.at ?? item.at });
    else pools.push({ ...checked.pool, index, at: item.at });
  });
  return { configured: node.items.length > 0, pools, problems };
}

type Checked = { pool: Omit<ConfiguredPool, 'index' | 'at'> } | { problem: PoolProblem };

function typeError(version: string, configPath: string, node: JsonNode, name: string, goType: string): string {
  return jsonDecodeFailure(
    version,
    configPath,
    `json: cannot unmarshal ${goKind(node)} into Go struct field NetworkToSplit.${name} of type ${goType}`,
  );
}

function notAnObject(item: JsonNode, index: number, version: string, configPath: string): PoolProblem | null {
  if (item.kind === 'object' || item.kind === 'null') return null;
  return {
    index,
    field: 'list',
    reason: `entry ${index} is not an object with "base" and "size"`,
    dockerdError: jsonDecodeFailure(
      version,
      configPath,
      `json: cannot unmarshal ${goKind(item)} into Go value of type ipamutils.NetworkToSplit`,
    ),
    at: item.at,
  };
}

/** The size as Go would decode it into an int, or a problem for a non-integer. */
function readSize(item: JsonNode, index: number, version: string, configPath: string): number | PoolProblem {
  const node = field(item, 'size');
  if (node === undefined || node.kind === 'null') return 0;
  if (node.kind !== 'number' || !Number.isInteger(node.value)) {
    return {
      index,
      field: 'size',
      reason: `size must be a whole number (the prefix length of each subnet), got ${JSON.stringify(node.kind === 'number' ? node.value : node.kind)}`,
      dockerdError: typeError(version, configPath, node, 'size', 'int'),
      at: node.at,
    };
  }
  return node.value;
}

function checkEntryLegacy(item: JsonNode, index: number, version: string, configPath: string): Checked {
  const shape = notAnObject(item, index, version, configPath);
  if (shape) return { problem: shape };
  const baseNode = field(item, 'base');
  if (baseNode !== undefined && baseNode.kind !== 'string' && baseNode.kind !== 'null') {
    return {
      problem: {
        index,
        field: 'base',
        reason: 'base must be a CIDR string such as "10.10.0.0/16"',
        dockerdError: typeError(version, configPath, baseNode, 'base', 'string'),
        at: baseNode.at,
      },
    };
  }
  const size = readSize(item, index, version, configPath);
  if (typeof size !== 'number') return { problem: size };
  const written = baseNode?.kind === 'string' ? baseNode.value : '';
  const parsed = goParseCidr(written);
  if (parsed === null) {
    return {
      problem: {
        index,
        field: 'base',
        reason: `base "${written}" is not a CIDR (address/prefix-length)`,
        dockerdError: controllerInstanceFailure(`invalid base pool ${JSON.stringify(written)}: invalid CIDR address: ${written}`),
        at: baseNode?.at,
      },
    };
  }
  // splitNetworks: no upper bound, only "size <= 0 || size < ones".
  if (size <= 0 || size < parsed.prefix.length) {
    return {
      problem: {
        index,
        field: 'size',
        reason: sizeReason(size, parsed.prefix),
        dockerdError: controllerInstanceFailure(`invalid pools size: ${size}`),
        at: field(item, 'size')?.at,
      },
    };
  }
  const bits = familyBits(parsed.prefix.family);
  if (size > bits) {
    // CIDRMask(33, 32) is nil: docker0's pool request then fails to parse (corpus/pools 05b, 20.10.24).
    return {
      problem: {
        index,
        field: 'size',
        reason: `size /${size} is longer than an IPv${parsed.prefix.family} address (/${bits})`,
        dockerdError:
          index === 0
            ? defaultBridgeFailure(
                version,
                'failed to parse pool request for address space "LocalDefault" pool "<nil>" subpool "": Invalid Address Pool',
              )
            : null,
        at: field(item, 'size')?.at,
      },
    };
  }
  return { pool: { base: parsed.prefix, size, written, hadHostBits: parsed.hasHostBits } };
}

function checkEntryModern(item: JsonNode, index: number, version: string, configPath: string): Checked {
  const shape = notAnObject(item, index, version, configPath);
  if (shape) return { problem: shape };
  const baseNode = field(item, 'base');
  if (baseNode !== undefined && baseNode.kind !== 'string' && baseNode.kind !== 'null') {
    return {
      problem: {
        index,
        field: 'base',
        reason: 'base must be a CIDR string such as "10.10.0.0/16"',
        dockerdError: typeError(version, configPath, baseNode, 'base', 'netip.Prefix'),
        at: baseNode.at,
      },
    };
  }
  const written = baseNode?.kind === 'string' ? baseNode.value : '';
  const parsed = written === '' ? null : netipParsePrefix(written);
  if (typeof parsed === 'string') {
    return {
      problem: {
        index,
        field: 'base',
        reason: `base "${written}" is not a CIDR (address/prefix-length)`,
        dockerdError: jsonDecodeFailure(version, configPath, parsed),
        at: baseNode?.at,
      },
    };
  }
  const size = readSize(item, index, version, configPath);
  if (typeof size !== 'number') return { problem: size };
  // splitByIPFamily prints the entry as Go's %v of *NetworkToSplit: &{10.0.0.0/16 8}; an unset base is "invalid Prefix".
  const shown = `&{${parsed === null ? 'invalid Prefix' : `${formatAddress(parsed.prefix.family, parsed.written)}/${parsed.prefix.length}`} ${size}}`;
  if (parsed === null || size === 0) {
    return {
      problem: {
        index,
        field: parsed === null ? 'base' : 'size',
        reason: parsed === null ? 'base is missing or empty' : 'size is missing or 0',
        dockerdError: controllerInstanceFailure(
          `could not construct local address space: network at index ${index} (${shown}) is not in canonical form`,
        ),
        at: (parsed === null ? baseNode : field(item, 'size'))?.at ?? item.at,
      },
    };
  }
  if (parsed.prefix.length > size) {
    return {
      problem: {
        index,
        field: 'size',
        reason: sizeReason(size, parsed.prefix),
        dockerdError: controllerInstanceFailure(
          `could not construct local address space: network at index ${index} (${shown}) has a smaller prefix (/${parsed.prefix.length}) than the target size of that pool (/${size})`,
        ),
        at: field(item, 'size')?.at,
      },
    };
  }
  const bits = familyBits(parsed.prefix.family);
  if (size > bits) {
    return {
      problem: {
        index,
        field: 'size',
        reason: `size /${size} is longer than an IPv${parsed.prefix.family} address (/${bits}); dockerd accepts it and its allocations from this pool are undefined`,
        dockerdError: null,
        at: field(item, 'size')?.at,
      },
    };
  }
  return { pool: { base: parsed.prefix, size, written, hadHostBits: parsed.hasHostBits } };
}

function sizeReason(size: number, base: Prefix): string {
  if (size <= 0) return `size ${size} is not a prefix length`;
  return `size /${size} is shorter than the base's own prefix /${base.length}: a pool cannot hold subnets bigger than itself`;
}

/** Go's net.ParseCIDR (bases, bip, fixed-cidr): no surrounding spaces, decimal prefix length; null when Go refuses. */
export function goParseCidr(text: string): ReturnType<typeof parseCidr> | null {
  if (text !== text.trim()) return null;
  try {
    return parseCidr(text);
  } catch (error) {
    if (error instanceof AddressError) return null;
    throw error;
  }
}

/**
 * Go's netip.ParsePrefix as far as its messages go: the bits must be canonical decimal (no sign, no leading zero).
 * Returns the parsed prefix or the error text. Address errors come from netip.ParseAddr, whose many messages
 * dockdoc does not reproduce; those end in "…".
 */
export function netipParsePrefix(text: string): ReturnType<typeof parseCidr> | string {
  const quoted = JSON.stringify(text);
  const slash = text.lastIndexOf('/');
  if (slash < 0) return `netip.ParsePrefix(${quoted}): no '/'`;
  const addressText = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  const parsed = goParseCidr(`${addressText}/0`);
  if (parsed === null) return `netip.ParsePrefix(${quoted}): ParseAddr(${JSON.stringify(addressText)}): …`;
  if (!/^(0|[1-9]\d*)$/.test(bitsText)) return `netip.ParsePrefix(${quoted}): bad bits after slash: ${JSON.stringify(bitsText)}`;
  if (Number(bitsText) > familyBits(parsed.prefix.family)) return `netip.ParsePrefix(${quoted}): prefix length out of range`;
  return parseCidr(text);
}
