import { engineAtLeast } from '../engine/version.js';

/**
 * What changed in dockerd's pool handling, version by version (moby's ipamutils, ipam/defaultipam and daemon/config at each release tag; docs/pools.md cites them). Everything in src/pools
 * asks this instead of comparing version strings itself.
 */
export interface PoolBehaviour {
  version: string;
  /**
   * ≤26: pools split eagerly in the user's order and handed out round-robin from an in-memory index
   * (libnetwork ipam/allocator.go getPredefinedPool). 27+: pools sorted by address, overlapping ones dropped,
   * lowest free block first (defaultipam/address_space.go allocatePredefinedPool, PR #47768).
   */
  allocator: 'round-robin' | 'first-fit';
  /** ≥20.10.15: only on-link IPv4 routes block a subnet; before, every IPv4 route with a destination did (PR #42598 / #43360). */
  onLinkRoutesOnly: boolean;
  /** ≤23: docker0 without bip takes the first predefined subnet that passes the host checks (ElectInterfaceAddresses); 24+: IPAM. */
  docker0FromPredefinedList: boolean;
  /** 27+: a host-unique ULA /48 split into /64 joins the local pools unless a configured pool is IPv6 (PR #47853). */
  ulaPool: boolean;
  /** 27.0.0–27.0.2 could hand out the same subnet twice (issue #48069, fixed in 27.0.3). */
  duplicateAllocationBug: boolean;
}

export function poolBehaviour(version: string): PoolBehaviour {
  const firstFit = engineAtLeast(version, '27.0.0');
  return {
    version,
    allocator: firstFit ? 'first-fit' : 'round-robin',
    onLinkRoutesOnly: engineAtLeast(version, '20.10.15'),
    docker0FromPredefinedList: !engineAtLeast(version, '24.0.0'),
    ulaPool: firstFit,
    duplicateAllocationBug: firstFit && !engineAtLeast(version, '27.0.3'),
  };
}
