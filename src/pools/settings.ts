import type { DaemonConfigModel } from '../daemon/config.js';
import type { JsonNode } from '../daemon/json.js';
import { dockerdCommandLine } from '../daemon/unitFlags.js';
import type { SystemdUnitsFact } from '../snapshot/schema.js';
import type { TextPosition } from '../text/position.js';
import { NO_POOLS_CONFIGURED, readPoolsConfig, type PoolsConfig } from './config.js';

/** A setting and where it was written: daemon.json (with line:col) or the dockerd command line in a unit. */
export interface Placed<T> {
  value: T;
  file: string;
  at?: TextPosition;
}

/** The daemon options that shape docker0 and the pools, from daemon.json and the dockerd flags of docker.service. */
export interface NetworkSettings {
  configPath: string | null;
  pools: PoolsConfig & { file?: string };
  bip: Placed<string> | null;
  fixedCidr: Placed<string> | null;
  defaultGateway: Placed<string> | null;
  /** docker0's IPv6 subnet (all versions) and its own IPv6 address (28+). */
  fixedCidrV6: Placed<string> | null;
  defaultGatewayV6: Placed<string> | null;
  bip6: Placed<string> | null;
  /** `bridge` / `-b`: a user-managed default bridge ("none" disables docker0). */
  bridge: Placed<string> | null;
  iptables: Placed<boolean> | null;
  icc: Placed<boolean> | null;
  ip6tables: Placed<boolean> | null;
  ipv6: Placed<boolean> | null;
  experimental: Placed<boolean> | null;
  liveRestore: boolean;
}

function topLevel(model: DaemonConfigModel | null, key: string): { node: JsonNode; at: TextPosition } | null {
  if (model?.state !== 'parsed') return null;
  const entry = model.entries.filter((e) => e.key === key).at(-1);
  return entry ? { node: entry.value, at: entry.keyAt } : null;
}

/**
 * An empty string is unset to dockerd for every string and address option (`if cfg.IP != ""`, net.IP's
 * UnmarshalText of "" is nil: daemon_unix.go at v20.10.24 and docker-v29.7.2), as in the reference's full example.
 */
function stringSetting(model: DaemonConfigModel | null, key: string, flags: Flags): Placed<string> | null {
  const entry = topLevel(model, key);
  if (entry && entry.node.kind === 'string' && entry.node.value !== '') return { value: entry.node.value, file: model!.path, at: entry.at };
  const flag = flags.values.filter((f) => f.name === key && f.value !== null && f.value !== '').at(-1);
  return flag ? { value: flag.value!, file: flags.file } : null;
}

function booleanSetting(model: DaemonConfigModel | null, key: string, flags: Flags): Placed<boolean> | null {
  const entry = topLevel(model, key);
  if (entry && entry.node.kind === 'boolean') return { value: entry.node.value, file: model!.path, at: entry.at };
  const flag = flags.values.filter((f) => f.name === key).at(-1);
  if (!flag) return null;
  return { value: flag.value === null || flag.value === 'true' || flag.value === '1', file: flags.file };
}

interface Flags {
  file: string;
  values: { name: string; value: string | null }[];
}

/**
 * Reads the network settings as the given engine version would. Conflicts between file and flags are DD104's
 * business (dockerd refuses them); here the file wins, so every later rule reasons about one value.
 */
export function networkSettings(
  model: DaemonConfigModel | null,
  units: SystemdUnitsFact | undefined,
  version: string,
): NetworkSettings {
  const commandLine = units ? dockerdCommandLine(units) : null;
  const flags: Flags = { file: commandLine?.file ?? '', values: commandLine?.flags ?? [] };
  const configPath = model?.path ?? null;
  const poolsEntry = topLevel(model, 'default-address-pools');
  let pools: NetworkSettings['pools'] = NO_POOLS_CONFIGURED;
  if (poolsEntry) {
    pools = { ...readPoolsConfig(poolsEntry.node, version, configPath ?? 'daemon.json'), file: configPath ?? undefined };
  } else {
    const flagPools = flags.values.filter((f) => f.name === 'default-address-pool' && f.value !== null);
    if (flagPools.length > 0) {
      // Flags have no line:col of their own: findings point at the unit file.
      const read = readPoolsConfig(poolsFromFlags(flagPools.map((f) => f.value!)), version, flags.file);
      pools = {
        configured: read.configured,
        pools: read.pools.map(({ at: _at, ...pool }) => pool),
        problems: read.problems.map(({ at: _at, ...problem }) => problem),
        file: flags.file,
      };
    }
  }
  return {
    configPath,
    pools,
    bip: stringSetting(model, 'bip', flags),
    fixedCidr: stringSetting(model, 'fixed-cidr', flags),
    defaultGateway: stringSetting(model, 'default-gateway', flags),
    fixedCidrV6: stringSetting(model, 'fixed-cidr-v6', flags),
    defaultGatewayV6: stringSetting(model, 'default-gateway-v6', flags),
    bip6: stringSetting(model, 'bip6', flags),
    bridge: stringSetting(model, 'bridge', flags),
    iptables: booleanSetting(model, 'iptables', flags),
    icc: booleanSetting(model, 'icc', flags),
    ip6tables: booleanSetting(model, 'ip6tables', flags),
    ipv6: booleanSetting(model, 'ipv6', flags),
    experimental: booleanSetting(model, 'experimental', flags),
    liveRestore: booleanSetting(model, 'live-restore', flags)?.value ?? false,
  };
}

/**
 * `--default-address-pool base=10.10.0.0/16,size=24` (opts/address_pools.go PoolsOpt.Set), turned into the JSON
 * shape so one validator serves both. A size that is not a number stays a string and is reported as such.
 */
function poolsFromFlags(values: string[]): JsonNode {
  const at = { line: 1, column: 1 };
  return {
    kind: 'array',
    at,
    items: values.map((value): JsonNode => ({
      kind: 'object',
      at,
      entries: value.split(',').map((field) => {
        const [key = '', text = ''] = field.split('=', 2);
        const node: JsonNode =
          key.toLowerCase() === 'size' && /^-?\d+$/.test(text)
            ? { kind: 'number', at, value: Number(text), text }
            : { kind: 'string', at, value: text.toLowerCase() };
        return { key: key.toLowerCase(), keyAt: at, value: node };
      }),
    })),
  };
}
