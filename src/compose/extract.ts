import type { Location } from '../engine/types.js';
import type { TextPosition } from '../text/position.js';
import type { ComposeDeploy, ComposeEndpoint, ComposeIpamConfig, ComposeNetwork, ComposeProject, Located } from './model.js';
import { ComposeFileError, scalarText, type ComposeNode, type MapNode } from './yaml-tree.js';

function locationOf(file: string, at: TextPosition): Required<Location> {
  return { file, line: at.line, column: at.column };
}

function fail(message: string, node: ComposeNode): never {
  throw new ComposeFileError(message, node.file, node.at);
}

function mapOrEmpty(node: ComposeNode | undefined, what: string): MapNode | null {
  if (!node || (node.kind === 'scalar' && node.value === null)) return null;
  if (node.kind !== 'map') fail(`${what} must be a mapping`, node);
  return node;
}

function text(node: ComposeNode | undefined, what: string): Located<string> | null {
  if (!node || (node.kind === 'scalar' && node.value === null)) return null;
  if (node.kind !== 'scalar') fail(`${what} must be a string`, node);
  return { value: scalarText(node) ?? '', location: locationOf(node.file, node.at) };
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A boolean field: YAML booleans, or the strings Go's ParseBool takes (what interpolation can produce). */
function flag(node: ComposeNode | undefined, what: string): boolean {
  if (!node || (node.kind === 'scalar' && node.value === null)) return false;
  if (node.kind === 'scalar') {
    if (typeof node.value === 'boolean') return node.value;
    const value = String(node.value);
    if (GO_TRUE.has(value)) return true;
    if (GO_FALSE.has(value)) return false;
  }
  return fail(`${what} must be a boolean`, node);
}

type EmptyAddress = ComposeProject['emptyAddresses'][number];

export interface ExtractOptions {
  /** Some include/extends was not followed: a network a service names may be defined there, so it is no error. */
  networksMayBeMissing: boolean;
}

/** Turns a merged, interpolated project tree into its networks and service endpoints. */
export function extractNetworking(
  root: MapNode,
  project: string,
  options: ExtractOptions,
): { networks: ComposeNetwork[]; endpoints: ComposeEndpoint[]; emptyAddresses: EmptyAddress[]; deployments: ComposeDeploy[] } {
  const emptyAddresses: EmptyAddress[] = [];
  const attach = (key: string, service: string, where: Required<Location>, settings: MapNode | null): void =>
    attachEndpoint({ declared, project, options, endpoints, emptyAddresses }, key, service, where, settings);
  const declared = new Map<string, ComposeNetwork>();
  const networksNode = mapOrEmpty(root.entries.get('networks')?.value, 'networks');
  for (const [key, entry] of networksNode?.entries ?? []) {
    declared.set(key, readNetwork(project, key, entry.value, locationOf(entry.value.file, entry.keyAt)));
  }

  const endpoints: ComposeEndpoint[] = [];
  const deployments: ComposeDeploy[] = [];
  const servicesNode = mapOrEmpty(root.entries.get('services')?.value, 'services');
  for (const [service, serviceEntry] of servicesNode?.entries ?? []) {
    const definition = mapOrEmpty(serviceEntry.value, `service "${service}"`);
    deployments.push(readDeploy(service, definition, locationOf(serviceEntry.value.file, serviceEntry.keyAt)));
    if (definition?.entries.has('network_mode')) continue;
    const attached = definition?.entries.get('networks')?.value;
    if (!attached || (attached.kind === 'scalar' && attached.value === null)) {
      attach('default', service, locationOf(serviceEntry.value.file, serviceEntry.keyAt), null);
      continue;
    }
    if (attached.kind === 'seq') {
      for (const item of attached.items) {
        const key = item.kind === 'scalar' ? scalarText(item) : null;
        if (key === null) fail(`service "${service}": networks must be a list of names or a mapping`, item);
        attach(key, service, locationOf(item.file, item.at), null);
      }
      continue;
    }
    if (attached.kind !== 'map') fail(`service "${service}": networks must be a list of names or a mapping`, attached);
    for (const [key, entry] of attached.entries) {
      attach(key, service, locationOf(entry.value.file, entry.keyAt), mapOrEmpty(entry.value, `service "${service}" network "${key}"`));
    }
  }
  // compose creates only the networks its started services use (Project.WithoutUnnecessaryResources).
  return { networks: [...declared.values()].filter((network) => network.services.length > 0), endpoints, emptyAddresses, deployments };
}

/** A whole number as compose reads it: a YAML integer, or the text of one (what interpolation produces). */
function count(node: ComposeNode | undefined, what: string): Located<number> | null {
  if (!node || (node.kind === 'scalar' && node.value === null)) return null;
  const value = node.kind === 'scalar' ? (typeof node.value === 'number' ? node.value : /^\s*\d+\s*$/.test(String(node.value)) ? Number(node.value) : NaN) : NaN;
  if (!Number.isSafeInteger(value) || value < 0) fail(`${what} must be a whole number`, node);
  return { value, location: locationOf(node.file, node.at) };
}

function oneOf<T extends string>(node: ComposeNode | undefined, what: string, allowed: readonly T[], fallback: T): T {
  const value = text(node, what)?.value;
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) fail(`${what} must be one of ${allowed.join(', ')}`, node!);
  return value as T;
}

