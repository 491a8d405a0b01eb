import { engineAtLeast } from '../engine/version.js';
import type { Prefix } from '../net/prefix.js';
import type { ComposeNetwork } from './model.js';

/**
 * Whether the engine checks an IPv6 `ipam.config` entry of this network. From 26.0 ValidateIPAM skips IPv6 entries
 * of a network without IPv6 (moby api/types/network/ipam.go, v26.0.0: `if !enableIPv6 && subnetFamily == ip6
 * { continue }`; daemon/network.go validateIpamConfig in 29.x), and the network gets no IPv6 at all, so nothing in
 * that entry can make `up` fail. 25.x checked every entry.
 */
export function engineChecksIpamEntry(network: ComposeNetwork, subnet: Prefix, engineVersion: string): boolean {
  return subnet.family === 4 || network.enableIpv6 || !engineAtLeast(engineVersion, '26.0.0');
}
