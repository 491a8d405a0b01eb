import { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, visit, type Alias, type Document, type Node } from 'yaml';
import { LineIndex, type TextPosition } from '../text/position.js';
import { readYamlTokens, withoutStackTraces } from '../text/yaml.js';
import { ComposeFileError, DEFAULT_YAML_LIMITS, FILE_START, type ComposeNode, type MapEntry, type MapNode, type MergeTag, type ScalarNode, type YamlLimits } from './yaml-tree.js';

// The yaml library's path of parseComposeYaml (yaml-tree.ts), a chunk of its own: most compose files are read by the
// block reader without it, and most runs read no compose file at all (loadComposeYamlReader loads this).

/** parseComposeYaml through the yaml library: any YAML, and the errors of bad YAML. */
export function parseWithLibrary(file: string, text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): MapNode[] {
  const lineCounter = new LineCounter();
  // One lexing and parsing pass checks the nesting and yields the tokens the documents are composed from.
  const read = readYamlTokens(text, limits.maxDepth, lineCounter.addNewLine);
  if ('tooDeepAt' in read) throw new ComposeFileError(nestingMessage(limits.maxDepth), file, new LineIndex(text).position(read.tooDeepAt));
  // Duplicate keys are found by the converter: the library's own check compares each key with every earlier one.
  // These are parseAllDocuments' options, and its composer over the same tokens (prettyErrors off: nothing else).
  const composer = new Composer({ lineCounter, version: '1.2', uniqueKeys: false, prettyErrors: false });
  const documents = withoutStackTraces(() => [...composer.compose(read.tokens)]);
  const trees: MapNode[] = [];
  for (const document of documents) {
    const error = document.errors[0];
    if (error) throw new ComposeFileError(`invalid YAML: ${firstLine(error.message)}`, file, position(lineCounter, error.pos[0]));
    if (document.contents === null) continue;
    const converter = new Converter(file, lineCounter, document, text, limits);
    const root = converter.node(document.contents as Node, FILE_START);
    if (root.kind === 'scalar' && root.value === null) continue;
    if (root.kind !== 'map') throw new ComposeFileError('top-level object must be a mapping', file, root.at);
    trees.push(root);
  }
  return trees;
}

