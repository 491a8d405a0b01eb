import type { Fact } from './fact.js';

/**
 * Snapshot schema version 1. Documented in docs/snapshot.md; bump on any incompatible change.
 * Files and command output are stored raw, so parsers improved later still apply to old snapshots,
 * and `check --snapshot` sees exactly what a live run saw.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: 'dockdoc'; version: string };
  takenAt: string;
  host: { hostname: string };
  facts: Facts;
}

export interface Facts {
  daemonConfig: Fact<DaemonConfigFact>;
  /** docker.service and the firewall services (iptables, ip6tables, netfilter-persistent, nftables, firewalld). */
  systemdUnits: Fact<SystemdUnitsFact>;
  /** /etc/nftables.conf: a `flush ruleset` there wipes Docker's rules when nftables.service starts. */
  nftablesConf: Fact<HostFile>;
  engine: Fact<EngineFact>;
  /**
   * The engine release installed on the host, from `dockerd --version` or the package database; what dockdoc reasons
   * about when the engine itself is not reached. Optional: snapshots before it lack it (treated as unavailable).
   */
  installedEngine?: Fact<InstalledEngineFact>;
  iptables: Fact<FirewallFamilyFact>;
  ip6tables: Fact<FirewallFamilyFact>;
  savedRules: Fact<SavedRulesFact>;
  routes: Fact<RouteTable>;
  addresses: Fact<InterfaceList>;
  resolvConf: Fact<ResolvConfFact>;
  sysctls: Fact<SysctlFact>;
  /**
   * Optional facts (added after schema version 1 was first written; a snapshot without them has them unavailable).
   * The live nftables ruleset: Docker's own tables under its nftables backend (29+), everyone's tables otherwise.
   */
  nftRuleset?: Fact<NftRulesetFact>;
  /** Whether each firewall unit is enabled and running (systemctl, or the unit symlinks under --root). */
  firewallUnitStates?: Fact<UnitStatesFact>;
  /** firewalld's configuration file and, while it runs, the zones of Docker's bridges and its policies. */
  firewalld?: Fact<FirewalldFact>;
  /** The files nftables.service loads besides /etc/nftables.conf: RHEL's /etc/sysconfig/nftables.conf and `include`s. */
  nftablesConfigFiles?: Fact<NftablesConfigFilesFact>;
  /**
   * The native nftables INPUT path: every input-hook filter base chain (iptables-nft's own INPUT chains excepted: they
   * are read through iptables-save) and the regular chains reached from them by jump or goto, each as `nft -j list chain`.
   */
  nftInputChains?: Fact<NftInputChainsFact>;
  /**
   * Swarm mode as this node sees it: its role and address, the managers, the cluster's pools and data-path port, the
   * overlay networks, services and tasks. Gathered from the engine API like `engine`; never secrets, configs,
   * environment variables or labels.
   */
  swarm?: Fact<SwarmFact>;
  /**
   * The routing mesh's network namespace on an active swarm node (`<exec-root>/netns/ingress_sbox`): whether it is
   * there and its iptables rules (the marks IPVS balances on). Unavailable on a node in no swarm (not asked).
   */
  ingressSandbox?: Fact<IngressSandboxFact>;
  /** Compose projects to lint (only `dockdoc lint` gathers them; a host check has none). */
  compose: Fact<ComposeFact>;
}

export type FactName = keyof Facts;

/** A host file as read: absent files are a fact too (dockerd starts fine without daemon.json). */
export interface HostFile {
  path: string;
  present: boolean;
  text?: string;
}

export type DaemonConfigFact = HostFile;

export interface SystemdUnitsFact {
  /** Unit name → its fragment and drop-ins, in the order systemd applies them. */
  units: Record<string, { fragment: HostFile | null; dropIns: HostFile[] }>;
}

export interface EngineFact {
  /** `docker info` ID: from 23.0 the engine-id UUID that 27+ derives its default IPv6 ULA pool from. */
  id: string;
  version: string;
  apiVersion: string;
  operatingSystem: string;
  kernelVersion: string;
  liveRestore: boolean;
  /** Pools shown by `docker info` (only the configured ones; defaults are never listed). */
  defaultAddressPools: { base: string; size: number }[];
  /** "iptables", "iptables+firewalld", "nftables", "nftables+firewalld"; empty before 28.1, which does not report it. */
  firewallBackend: string;
  warnings: string[];
  swarm: {
    state: string;
    defaultAddrPool: string[];
    subnetSize: number;
  };
  networks: EngineNetwork[];
  containers: EngineContainer[];
}

