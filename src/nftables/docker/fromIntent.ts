import type { BridgeNetwork, DockerIntent, Family } from '../../intent/index.js';
import { formatAddress, formatPrefix, tryAddress } from '../../net/prefix.js';
import type { NftDaemonConfig, NftNetworkConfig, NftNetworkFamily, NftPortBinding } from './config.js';

/** What moby's nftabler is told for this host's networks (bridge_linux.go newFirewallerNetwork, docker-v29.7.2). */
export interface NftFirewallerInput {
  daemon: NftDaemonConfig;
  networks: NftNetworkConfig[];
  /** Docker's name of each network, and the container of each port binding, for findings in Docker's terms. */
  names: Map<NftNetworkConfig, string>;
  owners: Map<NftPortBinding, { network: string; container: string }>;
}

/** nft prints addresses in their shortest form. */
function canonical(address: string | null): string | null {
  const parsed = address ? tryAddress(address.replace(/\/\d+$/, '')) : null;
  return parsed ? formatAddress(parsed.family, parsed.value) : null;
}

/**
 * One family of a network as the firewaller sees it (makeNetworkConfigFam): `isolated` needs an internal network
 * (dockerd refuses it otherwise), whose rules it shares, so only `routed` and `nat-unprotected` change anything.
 */
function family(network: BridgeNetwork, fam: Family): NftNetworkFamily | null {
  const subnet = fam === 4 ? network.ipv4 : network.ipv6;
  if (!subnet) return null;
  const mode = network.gatewayMode[fam];
  return { prefix: formatPrefix(subnet), hostIp: canonical(network.snatTo[fam]), routed: mode === 'routed', unprotected: mode === 'nat-unprotected' };
}

/** Docker's intent in the terms of moby's nftables firewaller: the renderer's input. */
export function nftFirewallerInput(intent: DockerIntent): NftFirewallerInput {
  const { settings } = intent;
  const daemon: NftDaemonConfig = {
    hairpin: !settings.userlandProxy,
    // WSL2 mirrored networking is a Windows host's setting no Linux fact shows; assumed off.
    wsl2Mirrored: false,
    allowDirectRouting: settings.allowDirectRouting,
  };
  const owners: NftFirewallerInput['owners'] = new Map();
  const names: NftFirewallerInput['names'] = new Map();
  const networks = intent.networks.map((network): NftNetworkConfig => {
    const ip6 = family(network, 6);
    const ports: NftPortBinding[] = [];
    for (const publication of intent.publications.filter((p) => p.network === network)) {
      const v6Host = publication.port.hostIp.includes(':');
      // A binding on an IPv6 host address reaches the container's IPv6 address when it has one; else docker-proxy maps it.
      const containerIp = canonical(v6Host && publication.endpoint.ipv6 && ip6 ? publication.endpoint.ipv6 : publication.endpoint.ipv4);
      if (!containerIp) continue;
      const hostIp = canonical(publication.port.hostIp) ?? (v6Host ? '::' : '0.0.0.0');
      const binding: NftPortBinding = { protocol: publication.port.protocol, containerIp, containerPort: publication.port.containerPort, hostIp, hostPort: publication.port.hostPort };
      ports.push(binding);
      owners.set(binding, { network: network.name, container: publication.container });
    }
    const config: NftNetworkConfig = {
      bridge: network.bridge,
      internal: network.internal,
      icc: network.icc,
      // dockerd forces masquerading off with ip-masq=false.
      masquerade: network.masquerade && settings.ipMasq,
      trustedHostInterfaces: network.trustedHostInterfaces,
      ip: family(network, 4),
      ip6,
      endpoints: intent.endpoints.filter((e) => e.network === network).map((e) => ({ ip: canonical(e.ipv4), ip6: canonical(e.ipv6) })),
      ports,
    };
    names.set(config, network.name);
    return config;
  });
  return { daemon, networks, names, owners };
}
