import { ComposeFileError, scalarText, type ComposeNode, type MapEntry, type MapNode } from './yaml-tree.js';

/**
 * Merges the compose files given with `-f` the way compose does (compose specification "Merge"; compose-go's
 * override package): mappings merge key by key, sequences append, scalars are replaced, a null in the later file
 * keeps the earlier value, `!reset` removes the earlier value and `!override` replaces it whole.
 * Two paths have rules of their own: a service's `networks` (a list is read as a mapping of names) and a network's
 * `ipam.config` (entries are matched by `subnet`, see mergeIpamConfig).
 * Inputs are never modified: the result shares unchanged subtrees with them.
 */
export function mergeComposeTrees(base: MapNode, override: MapNode): MapNode {
  return mergeMaps(base, withoutResets(override), []);
}

/**
 * Removes from `base` every path that `override` marks `!reset` or `!override`, as compose does before merging
 * the file that carries the tags.
 */
export function applyResets(base: MapNode, override: MapNode): MapNode {
  const entries = new Map(base.entries);
  for (const [key, entry] of override.entries) {
    const current = entries.get(key);
    if (!current) continue;
    if (entry.value.tag !== null) {
      entries.delete(key);
    } else if (entry.value.kind === 'map' && current.value.kind === 'map') {
      entries.set(key, { ...current, value: applyResets(current.value, entry.value) });
    }
  }
  return { ...base, entries };
}

/** The file's own tree without its `!reset` values (they only remove what came before); the tree itself when it has none. */
function withoutResets(node: MapNode): MapNode {
  let entries: Map<string, MapEntry> | null = null;
  for (const [key, entry] of node.entries) {
    const value = entry.value.tag === 'reset' ? null : entry.value.kind === 'map' ? withoutResets(entry.value) : entry.value;
    if (value === entry.value) continue;
    entries ??= new Map(node.entries);
    if (value === null) entries.delete(key);
    else entries.set(key, { ...entry, value });
  }
  return entries ? { ...node, entries } : node;
}

function matches(path: readonly string[], pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((segment, i) => segment === '*' || segment === path[i]);
}

const SERVICE_NETWORKS = ['services', '*', 'networks'];
const IPAM_CONFIG = ['networks', '*', 'ipam', 'config'];

function mergeValues(base: ComposeNode, override: ComposeNode, path: string[]): ComposeNode {
  if (matches(path, SERVICE_NETWORKS)) return mergeMaps(networksAsMap(base), networksAsMap(override), path);
  if (override.kind === 'scalar' && override.value === null) return base;
  if (base.kind === 'scalar' && base.value === null) return override;
  if (matches(path, IPAM_CONFIG)) return mergeIpamConfig(base, override, path);
  if (base.kind === 'map' && override.kind === 'map') return mergeMaps(base, override, path);
  if (base.kind === 'seq' && override.kind === 'seq') return { ...base, items: [...base.items, ...override.items] };
  if (base.kind !== override.kind && (base.kind !== 'scalar' || override.kind !== 'scalar')) {
    throw new ComposeFileError(`cannot override ${path.join('.')}`, override.file, override.at);
  }
  return override;
}

function mergeMaps(base: MapNode, override: MapNode, path: string[]): MapNode {
  const entries = new Map(base.entries);
  for (const [key, entry] of override.entries) {
    const current = entries.get(key);
    entries.set(key, current ? { ...current, value: mergeValues(current.value, entry.value, [...path, key]) } : entry);
  }
  return { ...base, entries };
}

/** `networks: [a, b]` is `networks: {a: null, b: null}` for merging. */
function networksAsMap(node: ComposeNode): MapNode {
  if (node.kind === 'map') return node;
  if (node.kind === 'seq') {
    const entries = new Map<string, MapEntry>();
    for (const item of node.items) {
      const name = item.kind === 'scalar' ? scalarText(item) : null;
      if (name === null) throw new ComposeFileError('service networks must be a list of names or a mapping', item.file, item.at);
      entries.set(name, { key: name, keyAt: item.at, value: { kind: 'scalar', file: item.file, at: item.at, tag: null, value: null } });
    }
    return { kind: 'map', file: node.file, at: node.at, tag: node.tag, entries };
  }
  return { kind: 'map', file: node.file, at: node.at, tag: node.tag, entries: new Map() };
}

function subnetOf(node: ComposeNode): string | null {
  if (node.kind !== 'map') return null;
  const subnet = node.entries.get('subnet')?.value;
  return subnet?.kind === 'scalar' ? scalarText(subnet) : null;
}

/**
 * compose-go's merge of `ipam.config`, reproduced step for step because its outcome is what compose sends to the
 * engine: for each earlier entry, each later entry with the same subnet is merged into it; a later entry with
 * another subnet is appended once, and if it was already appended it is merged over the earlier entry instead.
 * Consequences worth knowing: earlier entries whose subnet no later entry names are dropped, and with several
 * earlier entries a later one can inherit fields (gateway, ip_range) of an entry with a different subnet.
 */
function mergeIpamConfig(base: ComposeNode, override: ComposeNode, path: string[]): ComposeNode {
  if (base.kind !== 'seq' || override.kind !== 'seq') {
    throw new ComposeFileError(`${path.join('.')} must be a list`, override.file, override.at);
  }
  const result: MapNode[] = [];
  const indexOfSubnet = (subnet: string | null): number => result.findIndex((entry) => subnetOf(entry) === subnet);
  for (const original of base.items) {
    if (original.kind !== 'map') continue;
    let right: MapNode = original;
    for (const later of override.items) {
      if (later.kind !== 'map') continue;
      if (subnetOf(later) !== subnetOf(right) && indexOfSubnet(subnetOf(later)) < 0) {
        result.push(later);
        continue;
      }
      right = mergeMaps(right, later, path);
      const existing = indexOfSubnet(subnetOf(right));
      if (existing >= 0) result[existing] = right;
      else result.push(right);
    }
  }
  return { ...base, items: result };
}
