import type { Location } from '../engine/types.js';

/** A value from a compose file and the place it was written (after merging and interpolation). */
export interface Located<T> {
  value: T;
  location: Required<Location>;
}

export interface ComposeIpamConfig {
  subnet: Located<string> | null;
  ipRange: Located<string> | null;
  gateway: Located<string> | null;
  auxAddresses: { name: string; address: Located<string> }[];
}

/** Which IPAM address space the engine allocates from: bridge & co. are local, overlay is swarm-wide. */
export type AddressScope = 'local' | 'global';

export interface ComposeNetwork {
  project: string;
  /** Key under `networks:` (`default` for the implicit network). */
  key: string;
  /** Name the network gets on the engine: `name:`, the key for external networks, else `<project>_<key>`. */
  name: string;
  /** Where the network is declared (the key), or the first service using the implicit default network. */
  location: Required<Location>;
  external: boolean;
  driver: string;
  scope: AddressScope;
  enableIpv6: boolean;
  /** `ipam.config` entries; empty means the engine picks a subnet from its dynamic pools. */
  ipam: ComposeIpamConfig[];
  /** Services attached to it. */
  services: string[];
}

export interface ComposeEndpoint {
  project: string;
  service: string;
  /** Key of the network in the project. */
  network: string;
  ipv4Address: Located<string> | null;
  ipv6Address: Located<string> | null;
}

/** How a service is deployed on a swarm (`deploy:`, `scale:`): what decides the addresses it takes on an overlay. */
export interface ComposeDeploy {
  service: string;
  /** The service's key. */
  location: Required<Location>;
  /** deploy.replicas, else `scale`; null when neither is written (one task). */
  replicas: Located<number> | null;
  /** deploy.mode: global services run one task per node. */
  mode: 'replicated' | 'global' | 'replicated-job' | 'global-job';
  endpointMode: 'vip' | 'dnsrr';
  /** deploy.update_config.parallelism: swarm's default is 1; 0 updates every task at once. */
  parallelism: number;
  order: 'stop-first' | 'start-first';
  /** The service has a `deploy` section: it is written for a swarm (`docker stack deploy`). */
  hasDeploy: boolean;
  /**
   * Where `ports` publishes at least one port in ingress mode (every short-syntax entry, and long-syntax entries without
   * `mode: host`: docker stack deploy's default), which puts each task on the swarm's ingress network; null otherwise.
   */
  ingressPorts: Required<Location> | null;
}

export interface ComposeProject {
  name: string;
  networks: ComposeNetwork[];
  /** Every started service (not in an inactive profile), with its swarm deployment settings. */
  deployments: ComposeDeploy[];
  endpoints: ComposeEndpoint[];
  /** Variables used without value nor default (compose substitutes ""; a subnet becomes empty). */
  unsetVariables: { name: string; location: Required<Location> }[];
  /** include/extends references dockdoc did not follow (DD307): the project's networks may be incomplete. */
  unfollowed: { message: string; location: Required<Location> }[];
  /** Services not started because none of their profiles is active (compose's DisabledServices). */
  disabledServices: { service: string; profiles: string[]; location: Required<Location> }[];
  /** Empty ipv4_address/ipv6_address values, which compose drops (the container gets a dynamic address). */
  emptyAddresses: { service: string; network: string; field: 'ipv4_address' | 'ipv6_address'; location: Required<Location> }[];
}

/** A project compose itself would refuse to load: reported as DD001 at the place of the problem. */
export interface ComposeLoadFailure {
  message: string;
  location: Required<Location>;
}