export interface SwarmFact {
  /** `docker info` Swarm.LocalNodeState: inactive, pending, active, error or locked. */
  localNodeState: string;
  /** Swarm.Error: why the node is in error (a failed join, a manager that lost quorum); empty when none. */
  error: string;
  /** Swarm.NodeID; empty when the node is in no swarm. */
  nodeId: string;
  /** Swarm.NodeAddr: the address this node advertises to the others (its data-path and gossip address). */
  nodeAddr: string;
  /** manager (Swarm.ControlAvailable, or listed among the managers) or worker; null when the node is in no swarm. */
  role: 'manager' | 'worker' | null;
  /** Swarm.RemoteManagers: every manager this node knows, `addr` as host:port (2377 unless chosen otherwise). */
  remoteManagers: { nodeId: string; addr: string }[];
  /** The cluster's settings (Swarm.Cluster of `docker info`, which only managers fill in; join tokens are never read). */
  cluster: Fact<SwarmClusterFact>;
  /** Every node of the swarm (`GET /nodes`, managers only). */
  nodes: Fact<SwarmNode[]>;
  /** The swarm-scope overlay networks this node knows (the ingress network included), sorted by name. */
  networks: SwarmNetwork[];
  /** Every service (`GET /services`, managers only): only the fields that shape networking. */
  services: Fact<SwarmService[]>;
  /** The tasks on this node and the ones no node has taken (pending), from `GET /tasks` (managers only). */
  tasks: Fact<SwarmTask[]>;
}

export interface SwarmClusterFact {
  /** DefaultAddrPool as given to `docker swarm init --default-addr-pool`; empty: the built-in 10.0.0.0/8. */
  defaultAddrPool: string[];
  /** SubnetSize (`--default-addr-pool-mask-length`); 0 when the engine does not say (the default is 24). */
  subnetSize: number;
  /** DataPathPort (`--data-path-port`): the UDP port of VXLAN between nodes; 0 when the engine does not say (4789). */
  dataPathPort: number;
}

export interface SwarmNode {
  id: string;
  hostname: string;
  /** Spec.Role: manager or worker. */
  role: string;
  /** Status.State: ready, down, unknown, disconnected. */
  state: string;
  /** Spec.Availability: active, pause, drain. */
  availability: string;
  /** Status.Addr: the address the node's data path and gossip use. */
  addr: string;
  /** ManagerStatus.Addr (host:port of its raft listener) for managers; null for workers. */
  managerAddr: string | null;
}

export interface SwarmNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  /** The routing mesh's network (`ingress`). */
  ingress: boolean;
  attachable: boolean;
  internal: boolean;
  /** The overlay's `encrypted` driver option is set: its VXLAN travels in IPsec ESP (IP protocol 50). */
  encrypted: boolean;
  subnets: { subnet: string; gateway: string | null }[];
  /** Every driver option of an overlay is about networking (vxlanid_list, encrypted, mtu); kept as given. */
  options: Record<string, string>;
  /** The nodes this node gossips with on this network (`GET /networks/ID?verbose=true` Peers); unavailable when not attached here. */
  peers: Fact<{ name: string; ip: string }[]>;
}

export interface SwarmService {
  id: string;
  name: string;
  /** replicated, global, replicated-job or global-job. */
  mode: string;
  /** Spec.Mode.Replicated.Replicas; null for global services. */
  replicas: number | null;
  /**
   * Spec.Mode.ReplicatedJob of a replicated job: how many tasks run at once (maxConcurrent) and how many must complete
   * (totalCompletions), as the engine stores them (both default to 1, the second to the first). Optional: absent for
   * other modes and in older snapshots.
   */
  job?: { maxConcurrent: number; totalCompletions: number };
  /** Spec.EndpointSpec.Mode: vip (a virtual IP per network) or dnsrr. */
  endpointMode: string;
  /** The network IDs (or names, as given) of Spec.TaskTemplate.Networks. */
  networks: string[];
  /** Endpoint.VirtualIPs: the service's address on each network (vip mode). */
  virtualIps: { networkId: string; addr: string }[];
  /** Endpoint.Ports: published ports; publishMode `ingress` goes through the routing mesh, `host` binds on the node. */
  ports: { protocol: string; targetPort: number; publishedPort: number | null; publishMode: string }[];
  /**
   * Spec.UpdateConfig with swarmkit's defaults filled in where the service sets none (one task at a time, stop-first:
   * swarmkit api/defaults/service.go), as `docker service inspect` shows it.
   */
  update: { parallelism: number; order: string };
}

