import path from 'node:path';
import type { Location } from '../engine/types.js';
import type { HostFile } from '../snapshot/schema.js';
import type { Lookup } from './interpolate.js';
import type { LinkedSources, MissingSources } from './linked-sources.js';
import { applyResets, mergeComposeTrees } from './merge.js';
import { interpolateTree, networkingSubtree, type UnsetVariable } from './networking-subtree.js';
import { ComposeFileError, parseComposeYaml, scalarText, type ComposeNode, type MapEntry, type MapNode } from './yaml-tree.js';

/** A reference the loader did not follow, said out loud (DD307) instead of guessed. */
export interface UnfollowedReference {
  message: string;
  location: Required<Location>;
}

/** What loading collects besides the tree. */
export interface LoadRecord {
  unset: UnsetVariable[];
  unfollowed: UnfollowedReference[];
  missing: MissingSources;
  /** Top-level keys of the project's own files other than `version`: none means compose's "empty compose file". */
  topLevelKeys: Set<string>;
}

/** The place a relative path in a file resolves against, and the variables it is interpolated with. */
interface LoadContext {
  workingDir: string;
  lookup: Lookup;
  sources: LinkedSources;
  record: LoadRecord;
  /** Absolute paths of the included files being loaded, outermost first (include cycles). */
  includeChain: readonly string[];
}

/** One file to load: `absolutePath` is null for the project's own files (their paths are as given on the command line). */
export interface SourceFile {
  absolutePath: string | null;
  file: HostFile;
}

/** compose-go's remote resource loaders (git, OCI) accept these; dockdoc reads local files only. */
const REMOTE_REFERENCE = /^([a-z][a-z0-9+.-]*:\/\/|git@|oci:)/i;

/** Nesting deeper than this is an include or extends loop compose would also never finish. */
const MAX_DEPTH = 32;

export const EMPTY_TREE: MapNode = { kind: 'map', file: '', at: { line: 1, column: 1 }, tag: null, entries: new Map() };

function isNull(node: ComposeNode | undefined): boolean {
  return !node || (node.kind === 'scalar' && node.value === null);
}

function locationOf(node: ComposeNode): Required<Location> {
  return { file: node.file, line: node.at.line, column: node.at.column };
}

function fail(message: string, node: ComposeNode): never {
  throw new ComposeFileError(message, node.file, node.at);
}

function stringOf(node: ComposeNode, what: string): string {
  const text = node.kind === 'scalar' ? scalarText(node) : null;
  if (text === null) fail(`${what} must be a string`, node);
  return text;
}

function stringList(node: ComposeNode | undefined, what: string): { value: string; node: ComposeNode }[] {
  if (!node || isNull(node)) return [];
  if (node.kind === 'seq') return node.items.map((item) => ({ value: stringOf(item, what), node: item }));
  return [{ value: stringOf(node, what), node }];
}

/**
 * Loads files as one model the way compose-go's loadYamlModel does: each file's documents are interpolated, their
 * `include:` entries imported, their `extends` resolved, then merged over what came before.
 */
export function loadModel(files: readonly SourceFile[], context: LoadContext, depth = 0): MapNode {
  let merged = EMPTY_TREE;
  for (const source of files) merged = loadFile(source, context, merged, depth);
  return merged;
}

function loadFile(source: SourceFile, context: LoadContext, merged: MapNode, depth: number): MapNode {
  const { file } = source;
  if (!file.present || file.text === undefined) throw new ComposeFileError('file not found', file.path, { line: 1, column: 1 });
  const chain = source.absolutePath ? [...context.includeChain, source.absolutePath] : context.includeChain;
  for (const document of parseComposeYaml(file.path, file.text)) {
    if (depth === 0) for (const key of document.entries.keys()) if (key !== 'version') context.record.topLevelKeys.add(key);
    let own = interpolateTree(networkingSubtree(document), context.lookup, context.record.unset);
    own = applyIncludes(own, { ...context, includeChain: chain }, depth);
    own = applyExtends(own, context, depth);
    merged = mergeComposeTrees(applyResets(merged, own), own);
  }
  return merged;
}

