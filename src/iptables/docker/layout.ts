import { engineAtLeast } from '../../engine/version.js';

/**
 * Which chains and rules a dockerd version programs with the iptables backend (moby@v20.10.24:vendor/github.com/docker/libnetwork/drivers/bridge/setup_ip_tables.go; the TestIptabler golden files at v28.5.2 and docker-v29.7.2).
 * - `v20`: 20.10 through 27.x: DOCKER, DOCKER-ISOLATION-STAGE-1/2 (with trailing RETURNs), DOCKER-USER; per-bridge
 *   rules straight in FORWARD.
 * - `v28-ipset`: 28.0.0 alone: FORWARD matches the ipsets `docker-ext-bridges-v4`/`-v6` (`-m set --match-set ... dst`)
 *   to reach DOCKER and to accept replies; per-bridge rules still in FORWARD; no DOCKER-FORWARD/CT/BRIDGE chains.
 * - `v28`: 28.0.1–28.x: FORWARD jumps only to DOCKER-USER and DOCKER-FORWARD, which fans out to DOCKER-CT,
 *   DOCKER-ISOLATION-STAGE-1 and DOCKER-BRIDGE.
 * - `v29`: 29.x: the isolation chains are gone, internal networks use DOCKER-INTERNAL, no nat `-i br -j RETURN`.
 * From 28.0 every layout has a DROP for unpublished ports in DOCKER and raw-table direct-access drops.
 */
export interface FirewallLayout {
  name: 'v20' | 'v28-ipset' | 'v28' | 'v29';
  /** `-A DOCKER-USER -j RETURN` is created with the chain (until 28.2.2, PR #50098). */
  userChainReturn: boolean;
  /** ISOLATION chains end with `-j RETURN` (until 28.0, commit 10338053f0). */
  isolationReturn: boolean;
  /** raw PREROUTING drops: per published port (28.0–28.1) or per container endpoint (28.2+). */
  directAccessDrops: 'none' | 'per-port' | 'per-endpoint';
  /** Per-port `-s X -d X ... -j MASQUERADE`: always up to 27.x, only in hairpin mode from 28.0. */
  portMasquerade: 'always' | 'hairpin-only';
  /** The ip6tables DOCKER-USER chain: not created in 20.10 ("TODO IPv6 support"), created from 23.0. */
  userChainIpv6: boolean;
}

export function firewallLayout(engineVersion: string): FirewallLayout {
  if (engineAtLeast(engineVersion, '29.0.0')) {
    return { name: 'v29', userChainReturn: false, isolationReturn: false, directAccessDrops: 'per-endpoint', portMasquerade: 'hairpin-only', userChainIpv6: true };
  }
  if (engineAtLeast(engineVersion, '28.0.0')) {
    return {
      name: engineAtLeast(engineVersion, '28.0.1') ? 'v28' : 'v28-ipset',
      userChainReturn: !engineAtLeast(engineVersion, '28.2.2'),
      isolationReturn: false,
      directAccessDrops: engineAtLeast(engineVersion, '28.2.0') ? 'per-endpoint' : 'per-port',
      portMasquerade: 'hairpin-only',
      userChainIpv6: true,
    };
  }
  return {
    name: 'v20',
    userChainReturn: true,
    isolationReturn: true,
    directAccessDrops: 'none',
    portMasquerade: 'always',
    userChainIpv6: engineAtLeast(engineVersion, '23.0.0'),
  };
}