function nestingMessage(maxDepth: number): string {
  return `nested more than ${maxDepth} levels deep; dockdoc refuses the file (compose files nest fewer than 10)`;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function position(lineCounter: LineCounter, offset: number): TextPosition {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

/**
 * The node each alias of a document refers to: the last node before it, in document order, that carries its anchor
 * (undefined for an unknown anchor). This is what the library's `Alias.resolve(document)` returns, but found in one
 * walk of the document for all aliases: `resolve` walks the whole document for each alias it resolves, so a file of
 * 15,000 aliases took 10 s (issue 10).
 */
function aliasTargets(document: Document): Map<Alias, Node | undefined> {
  const targets = new Map<Alias, Node | undefined>();
  const lastAnchored = new Map<string, Node>();
  // The same walk, in the same order, as `resolve`'s own: an anchored node comes before the nodes inside it.
  visit(document, {
    Node: (_key, node) => {
      if (isAlias(node)) targets.set(node, lastAnchored.get(node.source));
      else if (node.anchor) lastAnchored.set(node.anchor, node);
    },
  });
  return targets;
}

/**
 * Refuses documents whose aliases expand to more than `maxNodes` values, or nest deeper than `maxDepth` once
 * expanded, before expanding anything: the size and depth of anchored subtrees are computed once each, so a
 * "billion laughs" file costs as little as its own text.
 */
class ExpansionBudget {
  private readonly known = new Map<Node, { size: number; depth: number }>();
  private readonly inProgress = new Set<Node>();

  constructor(private readonly aliases: Map<Alias, Node | undefined>) {}

  /** Values `node` expands to and how deep they nest; Infinity for an alias cycle. */
  measure(node: Node | null): { size: number; depth: number } {
    if (node === null) return { size: 1, depth: 1 };
    const known = this.known.get(node);
    if (known !== undefined) return known;
    if (this.inProgress.has(node)) return { size: Infinity, depth: Infinity };
    this.inProgress.add(node);
    let result = { size: 1, depth: 1 };
    const add = (child: Node | null): void => {
      const inner = this.measure(child);
      result = { size: result.size + inner.size, depth: Math.max(result.depth, inner.depth + 1) };
    };
    if (isAlias(node)) {
      const target = this.aliases.get(node);
      if (target) result = this.measure(target);
    } else if (isMap(node)) {
      for (const pair of node.items) add(pair.value as Node | null);
    } else if (isSeq(node)) {
      for (const item of node.items) add(item as Node | null);
    }
    this.inProgress.delete(node);
    this.known.set(node, result);
    return result;
  }
}

class Converter {
  /** Each source node becomes one tree node: an alias shares the tree of its anchor (trees are never mutated). */
  private readonly converted = new Map<Node, ComposeNode>();
  /** Anchors being expanded right now: an alias inside its own anchor would recurse forever. */
  private readonly expanding = new Set<Node>();
  private readonly aliases: Map<Alias, Node | undefined>;

  constructor(
    private readonly file: string,
    private readonly lineCounter: LineCounter,
    document: Document,
    text: string,
    limits: YamlLimits,
  ) {
    // An alias is written `*name`: a text without an asterisk has none, and its walk is skipped.
    this.aliases = text.includes('*') ? aliasTargets(document) : new Map();
    const root = document.contents as Node | null;
    const { size, depth } = new ExpansionBudget(this.aliases).measure(root);
    const at = root ? this.at(root) : FILE_START;
    if (size > limits.maxNodes) {
      throw new ComposeFileError(`more than ${limits.maxNodes} values after expanding aliases (an alias bomb?); dockdoc refuses the file`, file, at);
    }
    if (depth > limits.maxDepth) throw new ComposeFileError(`${nestingMessage(limits.maxDepth)}, once its aliases are expanded`, file, at);
  }

  private at(node: Node): TextPosition {
    return node.range ? position(this.lineCounter, node.range[0]) : FILE_START;
  }

  node(node: Node | null, fallbackAt: TextPosition): ComposeNode {
    if (node === null) return { kind: 'scalar', file: this.file, at: fallbackAt, tag: null, value: null };
    const done = this.converted.get(node);
    if (done) return done;
    if (isAlias(node)) {
      const target = this.aliases.get(node);
      const at = this.at(node);
      if (!target) throw new ComposeFileError(`unknown alias *${node.source}`, this.file, at);
      if (this.expanding.has(target)) throw new ComposeFileError(`alias *${node.source} refers to itself`, this.file, at);
      return this.node(target, at);
    }
    this.expanding.add(node);
    try {
      const converted = this.convert(node);
      this.converted.set(node, converted);
      return converted;
    } finally {
      this.expanding.delete(node);
    }
  }

  private convert(node: Node): ComposeNode {
    const at = this.at(node);
    const tag = mergeTag(node.tag);
    if (isMap(node)) return this.map(node.items, at, tag);
    if (isSeq(node)) {
      return { kind: 'seq', file: this.file, at, tag, items: node.items.map((item) => this.node(item as Node | null, at)) };
    }
    if (isScalar(node)) return { kind: 'scalar', file: this.file, at, tag, value: scalarValue(node.value) };
    throw new ComposeFileError('unsupported YAML node', this.file, at);
  }

  private map(pairs: { key: unknown; value: unknown }[], at: TextPosition, tag: MergeTag | null): MapNode {
    const explicit = new Map<string, MapEntry>();
    const merged = new Map<string, MapEntry>();
    const seen = new Set<string>();
    for (const pair of pairs) {
      const keyNode = pair.key as Node | null;
      const keyAt = keyNode ? this.at(keyNode) : at;
      const key = keyNode === null ? '' : this.keyText(keyNode);
      if (seen.has(key)) throw new ComposeFileError('invalid YAML: Map keys must be unique', this.file, keyAt);
      seen.add(key);
      const valueAt = keyNode?.range ? position(this.lineCounter, keyNode.range[2]) : keyAt;
      const value = this.node(pair.value as Node | null, valueAt);
      if (key === '<<' && !(isScalar(keyNode) && keyNode.type !== 'PLAIN')) {
        this.mergeInto(merged, value);
        continue;
      }
      explicit.set(key, { key, keyAt, value });
    }
    // YAML merge keys: explicit keys win over merged ones wherever they are written.
    const entries = new Map<string, MapEntry>();
    for (const [key, entry] of merged) if (!explicit.has(key)) entries.set(key, entry);
    for (const [key, entry] of explicit) entries.set(key, entry);
    return { kind: 'map', file: this.file, at, tag, entries };
  }

  /** `<<: *a` or `<<: [*a, *b]`: earlier sources win over later ones, as in YAML 1.1's merge key. */
  private mergeInto(merged: Map<string, MapEntry>, source: ComposeNode): void {
    const sources = source.kind === 'seq' ? source.items : [source];
    for (const item of sources) {
      if (item.kind !== 'map') throw new ComposeFileError('merge key << needs a mapping or a list of mappings', this.file, item.at);
      for (const [key, entry] of item.entries) if (!merged.has(key)) merged.set(key, entry);
    }
  }

  private keyText(keyNode: Node): string {
    if (isScalar(keyNode)) return String(keyNode.value ?? '');
    throw new ComposeFileError('mapping keys must be scalars', this.file, this.at(keyNode));
  }
}

function mergeTag(tag: string | undefined): MergeTag | null {
  if (tag === '!reset') return 'reset';
  if (tag === '!override') return 'override';
  return null;
}

function scalarValue(value: unknown): ScalarNode['value'] {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return String(value);
}

