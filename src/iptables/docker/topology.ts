import { prefix, type Prefix } from '../../net/prefix.js';
import type { EngineFact, PublishedPort } from '../../snapshot/schema.js';

/** A bridge network as its firewall rules see it. */
export interface BridgeNetwork {
  name: string;
  bridge: string;
  /** The bridge's IPv4 / IPv6 subnet (dockerd masks the bridge address with its prefix). */
  ipv4: Prefix | null;
  ipv6: Prefix | null;
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
  /** `com.docker.network.host_ipv4` / `host_ipv6`: outbound traffic is SNATed to this address, not MASQUERADEd. */
  snatTo: { 4: string | null; 6: string | null };
  /** 28+ `gateway_mode_ipv4`: only `nat` (the default) is modelled; others are named in `unmodelled`. */
  gatewayMode: string;
}

export interface Endpoint {
  container: string;
  network: BridgeNetwork;
  ipv4: string | null;
  ipv6: string | null;
}

/** A published port together with the endpoint dockerd programs it for. */
export interface Publication {
  container: string;
  network: BridgeNetwork;
  endpoint: Endpoint;
  port: PublishedPort;
}

export interface DockerTopology {
  networks: BridgeNetwork[];
  /** Endpoints of running containers on bridge networks. */
  endpoints: Endpoint[];
  publications: Publication[];
  /** What exists but dockdoc does not model (said in findings' evidence instead of guessed). */
  unmodelled: string[];
}

const OPTION = 'com.docker.network.bridge.';

function subnetOf(subnets: { subnet: string }[], family: 4 | 6): Prefix | null {
  for (const s of subnets) {
    try {
      const p = prefix(s.subnet);
      if (p.family === family) return p;
    } catch {
      // An unparsable subnet cannot be on a bridge dockerd started; DD301-style rules report such text.
    }
  }
  return null;
}

/** Bridge networks, running endpoints and published ports, as the engine reported them. */
export function dockerTopology(engine: EngineFact): DockerTopology {
  const unmodelled: string[] = [];
  const networks: BridgeNetwork[] = [];
  for (const n of engine.networks) {
    if (n.driver !== 'bridge' || n.bridge === null) continue;
    const gatewayMode = n.options[`${OPTION}gateway_mode_ipv4`] ?? 'nat';
    if (gatewayMode !== 'nat') unmodelled.push(`network ${n.name} uses gateway mode ${gatewayMode}, whose rules dockdoc does not model`);
    networks.push({
      name: n.name,
      bridge: n.bridge,
      ipv4: subnetOf(n.subnets, 4),
      ipv6: n.enableIPv6 ? subnetOf(n.subnets, 6) : null,
      internal: n.internal,
      icc: n.options[`${OPTION}enable_icc`] !== 'false',
      masquerade: n.options[`${OPTION}enable_ip_masquerade`] !== 'false',
      snatTo: { 4: n.options['com.docker.network.host_ipv4'] ?? null, 6: n.options['com.docker.network.host_ipv6'] ?? null },
      gatewayMode,
    });
  }
  const byName = new Map(networks.map((n) => [n.name, n]));
  const endpoints: Endpoint[] = [];
  const publications: Publication[] = [];
  for (const c of engine.containers) {
    if (c.state !== 'running') continue;
    const own = c.endpoints
      .map((e) => ({ e, network: byName.get(e.network) }))
      .filter((x): x is { e: (typeof c.endpoints)[number]; network: BridgeNetwork } => x.network !== undefined)
      .map(({ e, network }): Endpoint => ({ container: c.name, network, ipv4: e.ipv4, ipv6: e.ipv6 }));
    endpoints.push(...own);
    // Ports are programmed on the endpoint that gives the container its gateway: the first non-internal bridge.
    const gateway = own.find((e) => !e.network.internal);
    if (!gateway) continue;
    for (const port of c.ports) publications.push({ container: c.name, network: gateway.network, endpoint: gateway, port });
  }
  return { networks, endpoints, publications, unmodelled };
}
