import type { Fact } from '../snapshot/fact.js';
import { unavailable } from '../snapshot/fact.js';
import type { EngineContainer, EngineFact, EngineNetwork, PublishedPort } from '../snapshot/schema.js';
import { describeError } from '../text/errors.js';
import { DEFAULT_DOCKER_HOST, describeTarget, parseDockerHost, type EngineTarget } from './dockerHost.js';
import { engineDeadline, getEngineJson } from './engineApi.js';

/**
 * Reads version, info, networks and containers from the engine API. Only networking facts are kept:
 * never environment variables, labels, commands or mounts, so a snapshot cannot leak credentials.
 */
export async function gatherEngine(dockerHost: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<Fact<EngineFact>> {
  const target = engineTarget(dockerHost);
  if ('unavailable' in target) return target;
  const deadline = engineDeadline(timeoutMs, signal);
  const get = (path: string) => getEngineJson(target, path, deadline.signal);
  try {
    const [version, info, networks, containers] = (await Promise.all([
      get('/version'),
      get('/info'),
      get('/networks'),
      get('/containers/json?all=1'),
    ])) as [EngineVersion, EngineInfo, ApiNetwork[], ApiContainer[]];
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
  } catch (error) {
    const reason = deadline.timedOut() ? `no complete answer within ${timeoutMs} ms` : describeError(error);
    return unavailable(`Docker engine at ${describeTarget(target)} (${addressSource(dockerHost)}) did not answer: ${reason}`);
  } finally {
    // Whatever request is still open (one failed, the others are mid-answer) ends now, with its socket.
    deadline.end();
  }
}

/** The engine address to query: --docker-host, else DOCKER_HOST, else the default socket; TLS is refused clearly. */
export function engineTarget(dockerHost: string | undefined): EngineTarget | { unavailable: string } {
  const address = dockerHost ?? process.env['DOCKER_HOST'] ?? DEFAULT_DOCKER_HOST;
  const target = parseDockerHost(address);
  if ('problem' in target) return unavailable(`unsupported Docker host address: ${target.problem}`);
  if ('host' in target && process.env['DOCKER_TLS_VERIFY']) return unavailable(`TLS engine connections (DOCKER_TLS_VERIFY) are not supported: ${address}`);
  return target;
}

/** Where the address came from, so a report says what was tried and why. */
export function addressSource(dockerHost: string | undefined): string {
  if (dockerHost !== undefined) return 'from --docker-host';
  return process.env['DOCKER_HOST'] !== undefined ? 'from DOCKER_HOST' : 'the default; DOCKER_HOST is not set';
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
    }));
  return {
    id: container.Id,
    name: (container.Names?.[0] ?? container.Id).replace(/^\//, ''),
    state: container.State ?? '',
    endpoints,
    ports,
  };
}

/** The subset of the engine API's answers dockdoc reads. */
interface EngineVersion {
  Version: string;
  ApiVersion: string;
}

interface EngineInfo {
  ID?: string;
  OperatingSystem?: string;
  KernelVersion?: string;
  LiveRestoreEnabled?: boolean;
  DefaultAddressPools?: { Base: string; Size: number }[] | null;
  FirewallBackend?: { Driver?: string };
  Warnings?: string[] | null;
  Swarm?: { LocalNodeState?: string; Cluster?: { DefaultAddrPool?: string[]; SubnetSize?: number } };
}

export interface ApiNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> }[] | null };
  Options?: Record<string, string> | null;
}

interface ApiContainer {
  Id: string;
  Names?: string[];
  State?: string;
  Ports?: { IP?: string; PrivatePort: number; PublicPort?: number; Type: 'tcp' | 'udp' | 'sctp' }[];
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string; IPAddress?: string; GlobalIPv6Address?: string }> };
}