export interface SwarmTask {
  id: string;
  serviceId: string;
  /** Slot of a replicated task; null for global ones. */
  slot: number | null;
  /** Empty while no node has taken the task (pending). */
  nodeId: string;
  /** Status.State: new, pending, assigned, ..., running, failed, rejected, shutdown. */
  state: string;
  desiredState: string;
  /** Status.Err, e.g. `could not allocate IP from IPAM: ...` on a pending task. */
  error: string;
  /** NetworksAttachments: the task's addresses (CIDR) on each network. */
  networks: { networkId: string; addresses: string[] }[];
}

export interface IngressSandboxFact {
  /** The namespace file dockerd bind-mounts: `<exec-root>/netns/ingress_sbox`. */
  path: string;
  /** Where the exec-root came from: `--exec-root` in docker.service, `exec-root` in daemon.json, or the default. */
  execRootSource: 'unit' | 'daemon.json' | 'default';
  /** Whether anything is at `path`. */
  present: boolean;
  /**
   * `iptables-save` run inside the namespace (`nsenter --net=PATH`), with the save tool paired with the `iptables`
   * dockerd runs (dockerd programs the namespace with that binary); null when the namespace is not there. When it is
   * there but cannot be entered, the whole fact is unavailable with the reason.
   */
  save: string | null;
}

export interface InstalledEngineFact {
  /** MAJOR.MINOR.PATCH. */
  version: string;
  /** Where it was read, with the text as found: `dockerd --version: Docker version 20.10.24+dfsg1, build 5d6db84`. */
  source: string;
}

export interface EngineNetwork {
  id: string;
  name: string;
  driver: string;
  scope: string;
  internal: boolean;
  enableIPv6: boolean;
  ipamDriver: string;
  subnets: IpamSubnet[];
  /** Only the network options that shape networking (com.docker.network.*). */
  options: Record<string, string>;
  /** Linux bridge name for bridge networks: docker0, br-<12 hex of id>, or the configured name. */
  bridge: string | null;
}

export interface IpamSubnet {
  subnet: string;
  /** As the engine's network list reports it: 20.10 leaves the default bridge's gateway empty. */
  gateway: string | null;
  ipRange: string | null;
  auxAddresses: Record<string, string>;
}

export interface EngineContainer {
  id: string;
  name: string;
  state: string;
  endpoints: { network: string; networkId: string; ipv4: string | null; ipv6: string | null }[];
  ports: PublishedPort[];
}

export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
}

export interface FirewallFamilyFact {
  /** Backend of the `iptables` / `ip6tables` binary dockerd would run: from `iptables -V`. */
  backend: 'nf_tables' | 'legacy' | 'unknown';
  versionText: string;
  /** `iptables-save` output of that backend, all tables. */
  save: string;
  /** The other backend's `*-save` output when its tools exist. */
  otherBackend: Fact<OtherBackendSave>;
}

export interface OtherBackendSave {
  backend: 'nf_tables' | 'legacy';
  save: string;
}

export interface SavedRulesFact {
  files: (HostFile & { family: 4 | 6 })[];
}

/** `ip -j route show table all` (IPv4 and IPv6). */
export type RouteTable = RouteEntry[];

/** `ip -j addr show`. */
export type InterfaceList = InterfaceEntry[];

/** One entry of `ip -j route show table all` (IPv4 and IPv6). */
export interface RouteEntry {
  family: 4 | 6;
  dst: string;
  dev: string | null;
  gateway: string | null;
  scope: string | null;
  table: string;
  type: string;
  protocol: string | null;
}

export interface InterfaceEntry {
  name: string;
  state: string;
  addresses: { family: 4 | 6; address: string; prefixLength: number }[];
}

export interface ResolvConfFact {
  /** The file dockerd reads: /etc/resolv.conf, or systemd-resolved's upstream file when that holds only 127.0.0.53. */
  path: string;
  text: string;
  nameservers: string[];
}

