import type { Location } from '../engine/types.js';
import { parseCidr, type Prefix } from '../net/prefix.js';
import { derived } from '../snapshot/derive.js';
import type { Snapshot } from '../snapshot/schema.js';
import { composeModel, createdNetworks } from './compose-model.js';
import type { ComposeIpamConfig, ComposeNetwork } from './model.js';

/** One valid `ipam.config[].subnet` of a network compose creates. */
export interface ComposeSubnet {
  network: ComposeNetwork;
  config: ComposeIpamConfig;
  /** The subnet as written (after interpolation). */
  text: string;
  /** Masked: `10.1.2.3/16` is 10.1.0.0/16, as the engine would treat it (DD301 reports the host bits). */
  prefix: Prefix;
  location: Required<Location>;
  /** Position in the input: projects, then networks, then configs, in the order given. */
  order: number;
}

/** Every parseable subnet the engine allocates for the compose projects in the snapshot (invalid ones are DD301's business). */
export const composeSubnets = derived((snapshot: Snapshot): ComposeSubnet[] => {
  const model = composeModel(snapshot);
  if (!model) return [];
  const subnets: ComposeSubnet[] = [];
  for (const network of createdNetworks(model)) {
    for (const config of network.ipam) {
      if (!config.subnet) continue;
      let prefix: Prefix;
      try {
        prefix = parseCidr(config.subnet.value).prefix;
      } catch {
        continue;
      }
      // Without enable_ipv6 the engine allocates no IPv6 pool at all (libnetwork ipamAllocate, 20.10 to 29.x):
      // such a subnet occupies no address space and reaches no route.
      if (prefix.family === 6 && !network.enableIpv6) continue;
      subnets.push({ network, config, text: config.subnet.value, prefix, location: config.subnet.location, order: subnets.length });
    }
  }
  return subnets;
});

/** How a finding names a compose network: `proj_back (deploy/compose.yml)`. */
export function describeNetwork(network: ComposeNetwork): string {
  return `${network.name} (${network.location.file})`;
}
