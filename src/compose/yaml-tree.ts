import { INPUT_CAPS, MAX_YAML_EXPANDED_NODES, MAX_YAML_NESTING, overCap } from '../limits/caps.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { TextPosition } from '../text/position.js';
import { readBlockSubset } from './yaml-block-subset.js';

/**
 * A compose file as a tree that remembers, for every value, the file and line:column it was written at,
 * so a finding about a merged, interpolated subnet still points at the text a person typed.
 */
export type ComposeNode = MapNode | SeqNode | ScalarNode;

/** Compose's YAML tags: `!reset` removes an inherited value, `!override` replaces it instead of merging. */
export type MergeTag = 'reset' | 'override';

interface NodeBase {
  file: string;
  at: TextPosition;
  tag: MergeTag | null;
}

export interface MapEntry {
  key: string;
  keyAt: TextPosition;
  value: ComposeNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  /** In the order written (merge keys first, then explicit keys, as yaml.v3 orders them). */
  entries: Map<string, MapEntry>;
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: ComposeNode[];
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  /** The value as YAML resolves it; `null` for `~`, `null` and empty values. */
  value: string | number | boolean | null;
}

/** A problem in one compose file, at the place it was found: becomes a DD001 finding. */
export class ComposeFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly at: TextPosition,
  ) {
    super(message);
  }
}

export interface YamlLimits {
  /** Larger files are refused before parsing: a compose file is a few kilobytes. */
  maxBytes: number;
  /** Nodes after expanding aliases and merge keys: refuses "billion laughs" alias bombs. */
  maxNodes: number;
  /** Nesting, as written and after expanding aliases: deeper trees would overflow the recursive walkers. */
  maxDepth: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: INPUT_CAPS.composeFile, maxNodes: MAX_YAML_EXPANDED_NODES, maxDepth: MAX_YAML_NESTING };

export const FILE_START: TextPosition = { line: 1, column: 1 };

/**
 * Parses every YAML document of a compose file into position-keeping trees (compose merges the documents of
 * one file in order). An empty document yields nothing, as compose skips it.
 */
export function parseComposeYaml(file: string, text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): MapNode[] {
  const tooLarge = overCap('composeFile', text, limits.maxBytes);
  if (tooLarge) throw new ComposeFileError(tooLarge, file, FILE_START);
  // Most compose files are plain block YAML, which has a reader of its own giving the same trees; the rest, and
  // every error, take the yaml library's path.
  const subset = readBlockSubset(file, text, limits);
  if (subset) return subset;
  if (!libraryReader) throw new Error('internal error: a compose file needs the yaml library, which was not loaded first (loadComposeYamlReader)');
  return libraryReader.parseWithLibrary(file, text, limits);
}

let libraryReader: typeof import('./yaml-library.js') | undefined;

/**
 * Loads the yaml library's reader (a lazy chunk of 260 KB, ~25 ms to load) for parseComposeYaml. The rules parse
 * synchronously, so whatever hands them compose files (the snapshot loaders, the compose gatherer, lint's reader)
 * awaits this first; a run that reads no compose file never loads the library. If the chunk cannot be loaded, the
 * import's error is the command's error (exit 2), before any file is parsed.
 */
export async function loadComposeYamlReader(): Promise<void> {
  libraryReader ??= await import('./yaml-library.js');
}

/** loadComposeYamlReader when the snapshot carries compose projects: a host snapshot without them parses no YAML. */
export async function loadComposeYamlReaderFor(snapshot: Snapshot): Promise<void> {
  if ((available(snapshot.facts.compose)?.projects.length ?? 0) > 0) await loadComposeYamlReader();
}

/** Text of a scalar as compose would read it into a string field (numbers and booleans as written by YAML). */
export function scalarText(node: ScalarNode): string | null {
  return node.value === null ? null : String(node.value);
}