export interface NftRulesetFact {
  /**
   * `nft -j` output. With `chains`: Docker's own tables only (`nft -j list table ip docker-bridges`, and ip6, the
   * `nftables` arrays joined into one document, the metainfo once; none when neither table exists). Without `chains`
   * (snapshots of dockdoc before it was added): `nft -j list ruleset`, every table.
   */
  json: string;
  /** The same listing as text (`nft list table ...` one after the other, or `nft list ruleset`): what people read, and what the canonical form falls back to. */
  text: string;
  /**
   * `nft -j list chains` and `nft list chains`, raw: every table's chains, base chains with their type, hook, priority
   * and policy, and no rules. Optional: snapshots before it hold the whole ruleset in `json` and `text` instead. `text`
   * is left out only by a live `check` whose JSON was read without problems (it is read only otherwise); a snapshot
   * written by `dockdoc snapshot` always has it.
   */
  chains?: { json: string; text?: string };
}

export type UnitEnablement = 'enabled' | 'disabled' | 'masked' | 'static' | 'not-found' | 'other';

export interface UnitStatesFact {
  /** `systemctl` on a live host; `symlinks` under --root (the *.wants/ links of /etc/systemd/system: no active state). */
  source: 'systemctl' | 'symlinks';
  units: Record<string, { enabled: UnitEnablement; active: 'active' | 'inactive' | 'failed' | 'other' | null }>;
}

export interface FirewalldFact {
  /** /etc/firewalld/firewalld.conf (StrictForwardPorts=yes breaks Docker's published ports). */
  conf: HostFile;
  /**
   * `firewall-cmd --state` answered "running": only then are zones and policies known. Null when not asked (under
   * --root, or firewall-cmd is not installed).
   */
  running: boolean | null;
  /** Interface → its zone, from `firewall-cmd --get-active-zones` (an interface not listed is in no zone). */
  zones: Record<string, string>;
  /** `firewall-cmd --get-policies` (docker-forwarding is dockerd's); null when firewalld is not running. */
  policies: string[] | null;
}

export interface NftInputChainsFact {
  /** The input-hook base chains in `nft list chains` order, then the chains they reach, breadth first. */
  chains: NftListedChain[];
  /**
   * Chains reached by a jump or goto that were not listed, as `FAMILY TABLE NAME`: deeper than MAX_NFT_JUMP_DEPTH or
   * past MAX_NFT_INPUT_CHAINS (src/limits/caps.ts). What happens there is unknown to the analysis.
   */
  unlisted: string[];
}

export interface NftListedChain {
  family: string;
  table: string;
  name: string;
  /** `nft -j list chain FAMILY TABLE NAME`, raw; absent when that listing failed. */
  json?: string;
  /** Why the listing failed (the chain vanished, nft timed out): the chain's rules are then unknown. */
  unavailable?: string;
}

export interface NftablesConfigFilesFact {
  /** /etc/sysconfig/nftables.conf (RHEL's nftables.service), then every file `include`d by it or /etc/nftables.conf. */
  files: HostFile[];
}

export interface SysctlFact {
  /** sysctl name → value, or null when the key does not exist (e.g. br_netfilter not loaded). */
  values: Record<string, string | null>;
}

export interface ComposeFact {
  projects: ComposeProjectInput[];
}

/** A compose project as read from disk; parsing, merging and interpolation happen in src/compose/. */
export interface ComposeProjectInput {
  /** Directory the project's relative paths and default name come from. */
  workingDir: string;
  /** Files in `-f` order (later files override earlier ones). */
  files: HostFile[];
  /**
   * Variables available for interpolation: from the project's .env file and the environment, restricted to the
   * names the compose files reference, so a snapshot never carries unrelated secrets.
   */
  variables: Record<string, string>;
  /** Project name given on the command line (-p), which wins over `name:` and the directory name. */
  nameOverride: string | null;
  /**
   * Files that `include:` and `extends.file` name (followed recursively), by absolute path, as read. Optional:
   * without it, those references are reported as not followed (DD307).
   */
  linkedFiles?: { absolutePath: string; file: HostFile }[];
  /**
   * Env files of included projects (`include[].env_file`, or the included project directory's .env), by absolute
   * path: `present: false` when absent; `variables` holds only the names the files reference.
   */
  linkedEnvFiles?: { absolutePath: string; present: boolean; variables: Record<string, string> }[];
  /** Active profiles (`--profile`, else COMPOSE_PROFILES). Absent: none, as compose without either. */
  profiles?: string[];
}
