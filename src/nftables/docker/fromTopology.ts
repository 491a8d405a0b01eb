import { daemonConfigModel } from '../../daemon/config.js';
import type { DockerFirewallSettings } from '../../iptables/docker/settings.js';
import type { BridgeNetwork, DockerTopology } from '../../iptables/docker/topology.js';
import { formatAddress, formatPrefix, tryAddress } from '../../net/prefix.js';
import type { Snapshot } from '../../snapshot/schema.js';
import type { NftDaemonConfig, NftNetworkConfig, NftNetworkFamily, NftPortBinding } from './config.js';

const OPTION = 'com.docker.network.bridge.';

/** What moby's nftabler is told for this host's networks (bridge_linux.go newFirewallerNetwork, docker-v29.7.2). */
export interface NftFirewallerInput {
  daemon: NftDaemonConfig;
  networks: NftNetworkConfig[];
  /** Docker's name of each network, and the container of each port binding, for findings in Docker's terms. */
  names: Map<NftNetworkConfig, string>;
  owners: Map<NftPortBinding, { network: string; container: string }>;
}

function canonical(address: string | null): string | null {
  const parsed = address ? tryAddress(address.replace(/\/\d+$/, '')) : null;
  return parsed ? formatAddress(parsed.family, parsed.value) : null;
}

/** Gateway mode per family (28+): `isolated` gives the bridge no address of that family, so dockerd programs nothing for it. */
function family(network: BridgeNetwork, fam: 4 | 6, options: Record<string, string>): NftNetworkFamily | null {
  const subnet = fam === 4 ? network.ipv4 : network.ipv6;
  const mode = options[`${OPTION}gateway_mode_ipv${fam}`] ?? 'nat';
  if (!subnet || mode === 'isolated') return null;
  return { prefix: formatPrefix(subnet), hostIp: canonical(network.snatTo[fam]), routed: mode === 'routed', unprotected: mode === 'nat-unprotected' };
}

export function nftFirewallerInput(snapshot: Snapshot, settings: DockerFirewallSettings, topology: DockerTopology): NftFirewallerInput {
  const model = daemonConfigModel(snapshot);
  const values = model?.state === 'parsed' ? model.values : {};
  const daemon: NftDaemonConfig = {
    hairpin: !settings.userlandProxy,
    // WSL2 mirrored networking is a Windows host's setting no Linux fact shows; assumed off.
    wsl2Mirrored: false,
    allowDirectRouting: values['allow-direct-routing'] === true,
  };
  const engineNetworks = new Map(
    snapshot.facts.engine && !('unavailable' in snapshot.facts.engine) ? snapshot.facts.engine.networks.map((n) => [n.name, n.options]) : [],
  );
  const owners: NftFirewallerInput['owners'] = new Map();
  const names: NftFirewallerInput['names'] = new Map();
  const networks = topology.networks.map((network): NftNetworkConfig => {
    const options = engineNetworks.get(network.name) ?? {};
    const ip = family(network, 4, options);
    const ip6 = family(network, 6, options);
    const ports: NftPortBinding[] = [];
    for (const publication of topology.publications.filter((p) => p.network === network)) {
      const v6Host = publication.port.hostIp.includes(':');
      // A binding on an IPv6 host address reaches the container's IPv6 address when it has one, else docker-proxy maps it.
      const containerIp = canonical(v6Host && publication.endpoint.ipv6 && ip6 ? publication.endpoint.ipv6 : publication.endpoint.ipv4);
      const hostIp = canonical(publication.port.hostIp) ?? (v6Host ? '::' : '0.0.0.0');
      if (!containerIp) continue;
      const binding: NftPortBinding = { protocol: publication.port.protocol, containerIp, containerPort: publication.port.containerPort, hostIp, hostPort: publication.port.hostPort };
      ports.push(binding);
      owners.set(binding, { network: network.name, container: publication.container });
    }
    const config: NftNetworkConfig = {
      bridge: network.bridge,
      internal: network.internal,
      icc: network.icc,
      masquerade: network.masquerade && settings.ipMasq,
      trustedHostInterfaces: (options[`${OPTION}trusted_host_interfaces`] ?? '').split(':').filter(Boolean),
      ip,
      ip6,
      endpoints: topology.endpoints.filter((e) => e.network === network).map((e) => ({ ip: canonical(e.ipv4), ip6: canonical(e.ipv6) })),
      ports,
    };
    names.set(config, network.name);
    return config;
  });
  return { daemon, networks, names, owners };
}