/** deploy.replicas / scale, mode, endpoint_mode and update_config, with swarm's defaults (api/defaults). */
function readDeploy(service: string, definition: MapNode | null, location: Required<Location>): ComposeDeploy {
  const deploy = mapOrEmpty(definition?.entries.get('deploy')?.value, `service "${service}" deploy`);
  const field = (name: string): ComposeNode | undefined => deploy?.entries.get(name)?.value;
  const update = mapOrEmpty(field('update_config'), `service "${service}" deploy.update_config`);
  return {
    service,
    location,
    replicas: count(field('replicas'), `services.${service}.deploy.replicas`) ?? count(definition?.entries.get('scale')?.value, `services.${service}.scale`),
    mode: oneOf(field('mode'), `services.${service}.deploy.mode`, ['replicated', 'global', 'replicated-job', 'global-job'], 'replicated'),
    endpointMode: oneOf(field('endpoint_mode'), `services.${service}.deploy.endpoint_mode`, ['vip', 'dnsrr'], 'vip'),
    parallelism: count(update?.entries.get('parallelism')?.value, `services.${service}.deploy.update_config.parallelism`)?.value ?? 1,
    order: oneOf(update?.entries.get('order')?.value, `services.${service}.deploy.update_config.order`, ['stop-first', 'start-first'], 'stop-first'),
    hasDeploy: deploy !== null,
    ingressPorts: ingressPortsOf(service, definition?.entries.get('ports')),
  };
}

/**
 * Where `ports` publishes in ingress mode: docker stack deploy makes every short-syntax entry an ingress port
 * (cli/compose/convert/service.go convertEndpointSpec), and a long-syntax entry one unless it says `mode: host`.
 */
function ingressPortsOf(service: string, entry: { value: ComposeNode; keyAt: TextPosition } | undefined): Required<Location> | null {
  const ports = entry?.value;
  if (!entry || !ports || ports.kind !== 'seq') return null;
  const ingress = ports.items.some((item) => item.kind !== 'map' || text(item.entries.get('mode')?.value, `services.${service}.ports.mode`)?.value !== 'host');
  return ingress ? locationOf(ports.file, entry.keyAt) : null;
}

interface AttachState {
  declared: Map<string, ComposeNetwork>;
  project: string;
  options: ExtractOptions;
  endpoints: ComposeEndpoint[];
  emptyAddresses: EmptyAddress[];
}

