import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { EngineContainer, EngineFact, EngineNetwork, PublishedPort } from '../snapshot/schema.js';
import type { ApiContainer, ApiNetwork, EngineAnswers, EngineInfo } from './engineAnswers.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';

export type { ApiNetwork } from './engineAnswers.js';

/**
 * The engine's version, info, networks and containers (live from the API, or from a bundle's docker CLI answers).
 * Only networking facts are kept: never environment variables, labels, commands or mounts, so a snapshot cannot
 * leak credentials.
 */
export async function gatherEngine(
  dockerHost: string | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
  io: HostIo = LIVE_HOST_IO,
  info?: Promise<Fact<EngineInfo>>,
): Promise<Fact<EngineFact>> {
  const answers = await io.queryEngine(dockerHost, timeoutMs, signal, info);
  return isUnavailable(answers) ? answers : engineFromAnswers(answers);
}

/** The engine fact from the API's answers: the one step both the live run and a bundle go through. */
export function engineFromAnswers({ version, info, networks, containers }: EngineAnswers): EngineFact {
  return {
    id: info.ID ?? '',
    version: version.Version,
    apiVersion: version.ApiVersion,
    operatingSystem: info.OperatingSystem ?? '',
    kernelVersion: info.KernelVersion ?? '',
    liveRestore: Boolean(info.LiveRestoreEnabled),
    defaultAddressPools: (info.DefaultAddressPools ?? []).map((p) => ({ base: p.Base, size: p.Size })),
    firewallBackend: info.FirewallBackend?.Driver ?? '',
    warnings: info.Warnings ?? [],
    swarm: {
      state: info.Swarm?.LocalNodeState ?? '',
      defaultAddrPool: info.Swarm?.Cluster?.DefaultAddrPool ?? [],
      subnetSize: info.Swarm?.Cluster?.SubnetSize ?? 0,
    },
    networks: networks.map(networkFromApi).sort((a, b) => a.name.localeCompare(b.name)),
    containers: containers.map(toContainer).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Maps the API's network object (list and inspect share this shape) to the snapshot's. */
export function networkFromApi(network: ApiNetwork): EngineNetwork {
  const options = Object.fromEntries(Object.entries(network.Options ?? {}).filter(([key]) => key.startsWith('com.docker.network.')));
  return {
    id: network.Id,
    name: network.Name,
    driver: network.Driver,
    scope: network.Scope,
    internal: Boolean(network.Internal),
    enableIPv6: Boolean(network.EnableIPv6),
    ipamDriver: network.IPAM?.Driver ?? 'default',
    subnets: (network.IPAM?.Config ?? []).map((config) => ({
      subnet: config.Subnet ?? '',
      gateway: config.Gateway || null,
      ipRange: config.IPRange || null,
      auxAddresses: config.AuxiliaryAddresses ?? {},
    })),
    options,
    bridge: network.Driver === 'bridge' ? (options['com.docker.network.bridge.name'] ?? `br-${network.Id.slice(0, 12)}`) : null,
  };
}

function toContainer(container: ApiContainer): EngineContainer {
  const endpoints = Object.entries(container.NetworkSettings?.Networks ?? {}).map(([network, endpoint]) => ({
    network,
    networkId: endpoint.NetworkID ?? '',
    ipv4: endpoint.IPAddress || null,
    ipv6: endpoint.GlobalIPv6Address || null,
  }));
  const ports: PublishedPort[] = (container.Ports ?? [])
    .filter((port) => port.PublicPort !== undefined)
    .map((port) => ({
      hostIp: port.IP ?? '0.0.0.0',
      hostPort: port.PublicPort!,
      containerPort: port.PrivatePort,
      protocol: port.Type,
    }))
    // The engine lists a container's ports in Go map order, which changes from call to call.
    .sort((a, b) => a.hostPort - b.hostPort || a.containerPort - b.containerPort || a.protocol.localeCompare(b.protocol) || a.hostIp.localeCompare(b.hostIp));
  return {
    id: container.Id,
    name: (container.Names?.[0] ?? container.Id).replace(/^\//, ''),
    state: container.State ?? '',
    endpoints,
    ports,
  };
}
