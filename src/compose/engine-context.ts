import { daemonConfigModel } from '../daemon/config.js';
import { formatPrefix, overlaps, tryPrefix, type Prefix } from '../net/prefix.js';
import { poolBehaviour } from '../pools/behaviour.js';
import { SimulatedDaemon } from '../pools/daemon.js';
import { bridgeSettings, effectiveLocalPools } from '../pools/effective.js';
import { hostReservations } from '../pools/host.js';
import { GLOBAL_DEFAULT_POOLS, LOCAL_DEFAULT_POOLS, type PoolSpec } from '../pools/predefined.js';
import { networkSettings } from '../pools/settings.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { AddressScope } from './model.js';

/** A network already on the engine that a compose subnet must not overlap. */
export interface ExistingNetwork {
  name: string;
  scope: AddressScope;
  subnet: Prefix;
  /** Live from the engine, or docker0 as dockerd will set it up from daemon.json / its defaults. */
  source: 'engine' | 'bip' | 'predicted docker0';
  /** A swarm-scope network (overlay, ingress) as the engine lists it. */
  swarm?: boolean;
}

/**
 * Networks the engine already holds: every subnet of every network when the snapshot has the engine; otherwise
 * docker0, which exists on every engine: `bip` when set, else the subnet dockerd gives it at start (the first free
 * block of its pools, steering around the snapshot's routes and nameservers when it has them).
 */
export function existingNetworks(snapshot: Snapshot, version: string): ExistingNetwork[] {
  const engine = available(snapshot.facts.engine);
  if (engine) {
    return engine.networks.flatMap((network) =>
      network.subnets.flatMap((ipam) => {
        const subnet = tryPrefix(ipam.subnet);
        if (!subnet) return [];
        const existing: ExistingNetwork = { name: network.name, scope: network.scope === 'local' ? 'local' : 'global', subnet, source: 'engine' };
        return [network.scope === 'swarm' ? { ...existing, swarm: true } : existing];
      }),
    );
  }
  const settings = networkSettings(daemonConfigModel(snapshot), available(snapshot.facts.systemdUnits), version);
  if (settings.bridge?.value === 'none') return [];
  const behaviour = poolBehaviour(version);
  const host = hostReservations(available(snapshot.facts.routes) ?? [], available(snapshot.facts.resolvConf)?.nameservers ?? [], behaviour);
  const daemon = new SimulatedDaemon(behaviour, effectiveLocalPools(settings, behaviour, null), bridgeSettings(settings), host);
  const started = daemon.start();
  if (!('docker0' in started)) return [];
  return [{ name: 'bridge (docker0)', scope: 'local', subnet: started.docker0, source: settings.bip ? 'bip' : 'predicted docker0' }];
}

export interface DynamicPools {
  pools: readonly PoolSpec[];
  /** Where the pools come from, for messages: "daemon.json default-address-pools", "built-in defaults", ... */
  source: string;
}

/** The local pools dockerd allocates from: daemon.json's default-address-pools, else the engine's, else built-in. */
export function localPools(snapshot: Snapshot, version: string): DynamicPools {
  const model = daemonConfigModel(snapshot);
  if (model) {
    const settings = networkSettings(model, available(snapshot.facts.systemdUnits), version);
    if (settings.pools.configured && settings.pools.pools.length > 0) {
      return { pools: settings.pools.pools, source: `default-address-pools in ${settings.pools.file ?? model.path}` };
    }
    return { pools: LOCAL_DEFAULT_POOLS, source: `Docker's built-in pools (${model.path} sets no default-address-pools)` };
  }
  const engine = available(snapshot.facts.engine);
  const fromEngine = (engine?.defaultAddressPools ?? []).flatMap(({ base, size }) => {
    const prefix = tryPrefix(base);
    return prefix ? [{ base: prefix, size }] : [];
  });
  if (fromEngine.length > 0) return { pools: fromEngine, source: `the engine's default-address-pools (docker info)` };
  if (engine) return { pools: LOCAL_DEFAULT_POOLS, source: `Docker's built-in pools (the engine reports no default-address-pools)` };
  return { pools: LOCAL_DEFAULT_POOLS, source: `Docker's built-in pools (no daemon.json given; --daemon-config names yours)` };
}

/** The swarm-scope pools overlay networks are allocated from: the swarm's default-addr-pool, else 10.0.0.0/8 in /24. */
export function globalPools(snapshot: Snapshot): DynamicPools {
  const swarm = available(snapshot.facts.engine)?.swarm;
  const bases = (swarm?.defaultAddrPool ?? []).flatMap((base) => {
    const prefix = tryPrefix(base);
    return prefix ? [{ base: prefix, size: swarm?.subnetSize || 24 }] : [];
  });
  if (bases.length > 0) return { pools: bases, source: `the swarm's default-addr-pool` };
  return { pools: GLOBAL_DEFAULT_POOLS, source: `the swarm's built-in pool 10.0.0.0/8` };
}

/** The pools of `pools` that `subnet` overlaps, as text ("172.18.0.0/16"). */
export function overlappingPools(subnet: Prefix, pools: readonly PoolSpec[]): string[] {
  return pools.filter((pool) => overlaps(pool.base, subnet)).map((pool) => formatPrefix(pool.base));
}
