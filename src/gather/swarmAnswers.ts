import type { Fact } from '../snapshot/fact.js';

/**
 * The subset of the engine API's swarm answers dockdoc reads, in the API's own JSON shape (api/types/swarm at
 * v20.10.24). Live they come from the API (src/gather/swarmQuery.ts); src/gather/swarm.ts turns them into the swarm
 * fact. `networks` etc. are empty or unavailable when the node is not an active swarm member (nothing was asked).
 */
export interface SwarmAnswers {
  info: ApiSwarmInfo;
  /** Every network with the peers `GET /networks/ID?verbose=true` lists (null: the network is not attached here). */
  networks: SwarmNetworkAnswer[];
  nodes: Fact<ApiNode[]>;
  services: Fact<ApiService[]>;
  tasks: Fact<ApiTask[]>;
}

export interface SwarmNetworkAnswer {
  network: ApiSwarmNetwork;
  peers: Fact<ApiPeer[] | null>;
}

export interface ApiPeer {
  Name?: string;
  IP?: string;
}

export interface ApiSwarmInfo {
  NodeID?: string;
  NodeAddr?: string;
  LocalNodeState?: string;
  ControlAvailable?: boolean;
  Error?: string;
  RemoteManagers?: { NodeID?: string; Addr?: string }[] | null;
  Cluster?: { DefaultAddrPool?: string[] | null; SubnetSize?: number; DataPathPort?: number } | null;
}

export interface ApiSwarmNetwork {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
}

export interface ApiNode {
  ID: string;
  Description?: { Hostname?: string };
  Spec?: { Role?: string; Availability?: string };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Addr?: string } | null;
}

export interface ApiService {
  ID: string;
  Spec?: {
    Name?: string;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object; ReplicatedJob?: { MaxConcurrent?: number; TotalCompletions?: number }; GlobalJob?: object };
    TaskTemplate?: { Networks?: { Target?: string }[] | null };
    Networks?: { Target?: string }[] | null;
    EndpointSpec?: { Mode?: string };
    UpdateConfig?: { Parallelism?: number; Order?: string } | null;
  };
  Endpoint?: {
    Ports?: { Protocol?: string; TargetPort?: number; PublishedPort?: number; PublishMode?: string }[] | null;
    VirtualIPs?: { NetworkID?: string; Addr?: string }[] | null;
  };
}

export interface ApiTask {
  ID: string;
  ServiceID?: string;
  Slot?: number;
  NodeID?: string;
  DesiredState?: string;
  Status?: { State?: string; Err?: string };
  NetworksAttachments?: { Network?: { ID?: string }; Addresses?: string[] | null }[] | null;
}
