/**
 * The subset of the engine API's answers dockdoc reads, in the API's own JSON shape. Live they come from the API
 * (src/gather/engineQuery.ts); from a bundle, from the docker CLI's --format templates, which print these shapes
 * (src/bundle/engine.ts). src/gather/engine.ts turns them into the engine fact either way.
 */
export interface EngineAnswers {
  version: EngineVersion;
  info: EngineInfo;
  networks: ApiNetwork[];
  containers: ApiContainer[];
}

export interface EngineVersion {
  Version: string;
  ApiVersion: string;
}

export interface EngineInfo {
  ID?: string;
  OperatingSystem?: string;
  KernelVersion?: string;
  LiveRestoreEnabled?: boolean;
  DefaultAddressPools?: { Base: string; Size: number }[] | null;
  FirewallBackend?: { Driver?: string } | null;
  Warnings?: string[] | null;
  Swarm?: { LocalNodeState?: string; Cluster?: { DefaultAddrPool?: string[] | null; SubnetSize?: number } | null };
}

export interface ApiNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: { Subnet?: string; Gateway?: string; IPRange?: string; AuxiliaryAddresses?: Record<string, string> | null }[] | null };
  Options?: Record<string, string> | null;
}

/** An entry of GET /containers/json. */
export interface ApiContainer {
  Id: string;
  Names?: string[];
  State?: string;
  Ports?: ApiPort[];
  NetworkSettings?: { Networks?: Record<string, { NetworkID?: string; IPAddress?: string; GlobalIPv6Address?: string }> | null };
}

export interface ApiPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type: 'tcp' | 'udp' | 'sctp';
}
