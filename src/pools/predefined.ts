import { createHash } from 'node:crypto';
import { prefix, type Prefix } from '../net/prefix.js';

/** One `default-address-pools` entry as dockerd holds it: a base cut into blocks of /size. */
export interface PoolSpec {
  base: Prefix;
  size: number;
}

function pool(base: string, size: number): PoolSpec {
  return { base: prefix(base), size };
}

/**
 * The built-in local pools, in dockerd's order, unchanged from 20.10 to 29.7.2 (moby@v20.10.24:vendor/github.com/docker/libnetwork/ipamutils/utils.go#L18-21, moby@docker-v29.7.2:daemon/libnetwork/ipamutils/utils.go#L10-21,
 * ipamutils/utils.go): 15 × /16 in 172.17–172.31 and 16 × /20 in 192.168/16, 31 subnets. 172.16/16 is not in it.
 */
export const LOCAL_DEFAULT_POOLS: readonly PoolSpec[] = [
  pool('172.17.0.0/16', 16),
  pool('172.18.0.0/16', 16),
  pool('172.19.0.0/16', 16),
  pool('172.20.0.0/14', 16),
  pool('172.24.0.0/14', 16),
  pool('172.28.0.0/14', 16),
  pool('192.168.0.0/16', 20),
];

/** The global (swarm, overlay) pool: 10.0.0.0/8 in /24s. */
export const GLOBAL_DEFAULT_POOLS: readonly PoolSpec[] = [pool('10.0.0.0/8', 24)];

/**
 * 27+: the host-unique ULA pool `fdXX:XXXX:XXXX::/48` in /64s. The 40-bit Global ID is the low 40 bits of the
 * first 8 bytes (big-endian) of sha256(engine-id), placed right after `fd` (daemon.go deriveULABaseNetwork).
 */
export function ulaPool(engineId: string): PoolSpec {
  const digest = createHash('sha256').update(engineId).digest();
  const globalId = digest.readBigUInt64BE(0) & ((1n << 40n) - 1n);
  return { base: { family: 6, address: (0xfdn << 120n) + (globalId << 80n), length: 48 }, size: 64 };
}
