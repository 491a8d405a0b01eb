import { engineAtLeast } from '../engine/version.js';
import { canonicalAddress, tryPrefix, type Prefix } from '../net/prefix.js';
import type { EngineFact, EngineNetwork } from '../snapshot/schema.js';
import type { BridgeNetwork, DockerIntent, Endpoint, Family, GatewayMode, Publication, UnmodelledNetwork } from './model.js';

const OPTION = 'com.docker.network.bridge.';

function subnetOf(subnets: { subnet: string }[], family: Family): Prefix | null {
  for (const s of subnets) {
    // An unparsable subnet cannot be on a bridge dockerd started; DD301-style rules report such text.
    const p = tryPrefix(s.subnet);
    if (p?.family === family) return p;
  }
  return null;
}

/** The gateway modes a version accepts (moby `newGwMode`): none before 27.0, nat/routed in 27.x, all four from 28.0. */
function knownModes(engineVersion: string): readonly GatewayMode[] {
  if (engineAtLeast(engineVersion, '28.0.0')) return ['nat', 'nat-unprotected', 'routed', 'isolated'];
  if (engineAtLeast(engineVersion, '27.0.0')) return ['nat', 'routed'];
  return [];
}

type GatewayModes = { modes: Record<Family, GatewayMode> } | { unmodelled: string };

function gatewayModes(n: EngineNetwork, engineVersion: string): GatewayModes {
  const known = knownModes(engineVersion);
  // Before 27.0 the bridge driver ignores the options: every network NATs.
  if (known.length === 0) return { modes: { 4: 'nat', 6: 'nat' } };
  const modes: Record<Family, GatewayMode> = { 4: 'nat', 6: 'nat' };
  for (const family of [4, 6] as const) {
    const value = n.options[`${OPTION}gateway_mode_ipv${family}`];
    if (value === undefined || value === '') continue;
    if (!(known as readonly string[]).includes(value)) {
      return { unmodelled: `its gateway_mode_ipv${family} "${value}" is not one engine ${engineVersion} knows` };
    }
    modes[family] = value as GatewayMode;
  }
  if (!engineAtLeast(engineVersion, '28.0.0') && (modes[4] !== 'nat' || modes[6] !== 'nat')) {
    return { unmodelled: `it uses gateway mode routed on engine ${engineVersion}, whose 27.x rules dockdoc does not model` };
  }
  return { modes };
}

/** `a:b` as the bridge driver splits it (strings.FieldsFunc on ':'), so empty names vanish. */
function trustedInterfaces(n: EngineNetwork, engineVersion: string): string[] {
  const value = n.options[`${OPTION}trusted_host_interfaces`];
  if (value === undefined || !engineAtLeast(engineVersion, '28.2.0')) return [];
  return value.split(':').filter((name) => name !== '');
}

export interface DockerNetworks {
  networks: BridgeNetwork[];
  endpoints: Endpoint[];
  publications: Publication[];
  unmodelled: UnmodelledNetwork[];
  present: DockerIntent['present'];
}

/**
 * Bridge networks, running endpoints and published ports, as the engine reported them. Overlay networks are named
 * as unmodelled: their own swarm rules (an encrypted overlay's, the per-network filters in the overlay's namespace) are
 * not part of what dockdoc renders; the routing mesh (DOCKER-INGRESS) is checked apart, by DD418.
 */
export function dockerNetworks(engine: EngineFact, engineVersion: string): DockerNetworks {
  const unmodelled: UnmodelledNetwork[] = [];
  const networks: BridgeNetwork[] = [];
  for (const n of engine.networks) {
    if (n.driver === 'overlay') {
      unmodelled.push({ network: n.name, driver: n.driver, bridge: null, reason: "it is a swarm overlay network, whose own firewall rules (an encrypted overlay's, those in its namespace) dockdoc does not model; the routing mesh is checked by DD418" });
      continue;
    }
    if (n.driver !== 'bridge' || n.bridge === null) continue;
    const gateway = gatewayModes(n, engineVersion);
    if ('unmodelled' in gateway) {
      unmodelled.push({ network: n.name, driver: n.driver, bridge: n.bridge, reason: gateway.unmodelled });
      continue;
    }
    networks.push({
      name: n.name,
      bridge: n.bridge,
      ipv4: subnetOf(n.subnets, 4),
      ipv6: n.enableIPv6 ? subnetOf(n.subnets, 6) : null,
      internal: n.internal,
      icc: n.options[`${OPTION}enable_icc`] !== 'false',
      masquerade: n.options[`${OPTION}enable_ip_masquerade`] !== 'false',
      snatTo: { 4: n.options['com.docker.network.host_ipv4'] ?? null, 6: n.options['com.docker.network.host_ipv6'] ?? null },
      gatewayMode: gateway.modes,
      trustedHostInterfaces: trustedInterfaces(n, engineVersion),
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
  const bridges = new Set(engine.networks.map((n) => n.bridge).filter((b): b is string => b !== null));
  const addresses = new Set(
    engine.containers
      .filter((c) => c.state === 'running')
      .flatMap((c) => c.endpoints.flatMap((e) => [e.ipv4, e.ipv6]))
      .filter((a): a is string => a !== null)
      .map(canonicalAddress),
  );
  return { networks, endpoints, publications, unmodelled, present: { bridges, addresses } };
}