function attachEndpoint({ declared, project, options, endpoints, emptyAddresses }: AttachState, key: string, service: string, where: Required<Location>, settings: MapNode | null): void {
  let network = declared.get(key);
  if (!network) {
    if (key !== 'default' && options.networksMayBeMissing) return;
    if (key !== 'default') {
      throw new ComposeFileError(`service "${service}" refers to undefined network ${key}: invalid compose project`, where.file, {
        line: where.line,
        column: where.column,
      });
    }
    network = implicitDefault(project, where);
    declared.set(key, network);
  }
  if (!network.services.includes(service)) network.services.push(service);
  // compose drops an empty address (an unset variable): the container gets one from the engine, and `up` works.
  const address = (field: 'ipv4_address' | 'ipv6_address'): Located<string> | null => {
    const value = text(settings?.entries.get(field)?.value, field);
    if (value?.value !== '') return value;
    emptyAddresses.push({ service, network: key, field, location: value.location });
    return null;
  };
  endpoints.push({ project, service, network: key, ipv4Address: address('ipv4_address'), ipv6Address: address('ipv6_address') });
}

function implicitDefault(project: string, where: Required<Location>): ComposeNetwork {
  return {
    project,
    key: 'default',
    name: `${project}_default`,
    location: where,
    external: false,
    driver: 'bridge',
    scope: 'local',
    enableIpv6: false,
    ipam: [],
    services: [],
  };
}

function readNetwork(project: string, key: string, node: ComposeNode, location: Required<Location>): ComposeNetwork {
  const definition = mapOrEmpty(node, `network "${key}"`);
  const field = (name: string): ComposeNode | undefined => definition?.entries.get(name)?.value;
  const externalNode = field('external');
  let external: boolean;
  let externalName: string | null = null;
  if (externalNode?.kind === 'map') {
    // Legacy form `external: {name: x}`.
    external = true;
    externalName = text(externalNode.entries.get('name')?.value, 'external.name')?.value ?? null;
  } else {
    external = flag(externalNode, `network "${key}" external`);
  }
  const driver = text(field('driver'), 'driver')?.value || 'bridge';
  const ipamNode = mapOrEmpty(field('ipam'), `network "${key}" ipam`);
  const configNode = ipamNode?.entries.get('config')?.value;
  if (external) {
    for (const conflicting of ['driver', 'ipam', 'driver_opts', 'internal', 'attachable', 'enable_ipv6']) {
      const value = field(conflicting);
      if (value && !(value.kind === 'scalar' && value.value === null)) {
        fail(`conflicting parameters "external" and "${conflicting}" specified for network "${key}"`, value);
      }
    }
  }
  const explicitName = text(field('name'), 'name')?.value || null;
  return {
    project,
    key,
    name: explicitName ?? externalName ?? (external ? key : `${project}_${key}`),
    location,
    external,
    driver,
    scope: driver === 'overlay' ? 'global' : 'local',
    enableIpv6: flag(field('enable_ipv6'), `network "${key}" enable_ipv6`),
    ipam: readIpamConfig(configNode, key),
    services: [],
  };
}

function readIpamConfig(node: ComposeNode | undefined, key: string): ComposeIpamConfig[] {
  if (!node || (node.kind === 'scalar' && node.value === null)) return [];
  if (node.kind !== 'seq') fail(`network "${key}" ipam.config must be a list`, node);
  return node.items.map((item) => {
    const entry = mapOrEmpty(item, `network "${key}" ipam.config entry`);
    const field = (name: string): ComposeNode | undefined => entry?.entries.get(name)?.value;
    const aux = mapOrEmpty(field('aux_addresses'), `network "${key}" aux_addresses`);
    // The engine treats an empty ip_range, gateway or aux address as not given (ValidateIPAM skips "", and
    // libnetwork only reads them when non-empty); an empty subnet, though, is refused (DD301).
    const given = (value: Located<string> | null): Located<string> | null => (value?.value === '' ? null : value);
    return {
      subnet: text(field('subnet'), 'subnet'),
      ipRange: given(text(field('ip_range'), 'ip_range')),
      gateway: given(text(field('gateway'), 'gateway')),
      auxAddresses: [...(aux?.entries ?? [])].flatMap(([name, value]) => {
        const address = given(text(value.value, `aux_addresses.${name}`));
        return address ? [{ name, address }] : [];
      }),
    };
  });
}
