import type { PoolBehaviour } from './behaviour.js';
import { goParseCidr } from './config.js';
import type { BridgeSettings } from './daemon.js';
import { LOCAL_DEFAULT_POOLS, ulaPool, type PoolSpec } from './predefined.js';
import type { NetworkSettings } from './settings.js';

/**
 * The local pools dockerd works with: the configured ones (which replace the defaults entirely, corpus/pools 04b),
 * else the built-in list; 27+ adds the engine's ULA pool when no configured pool is IPv6 (daemon.go
 * networkOptions). Without the engine-id the ULA pool is unknown and left out.
 */
export function effectiveLocalPools(settings: NetworkSettings, behaviour: PoolBehaviour, engineId: string | null): PoolSpec[] {
  const pools: PoolSpec[] = settings.pools.configured
    ? settings.pools.pools.map(({ base, size }) => ({ base, size }))
    : LOCAL_DEFAULT_POOLS.map((p) => ({ ...p }));
  if (behaviour.ulaPool && engineId !== null && !pools.some((p) => p.base.family === 6)) pools.push(ulaPool(engineId));
  return pools;
}

/** bip and fixed-cidr as dockerd parses them; unparsable values are DD105's findings and count as unset here. */
export function bridgeSettings(settings: NetworkSettings): BridgeSettings {
  const bip = settings.bip ? goParseCidr(settings.bip.value) : null;
  const fixed = settings.fixedCidr ? goParseCidr(settings.fixedCidr.value) : null;
  return {
    bip: bip ? { address: bip.written, subnet: bip.prefix } : null,
    fixedCidr: fixed ? fixed.prefix : null,
    recreateInterface: settings.pools.configured && !settings.liveRestore,
  };
}