/** `include:` (compose-go ApplyInclude): each entry is loaded as a project of its own and its resources imported. */
function applyIncludes(own: MapNode, context: LoadContext, depth: number): MapNode {
  const includeNode = own.entries.get('include')?.value;
  const entries = new Map(own.entries);
  entries.delete('include');
  let result: MapNode = { ...own, entries };
  if (isNull(includeNode)) return result;
  if (includeNode!.kind !== 'seq') fail('`include` must be a list', includeNode!);
  for (const item of includeNode!.items) {
    const entry = item.kind === 'map' ? item : null;
    const paths = stringList(entry ? entry.entries.get('path')?.value : item, 'include path');
    if (paths.length === 0) fail('include entry needs a path', item);
    const remote = paths.find((p) => REMOTE_REFERENCE.test(p.value));
    if (remote) {
      context.record.unfollowed.push({
        message: `include of the remote resource ${remote.value} is not followed (dockdoc reads local files only): what it defines is unknown, so references to undefined networks are not reported for this project`,
        location: locationOf(remote.node),
      });
      continue;
    }
    const absolutePaths = paths.map((p) => path.resolve(context.workingDir, p.value));
    const main = absolutePaths[0]!;
    const projectDirectoryNode = entry?.entries.get('project_directory')?.value;
    const projectDirectory = isNull(projectDirectoryNode)
      ? path.dirname(main)
      : path.resolve(context.workingDir, stringOf(projectDirectoryNode!, 'include project_directory'));
    if (context.includeChain.includes(main) || depth >= MAX_DEPTH) {
      fail(`include cycle detected: ${[...context.includeChain, main].join(' includes ')}`, paths[0]!.node);
    }
    const sources: SourceFile[] = [];
    for (const [index, absolutePath] of absolutePaths.entries()) {
      const linked = context.sources.file(absolutePath);
      if (!linked) {
        context.record.missing.files.add(absolutePath);
        continue;
      }
      if (!linked.present) fail(`include ${paths[index]!.value}: open ${absolutePath}: no such file or directory`, paths[index]!.node);
      sources.push({ absolutePath, file: linked });
    }
    if (sources.length < absolutePaths.length) {
      context.record.unfollowed.push({ message: `include ${paths[0]!.value} was not read, so what it defines is unknown`, location: locationOf(item) });
      continue;
    }
    const lookup = includedLookup(entry, projectDirectory, context, item);
    if (!lookup) continue;
    const imported = loadModel(sources, { ...context, workingDir: projectDirectory, lookup }, depth + 1);
    result = importResources(imported, result);
  }
  return result;
}

/**
 * The variables of an included project: the including project's, then its env files' (compose-go merges them
 * with Mapping.Merge, which keeps values already set). Null when an env file is not gathered yet.
 */
function includedLookup(entry: MapNode | null, projectDirectory: string, context: LoadContext, item: ComposeNode): Lookup | null {
  const given = stringList(entry?.entries.get('env_file')?.value, 'include env_file');
  const envPaths =
    given.length === 0
      ? [{ absolutePath: path.join(projectDirectory, '.env'), node: null }]
      : given.filter((f) => f.value !== '/dev/null').map((f) => ({ absolutePath: path.resolve(context.workingDir, f.value), node: f.node }));
  const layers: Record<string, string>[] = [];
  for (const { absolutePath, node } of envPaths) {
    const variables = context.sources.envFile(absolutePath);
    if (variables === undefined) {
      context.record.missing.envFiles.add(absolutePath);
      context.record.unfollowed.push({ message: `env file ${absolutePath} of an included project was not read`, location: locationOf(item) });
      return null;
    }
    if (variables === null) {
      if (node) fail(`include env_file: stat ${absolutePath}: no such file or directory`, node);
      continue;
    }
    layers.push(variables);
  }
  return (name) => context.lookup(name) ?? layers.reduce<string | undefined>((found, layer) => found ?? (Object.hasOwn(layer, name) ? layer[name] : undefined), undefined);
}

/** compose-go importResources: imported services and networks join the file's; on a name both define, the file wins. */
function importResources(imported: MapNode, target: MapNode): MapNode {
  const entries = new Map(target.entries);
  for (const key of ['services', 'networks']) {
    const from = imported.entries.get(key);
    if (!from || from.value.kind !== 'map') continue;
    const existing = entries.get(key);
    if (!existing || existing.value.kind !== 'map') {
      entries.set(key, existing && !isNull(existing.value) ? existing : from);
      continue;
    }
    const merged = new Map(existing.value.entries);
    for (const [name, resource] of from.value.entries) {
      const own = merged.get(name);
      merged.set(name, own ? mergeNamed(key, name, resource, own) : resource);
    }
    entries.set(key, { ...existing, value: { ...existing.value, entries: merged } });
  }
  return { ...target, entries };
}

/** Merges one named resource over another with the merge rules of its path (service networks, ipam.config). */
function mergeNamed(key: string, name: string, base: MapEntry, override: MapEntry): MapEntry {
  const wrap = (entry: MapEntry): MapNode => ({
    ...EMPTY_TREE,
    entries: new Map([[key, { key, keyAt: entry.keyAt, value: { ...EMPTY_TREE, entries: new Map([[name, entry]]) } }]]),
  });
  const merged = mergeComposeTrees(wrap(base), wrap(override)).entries.get(key)!.value as MapNode;
  return merged.entries.get(name)!;
}

