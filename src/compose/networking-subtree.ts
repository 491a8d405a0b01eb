import { tryAddress, tryPrefix } from '../net/prefix.js';
import { interpolate, InterpolationError, referencedVariables, type Lookup } from './interpolate.js';
import { ComposeFileError, type ComposeNode, type MapEntry, type MapNode } from './yaml-tree.js';

/**
 * Service keys that decide its networks: its own, where it inherits them from, whether it starts at all, and how
 * many addresses it takes on a swarm overlay (`scale`, the parts of `deploy` named in DEPLOY_KEYS, and `ports`, whose
 * ingress-mode entries put its tasks on the ingress network).
 */
const SERVICE_KEYS = ['networks', 'network_mode', 'extends', 'profiles', 'scale', 'deploy', 'ports'];

/** The parts of `deploy` that count addresses: tasks, virtual IP or not, rolling-update headroom. Nothing else is read. */
const DEPLOY_KEYS = ['replicas', 'mode', 'endpoint_mode', 'update_config'];
const UPDATE_CONFIG_KEYS = ['parallelism', 'order'];

/**
 * The part of a compose file that decides networking: the project `name`, top-level `networks`, the files it
 * `include`s, and each service's networks, network_mode, extends and profiles. Everything else (images,
 * environment, volumes) is dropped before interpolation, so dockdoc neither needs nor reads the variables those use.
 */
export function networkingSubtree(root: MapNode): MapNode {
  const entries = new Map<string, MapEntry>();
  for (const key of ['name', 'include', 'networks']) {
    const entry = root.entries.get(key);
    if (entry) entries.set(key, entry);
  }
  const services = root.entries.get('services');
  if (services) {
    if (services.value.kind === 'map') {
      const kept = new Map<string, MapEntry>();
      for (const [name, service] of services.value.entries) {
        kept.set(name, service.value.kind === 'map' ? { ...service, value: serviceSubtree(service.value) } : service);
      }
      entries.set('services', { ...services, value: { ...services.value, entries: kept } });
    } else {
      entries.set('services', services);
    }
  }
  return { ...root, entries };
}

function serviceSubtree(service: MapNode): MapNode {
  const kept = keepKeys(service, SERVICE_KEYS);
  const deploy = kept.entries.get('deploy');
  if (deploy?.value.kind !== 'map') return kept;
  const deployKept = keepKeys(deploy.value, DEPLOY_KEYS);
  const update = deployKept.entries.get('update_config');
  if (update?.value.kind === 'map') deployKept.entries.set('update_config', { ...update, value: keepKeys(update.value, UPDATE_CONFIG_KEYS) });
  kept.entries.set('deploy', { ...deploy, value: deployKept });
  return kept;
}

function keepKeys(node: MapNode, keys: string[]): MapNode {
  const entries = new Map<string, MapEntry>();
  for (const key of keys) {
    const entry = node.entries.get(key);
    if (entry) entries.set(key, entry);
  }
  return { ...node, entries };
}

/** A variable used without a value or default, where it was used (compose warns and uses ""). */
export interface UnsetVariable {
  name: string;
  file: string;
  line: number;
  column: number;
}

/**
 * Keys whose values are addresses or prefixes (aux_addresses and link_local_ips hold them as map values and list
 * items). Rules quote these values in their findings when they are wrong.
 */
const ADDRESS_KEYS = new Set(['subnet', 'ip_range', 'gateway', 'aux_addresses', 'ipv4_address', 'ipv6_address', 'link_local_ips']);

/**
 * Interpolates every string value (never keys), as compose does after parsing each file. Subtrees without a `$` are
 * returned as they are (trees are never modified), so a file without variables costs no copy.
 * An address field whose interpolated value is not a well-formed address or prefix keeps its template text instead
 * (`${AWS_SECRET_ACCESS_KEY}`): it is wrong either way, and findings then say which variable it came from without
 * copying the variable's text (a secret, when the wrong variable was named) into reports, SARIF or CI annotations.
 */
export function interpolateTree(node: MapNode, lookup: Lookup, unset: UnsetVariable[]): MapNode {
  return interpolateNode(node, lookup, unset, false) as MapNode;
}

function interpolateNode(node: ComposeNode, lookup: Lookup, unset: UnsetVariable[], holdsAddresses: boolean): ComposeNode {
  switch (node.kind) {
    case 'map': {
      let entries: Map<string, MapEntry> | null = null;
      for (const [key, entry] of node.entries) {
        const value = interpolateNode(entry.value, lookup, unset, holdsAddresses || ADDRESS_KEYS.has(key));
        if (value === entry.value) continue;
        entries ??= new Map(node.entries);
        entries.set(key, { ...entry, value });
      }
      return entries ? { ...node, entries } : node;
    }
    case 'seq': {
      const items = node.items.map((item) => interpolateNode(item, lookup, unset, holdsAddresses));
      return items.some((item, index) => item !== node.items[index]) ? { ...node, items } : node;
    }
    case 'scalar': {
      if (typeof node.value !== 'string' || !node.value.includes('$')) return node;
      try {
        const result = interpolate(node.value, lookup);
        for (const name of result.unset) unset.push({ name, file: node.file, line: node.at.line, column: node.at.column });
        const fromVariables = referencedVariables(node.value).length > 0;
        const hidden = holdsAddresses && fromVariables && result.value !== '' && tryPrefix(result.value) === null && tryAddress(result.value) === null;
        return { ...node, value: hidden ? node.value : result.value };
      } catch (error) {
        if (error instanceof InterpolationError) throw new ComposeFileError(error.message, node.file, node.at);
        throw error;
      }
    }
  }
}

/** Names of the variables the networking part of a tree reads (to gather only those). */
export function variablesReferenced(node: ComposeNode, into: Set<string>): void {
  switch (node.kind) {
    case 'map':
      for (const entry of node.entries.values()) variablesReferenced(entry.value, into);
      return;
    case 'seq':
      for (const item of node.items) variablesReferenced(item, into);
      return;
    case 'scalar':
      if (typeof node.value !== 'string' || !node.value.includes('$')) return;
      try {
        for (const name of referencedVariables(node.value)) into.add(name);
      } catch (error) {
        // An invalid template is reported when the project is loaded; it references nothing usable.
        if (!(error instanceof InterpolationError)) throw error;
      }
  }
}
