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
  iptables: Fact<FirewallFamilyFact>;
  ip6tables: Fact<FirewallFamilyFact>;
  savedRules: Fact<SavedRulesFact>;
  routes: Fact<RouteTable>;
  addresses: Fact<InterfaceList>;
  resolvConf: Fact<ResolvConfFact>;
  sysctls: Fact<SysctlFact>;
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
  /** "iptables", "iptables+firewalld", "nftables"; empty before 28.1, which does not report it. */
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
}