/** `extends` (compose-go ApplyExtends): each service is merged over the service it extends, recursively. */
function applyExtends(own: MapNode, context: LoadContext, depth: number): MapNode {
  const servicesEntry = own.entries.get('services');
  if (!servicesEntry || servicesEntry.value.kind !== 'map') return own;
  const services = new Map(servicesEntry.value.entries);
  const file = servicesEntry.value.file;
  for (const name of [...services.keys()]) resolveExtends(name, services, file, context.workingDir, context, new Set(), depth);
  return { ...own, entries: new Map(own.entries).set('services', { ...servicesEntry, value: { ...servicesEntry.value, entries: services } }) };
}

/**
 * Resolves `extends` of one service in place in `services` and returns its entry. `directory` is where a relative
 * `extends.file` resolves: the project's working directory, or the directory of the file being extended.
 */
function resolveExtends(
  name: string,
  services: Map<string, MapEntry>,
  file: string,
  directory: string,
  context: LoadContext,
  seen: Set<string>,
  depth: number,
): MapEntry | undefined {
  const entry = services.get(name);
  if (!entry || entry.value.kind !== 'map') return entry;
  const extendsNode = entry.value.entries.get('extends')?.value;
  if (!extendsNode) return entry;
  let ref: string;
  let fileNode: ComposeNode | undefined;
  if (extendsNode.kind === 'map') {
    const serviceNode = extendsNode.entries.get('service')?.value;
    if (!serviceNode || isNull(serviceNode)) fail(`extends.${name}.service is required`, extendsNode);
    ref = stringOf(serviceNode, 'extends.service');
    fileNode = isNull(extendsNode.entries.get('file')?.value) ? undefined : extendsNode.entries.get('file')!.value;
  } else {
    ref = stringOf(extendsNode, 'extends');
  }
  let baseServices = services;
  let baseFile = file;
  let baseDirectory = directory;
  if (fileNode) {
    const reference = stringOf(fileNode, 'extends.file');
    if (REMOTE_REFERENCE.test(reference)) {
      context.record.unfollowed.push({
        message: `service ${name} extends ${ref} from the remote resource ${reference}, which is not followed (dockdoc reads local files only): its networks are unknown`,
        location: locationOf(fileNode),
      });
      return stripExtends(name, services, entry);
    }
    const absolutePath = path.resolve(directory, reference);
    const linked = context.sources.file(absolutePath);
    if (!linked) {
      context.record.missing.files.add(absolutePath);
      context.record.unfollowed.push({ message: `service ${name} extends ${ref} from ${reference}, which was not read: its networks are unknown`, location: locationOf(fileNode) });
      return stripExtends(name, services, entry);
    }
    if (!linked.present) fail(`cannot extend service "${name}": open ${absolutePath}: no such file or directory`, fileNode);
    baseServices = servicesOfExtendedFile(linked, context, name);
    baseFile = linked.path;
    baseDirectory = path.dirname(absolutePath);
    if (!baseServices.has(ref)) fail(`cannot extend service "${name}" in ${file}: service "${ref}" not found in ${reference}`, fileNode);
  } else if (!services.has(ref)) {
    fail(`cannot extend service "${name}" in ${file}: service "${ref}" not found`, extendsNode);
  }
  const key = `${baseFile}\u0000${ref}`;
  if (seen.has(key) || depth >= MAX_DEPTH) fail(`circular reference: service ${name} extends ${ref} again`, extendsNode);
  const base = resolveExtends(ref, baseServices, baseFile, baseDirectory, context, new Set([...seen, `${file}\u0000${name}`]), depth + 1);
  if (!base || base.value.kind !== 'map') return stripExtends(name, services, entry);
  const merged = mergeNamed('services', name, { ...base, key: name, keyAt: entry.keyAt }, entry);
  const resolved = withoutExtends(merged);
  services.set(name, resolved);
  return resolved;
}

function withoutExtends(entry: MapEntry): MapEntry {
  if (entry.value.kind !== 'map') return entry;
  const entries = new Map(entry.value.entries);
  entries.delete('extends');
  return { ...entry, value: { ...entry.value, entries } };
}

function stripExtends(name: string, services: Map<string, MapEntry>, entry: MapEntry): MapEntry {
  const stripped = withoutExtends(entry);
  services.set(name, stripped);
  return stripped;
}

/** The services of a file named by `extends.file`: interpolated, without its own includes (compose skips them). */
function servicesOfExtendedFile(file: HostFile, context: LoadContext, service: string): Map<string, MapEntry> {
  const services = new Map<string, MapEntry>();
  for (const document of parseComposeYaml(file.path, file.text ?? '')) {
    const tree = interpolateTree(networkingSubtree(document), context.lookup, context.record.unset);
    const node = tree.entries.get('services')?.value;
    if (!node || node.kind !== 'map') continue;
    for (const [name, entry] of node.entries) services.set(name, entry);
  }
  if (services.size === 0) throw new ComposeFileError(`cannot extend service "${service}" in ${file.path}: no services section`, file.path, { line: 1, column: 1 });
  return services;
}

export type { LoadContext };
