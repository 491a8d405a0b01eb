import type { Prefix } from '../net/prefix.js';
import type { PublishedPort } from '../snapshot/schema.js';

/**
 * # What Docker intends: one model, rendered by each firewall backend
 *
 * `dockerIntent(snapshot, engineVersion)` (src/intent/index.ts) reads the snapshot once (engine networks and
 * containers, daemon.json, dockerd's flags and environment in docker.service, `docker info`) and returns a
 * {@link DockerIntent}: what dockerd means to program, independent of how. A backend renders it:
 * src/iptables/docker/ writes the iptables chains and rules of the engine's layout; the nftables backend writes its
 * tables, chains and maps. Findings then speak of the intent ("published port 8080 → web:80 has no DNAT"), whichever
 * backend falls short of it.
 *
 * Contract (extended only additively):
 * - `networks`: every bridge-driver network whose rules dockdoc models, with per-family subnets (`ipv6` only when
 *   the network has IPv6 enabled), `internal`, `icc`, `masquerade`, `snatTo` (`host_ipv4`/`host_ipv6`),
 *   `gatewayMode` per family and `trustedHostInterfaces`. A network dockdoc cannot model is left out of `networks`
 *   and named in `unmodelled` with the reason (DD415 reports them).
 * - `endpoints`: endpoints of running containers on those networks; `publications`: published ports with the
 *   endpoint dockerd programs them for (the container's first non-internal bridge endpoint).
 * - `settings`: the daemon-level options that decide what is programmed at all ({@link DockerSettings}).
 * - `present`: bridges and container addresses that exist, for telling left-over rules from unmodelled ones.
 * - `engineVersion`: the version every rendering is tied to (layouts change between releases).
 *
 * Gateway modes are per family and already resolved against the engine version: before 27.0 dockerd ignores the
 * option, so every family is `nat`; a value the version does not know is unmodelled (dockerd refuses to create such
 * a network), and so is 27.x's `routed` (its 20.10-style rules are not modelled).
 */
export interface DockerIntent {
  engineVersion: string;
  settings: DockerSettings;
  networks: BridgeNetwork[];
  /** Endpoints of running containers on modelled bridge networks. */
  endpoints: Endpoint[];
  publications: Publication[];
  /** Networks whose rules dockdoc does not model: said in a finding (DD415) instead of guessed. */
  unmodelled: UnmodelledNetwork[];
  /**
   * Every Linux bridge of an engine network and every address of a running container, modelled or not: a rule
   * naming one of these is not left over (stale-rule detection must not blame unmodelled networks' rules).
   */
  present: { bridges: ReadonlySet<string>; addresses: ReadonlySet<string> };
}

export type Family = 4 | 6;

/**
 * `com.docker.network.bridge.gateway_mode_ipv4` / `_ipv6` (27.0+ `nat` and `routed`; 28.0+ also `nat-unprotected`
 * and `isolated`; moby `newGwMode` in libnetwork/drivers/bridge/bridge_linux.go at v27.5.1 and v28.0.0):
 * - `nat`: MASQUERADE out, DNAT in, only published ports reachable, direct routing to containers dropped (28+);
 * - `nat-unprotected`: as nat, but every container port is reachable (no per-port filter, no direct-access drop);
 * - `routed`: no NAT at all (no MASQUERADE, no DNAT for host ports), published ports ACCEPTed, ICMP accepted;
 * - `isolated`: internal networks only, no gateway address on the bridge; firewall rules as for `internal`.
 */
export type GatewayMode = 'nat' | 'nat-unprotected' | 'routed' | 'isolated';

export const GATEWAY_MODES: readonly GatewayMode[] = ['nat', 'nat-unprotected', 'routed', 'isolated'];

/** A bridge network as Docker's firewall rules see it. */
export interface BridgeNetwork {
  name: string;
  bridge: string;
  /** The bridge's IPv4 / IPv6 subnet (dockerd masks the bridge address with its prefix); null when the family is off. */
  ipv4: Prefix | null;
  ipv6: Prefix | null;
  internal: boolean;
  icc: boolean;
  masquerade: boolean;
  /** `com.docker.network.host_ipv4` / `host_ipv6`: outbound traffic is SNATed to this address, not MASQUERADEd. */
  snatTo: Record<Family, string | null>;
  gatewayMode: Record<Family, GatewayMode>;
  /**
   * `com.docker.network.bridge.trusted_host_interfaces` (28.2+, `:`-separated): packets arriving on these host
   * interfaces may address containers directly, like packets from the bridge itself.
   */
  trustedHostInterfaces: string[];
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

export interface UnmodelledNetwork {
  network: string;
  driver: string;
  bridge: string | null;
  /** Why dockdoc does not model its rules, in words for the finding. */
  reason: string;
}

/** Where a setting came from, for findings that must say what they assumed. */
export interface Sourced<T> {
  value: T;
  /** "daemon.json", "docker.service Environment=", "docker info", "default", ... */
  source: string;
}

/** The daemon-level settings that decide which rules dockerd programs, as `engineVersion` applies them. */
export interface DockerSettings {
  iptables: boolean;
  /** ip6tables as configured (27+ default on); dockerd may still have failed to set it up (see docs/firewall.md). */
  ip6tables: boolean;
  userlandProxy: boolean;
  ipMasq: boolean;
  ipForward: boolean;
  /** `allow-direct-routing` (28.2+): no per-endpoint raw-table drops; the drop for loopback-bound ports stays. */
  allowDirectRouting: boolean;
  /**
   * `DOCKER_INSECURE_NO_IPTABLES_RAW=1` in dockerd's environment (28.0.2+): no raw-table rules at all. Known from
   * docker.service's `Environment=` or from `docker info`'s warning "DOCKER_INSECURE_NO_IPTABLES_RAW is set".
   */
  rawRulesDisabled: Sourced<boolean>;
  /** `firewall-backend` (29+): where the rules live. `docker info` FirewallBackend.Driver wins when reported. */
  backend: 'iptables' | 'nftables';
  /** FirewallBackend.Driver ends in `+firewalld` (28.1+ reports it); null when the engine does not say. */
  firewalld: boolean | null;
  liveRestore: boolean;
}
