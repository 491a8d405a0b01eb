import type { TextPosition } from '../text/position.js';
import type { ComposeNode, MapEntry, MapNode, ScalarNode, YamlLimits } from './yaml-tree.js';

/**
 * A reader for the plain YAML most compose files are written in, giving the very trees the yaml library's path gives
 * (yaml-tree.ts parseComposeYaml: values, positions, key order), at a fraction of its cost: the library lexes, builds
 * a CST, composes a Document of node objects with ranges, and the converter walks that again, about 1 ms a file.
 *
 * The subset: one document of block mappings and block sequences (indented with spaces, sequences also at their
 * key's indentation, `- key: value` items), single-line plain scalars, single-line quoted scalars without escapes,
 * single-line flow sequences of such scalars, comments and blank lines. Anything else — anchors, aliases, merge keys,
 * tags, flow mappings, block scalars, multi-line scalars, escapes, directives, document markers, tabs, CR, control
 * characters, duplicate keys, deep nesting, a root that is not a mapping — returns null, and the caller reads the
 * file with the library, which also gives every error its message. test/compose/yaml-block-subset.property.test.ts
 * checks on generated documents of the subset that both paths give equal trees.
 */
export function readBlockSubset(file: string, text: string, limits: YamlLimits): MapNode[] | null {
  if (OUTSIDE_TEXT.test(text)) return null;
  try {
    return [new BlockSubsetReader(file, text, limits).document()];
  } catch (error) {
    if (error === OUTSIDE_SUBSET) return null;
    throw error;
  }
}

/** Characters the subset leaves to the library: tabs, CR, control characters, BOM, non-characters, Unicode line separators. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const OUTSIDE_TEXT = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

/** Thrown (one instance, no stack trace taken) where the text leaves the subset. */
const OUTSIDE_SUBSET = new Error('outside the block subset of YAML');

/**
 * Nesting the subset reads: well below MAX_YAML_NESTING's library parser stack (a block level is at most two of its
 * entries), so a file the library would refuse as too deep never takes this path.
 */
const MAX_SUBSET_DEPTH = 24;

/** YAML's limit on an implicit key's length (yaml's lexer refuses longer ones). */
const MAX_IMPLICIT_KEY = 1024;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** Characters that may not start a plain scalar (YAML's c-indicator), but `-`, `?` and `:` may before a non-space. */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)));
const INDICATORS_BEFORE_NON_SPACE = new Set('-?:'.split('').map((c) => c.charCodeAt(0)));
/** Flow indicators: a plain scalar inside `[...]` stops at them. */
const FLOW_INDICATORS = new Set(',[]{}'.split('').map((c) => c.charCodeAt(0)));

/** A line with content (not blank, not only a comment): where it starts, its indentation, where it ends. */
interface ContentLine {
  /** 1-based. */
  number: number;
  start: number;
  indent: number;
  end: number;
}

class BlockSubsetReader {
  private readonly lines: ContentLine[] = [];
  private next = 0;
  private nodes = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly limits: YamlLimits,
  ) {
    let number = 1;
    for (let start = 0; start <= text.length; number++) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      let first = start;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      if (first < end && text.charCodeAt(first) !== HASH) {
        // Document markers and directives start at column 1.
        if (first === start && (text.startsWith('---', start) || text.startsWith('...', start) || text.charCodeAt(start) === 0x25)) throw OUTSIDE_SUBSET;
        this.lines.push({ number, start, indent: first - start, end: trimEnd(text, first, end) });
      }
      start = end + 1;
    }
  }

  document(): MapNode {
    const first = this.lines[0];
    if (!first || this.isSequenceItem(first)) throw OUTSIDE_SUBSET;
    const root = this.mapping(first.indent, first.start + first.indent, 1);
    if (this.next < this.lines.length) throw OUTSIDE_SUBSET;
    return root;
  }

  private position(line: ContentLine, offset: number): TextPosition {
    return { line: line.number, column: offset - line.start + 1 };
  }

  private count(depth: number): void {
    if (++this.nodes > this.limits.maxNodes || depth > MAX_SUBSET_DEPTH) throw OUTSIDE_SUBSET;
  }

  /** `- ` or a lone `-` at the line's indentation. */
  private isSequenceItem(line: ContentLine): boolean {
    const at = line.start + line.indent;
    return this.text.charCodeAt(at) === DASH && (at + 1 === line.end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** A block value starting on the current content line (more indented than its key or `-`). */
  private block(depth: number): ComposeNode {
    const line = this.lines[this.next]!;
    if (this.isSequenceItem(line)) return this.sequence(line.indent, depth);
    return this.mapping(line.indent, line.start + line.indent, depth);
  }

  /**
   * A block mapping whose keys are at column `indent` (0-based); its first key starts at `firstKey` on the current
   * line (inside it for `- key: value`), the others at the start of their lines.
   */
  private mapping(indent: number, firstKey: number, depth: number): MapNode {
    this.count(depth);
    const startLine = this.lines[this.next]!;
    const entries = new Map<string, MapEntry>();
    let keyOffset = firstKey;
    for (;;) {
      const line = this.lines[this.next]!;
      const key = this.key(line, keyOffset);
      if (entries.has(key.text)) throw OUTSIDE_SUBSET;
      const valueStart = skipSpaces(this.text, key.end, line.end);
      let value: ComposeNode;
      this.next++;
      if (valueStart === line.end || this.text.charCodeAt(valueStart) === HASH) {
        const following = this.lines[this.next];
        if (following && following.indent > indent) value = this.block(depth + 1);
        else if (following && following.indent === indent && this.isSequenceItem(following)) value = this.sequence(indent, depth + 1);
        else value = this.empty(line, key.end, depth + 1);
      } else {
        value = this.inline(line, valueStart, depth + 1);
      }
      entries.set(key.text, { key: key.text, keyAt: this.position(line, keyOffset), value });
      const following = this.lines[this.next];
      if (!following || following.indent < indent) break;
      if (following.indent > indent || this.isSequenceItem(following)) throw OUTSIDE_SUBSET;
      keyOffset = following.start + indent;
    }
    return { kind: 'map', file: this.file, at: this.position(startLine, firstKey), tag: null, entries };
  }

  /** A block sequence whose `-` are at column `indent`. */
  private sequence(indent: number, depth: number): ComposeNode {
    this.count(depth);
    const startLine = this.lines[this.next]!;
    const items: ComposeNode[] = [];
    for (;;) {
      const line = this.lines[this.next]!;
      const itemStart = skipSpaces(this.text, line.start + indent + 1, line.end);
      if (itemStart === line.end || this.text.charCodeAt(itemStart) === HASH) {
        this.next++;
        const following = this.lines[this.next];
        items.push(following && following.indent > indent ? this.block(depth + 1) : this.empty(line, line.start + indent + 1, depth + 1));
      } else if (this.text.charCodeAt(itemStart) === DASH && (itemStart + 1 === line.end || this.text.charCodeAt(itemStart + 1) === SPACE)) {
        throw OUTSIDE_SUBSET;
      } else if (this.isKeyAt(line, itemStart)) {
        items.push(this.mapping(itemStart - line.start, itemStart, depth + 1));
      } else {
        this.next++;
        items.push(this.inline(line, itemStart, depth + 1));
      }
      const following = this.lines[this.next];
      if (!following || following.indent < indent) break;
      if (following.indent > indent) throw OUTSIDE_SUBSET;
      if (!this.isSequenceItem(following)) break;
    }
    return { kind: 'seq', file: this.file, at: this.position(startLine, startLine.start + indent), tag: null, items };
  }

  /**
   * A value left empty (`key:`, `-`): null, where the library puts it, after the indicator (`afterIndicator`) and the
   * spaces that follow it, trailing ones included.
   */
  private empty(line: ContentLine, afterIndicator: number, depth: number): ScalarNode {
    this.count(depth);
    const at = skipSpaces(this.text, afterIndicator, this.text.length);
    return { kind: 'scalar', file: this.file, at: this.position(line, at), tag: null, value: null };
  }

  /** A value written on its line after `key: ` or `- `: a scalar or a flow sequence, then nothing but a comment. */
  private inline(line: ContentLine, offset: number, depth: number): ComposeNode {
    const code = this.text.charCodeAt(offset);
    if (code === OPEN_BRACKET) return this.flowSequence(line, offset, depth);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const quoted = this.quoted(line, offset);
      this.expectLineEnd(line, quoted.end);
      this.count(depth);
      return { kind: 'scalar', file: this.file, at: this.position(line, offset), tag: null, value: quoted.value };
    }
    this.expectPlainStart(line, offset, false);
    const end = plainEnd(this.text, offset, line.end);
    const source = this.text.slice(offset, end);
    // `a: b: c` is an error for the library, and a value `b:` is one too.
    if (source.includes(': ') || source.endsWith(':')) throw OUTSIDE_SUBSET;
    this.count(depth);
    return { kind: 'scalar', file: this.file, at: this.position(line, offset), tag: null, value: plainValue(source) };
  }

  /** `[a, "b", 'c']` on one line. */
  private flowSequence(line: ContentLine, open: number, depth: number): ComposeNode {
    this.count(depth);
    const items: ComposeNode[] = [];
    let offset = skipSpaces(this.text, open + 1, line.end);
    if (this.text.charCodeAt(offset) !== CLOSE_BRACKET) {
      for (;;) {
        const code = this.text.charCodeAt(offset);
        let end: number;
        let value: ScalarNode['value'];
        if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
          const quoted = this.quoted(line, offset);
          end = quoted.end;
          value = quoted.value;
        } else {
          this.expectPlainStart(line, offset, true);
          end = offset;
          while (end < line.end && !FLOW_INDICATORS.has(this.text.charCodeAt(end))) end++;
          while (this.text.charCodeAt(end - 1) === SPACE) end--;
          const source = this.text.slice(offset, end);
          // `[a: b]` is a mapping in a sequence, and `#` may start a comment.
          if (source.includes(':') || source.includes('#')) throw OUTSIDE_SUBSET;
          value = plainValue(source);
        }
        this.count(depth + 1);
        items.push({ kind: 'scalar', file: this.file, at: this.position(line, offset), tag: null, value });
        const separator = skipSpaces(this.text, end, line.end);
        const separatorCode = this.text.charCodeAt(separator);
        if (separator < line.end && separatorCode === CLOSE_BRACKET) {
          offset = separator;
          break;
        }
        if (separator >= line.end || separatorCode !== COMMA) throw OUTSIDE_SUBSET;
        offset = skipSpaces(this.text, separator + 1, line.end);
        // A trailing comma, or a sequence going on to the next line.
        if (offset >= line.end || this.text.charCodeAt(offset) === CLOSE_BRACKET) throw OUTSIDE_SUBSET;
      }
    }
    if (offset >= line.end) throw OUTSIDE_SUBSET;
    this.expectLineEnd(line, offset + 1);
    return { kind: 'seq', file: this.file, at: this.position(line, open), tag: null, items };
  }

  /** Nothing after a value but spaces and a comment. */
  private expectLineEnd(line: ContentLine, offset: number): void {
    if (offset === line.end) return;
    const comment = skipSpaces(this.text, offset, line.end);
    if (comment === offset || this.text.charCodeAt(comment) !== HASH) throw OUTSIDE_SUBSET;
  }

  /** A plain scalar may not start with an indicator; `-`, `?` and `:` only when a character other than a space follows. */
  private expectPlainStart(line: ContentLine, offset: number, inFlow: boolean): void {
    const code = this.text.charCodeAt(offset);
    if (!INDICATORS.has(code)) return;
    if (!INDICATORS_BEFORE_NON_SPACE.has(code)) throw OUTSIDE_SUBSET;
    const after = offset + 1 < line.end ? this.text.charCodeAt(offset + 1) : SPACE;
    if (after === SPACE || (inFlow && FLOW_INDICATORS.has(after))) throw OUTSIDE_SUBSET;
  }

  /** Whether `key:` (a key and its colon) starts at `offset`. */
  private isKeyAt(line: ContentLine, offset: number): boolean {
    const code = this.text.charCodeAt(offset);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const quoted = this.quoted(line, offset);
      return this.text.charCodeAt(quoted.end) === COLON;
    }
    // A flow sequence is a value (and one used as a key is left to the library when read as a value).
    if (code === OPEN_BRACKET) return false;
    return plainKeyColon(this.text, offset, line.end) !== -1;
  }

  /** The key at `offset` as the converter names it, and the offset after its colon. */
  private key(line: ContentLine, offset: number): { text: string; end: number } {
    const code = this.text.charCodeAt(offset);
    let text: string;
    let colon: number;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const quoted = this.quoted(line, offset);
      text = quoted.value;
      colon = quoted.end;
      if (this.text.charCodeAt(colon) !== COLON) throw OUTSIDE_SUBSET;
    } else {
      this.expectPlainStart(line, offset, false);
      colon = plainKeyColon(this.text, offset, line.end);
      if (colon === -1) throw OUTSIDE_SUBSET;
      const source = this.text.slice(offset, colon);
      // `key :` and `<<:` (a merge key) are left to the library.
      if (source.endsWith(' ') || source === '<<') throw OUTSIDE_SUBSET;
      text = String(plainValue(source) ?? '');
    }
    if (colon + 1 < line.end && this.text.charCodeAt(colon + 1) !== SPACE) throw OUTSIDE_SUBSET;
    if (colon - offset > MAX_IMPLICIT_KEY) throw OUTSIDE_SUBSET;
    return { text, end: colon + 1 };
  }

  /** A quoted scalar closed on its line: `"..."` without escapes, or `'...'` with `''` for a quote. */
  private quoted(line: ContentLine, open: number): { value: string; end: number } {
    const quote = this.text.charCodeAt(open);
    if (quote === DOUBLE_QUOTE) {
      const close = this.text.indexOf('"', open + 1);
      if (close === -1 || close >= line.end) throw OUTSIDE_SUBSET;
      const value = this.text.slice(open + 1, close);
      if (value.includes('\\')) throw OUTSIDE_SUBSET;
      return { value, end: close + 1 };
    }
    let value = '';
    let from = open + 1;
    for (;;) {
      const close = this.text.indexOf("'", from);
      if (close === -1 || close >= line.end) throw OUTSIDE_SUBSET;
      value += this.text.slice(from, close);
      if (this.text.charCodeAt(close + 1) !== SINGLE_QUOTE || close + 1 >= line.end) return { value, end: close + 1 };
      value += "'";
      from = close + 2;
    }
  }
}

function skipSpaces(text: string, offset: number, end: number): number {
  while (offset < end && text.charCodeAt(offset) === SPACE) offset++;
  return offset;
}

/** The end of a line's content: trailing spaces dropped. */
function trimEnd(text: string, first: number, end: number): number {
  while (end > first && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/** Where a plain scalar in block context ends: at ` #` (a comment) or the line's end, trailing spaces dropped. */
function plainEnd(text: string, offset: number, end: number): number {
  let scan = offset;
  for (; scan < end; scan++) if (text.charCodeAt(scan) === HASH && text.charCodeAt(scan - 1) === SPACE) break;
  while (scan > offset && text.charCodeAt(scan - 1) === SPACE) scan--;
  return scan;
}

/** The offset of the colon ending a plain key at `offset` (followed by a space or the line's end), or -1. */
function plainKeyColon(text: string, offset: number, end: number): number {
  for (let scan = offset; scan < end; scan++) {
    const code = text.charCodeAt(scan);
    if (code === HASH && scan > offset && text.charCodeAt(scan - 1) === SPACE) return -1;
    if (code === COLON && (scan + 1 === end || text.charCodeAt(scan + 1) === SPACE)) return scan;
  }
  return -1;
}

/**
 * A plain scalar's value in YAML 1.2's core schema, as the yaml library resolves it (its schema/core tags, tried in
 * the same order: null, bool, octal, decimal and hexadecimal integers, .inf/.nan, floats with and without exponent).
 */
function plainValue(source: string): ScalarNode['value'] {
  const first = source.charCodeAt(0);
  // Everything but strings starts with one of `~nNtTfF+-.0-9`.
  if (!(first === 0x7e || first === 0x2b || first === DASH || first === 0x2e || (first >= 0x30 && first <= 0x39) || 'nNtTfF'.includes(source[0]!))) return source;
  if (CORE_NULL.test(source)) return null;
  if (CORE_BOOL.test(source)) return first === 0x74 || first === 0x54;
  if (CORE_OCTAL.test(source)) return parseInt(source.substring(2), 8);
  if (CORE_DECIMAL.test(source)) return parseInt(source, 10);
  if (CORE_HEXADECIMAL.test(source)) return parseInt(source.substring(2), 16);
  if (CORE_NAN_INF.test(source)) return source.slice(-3).toLowerCase() === 'nan' ? NaN : first === DASH ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (CORE_FLOAT_EXPONENT.test(source) || CORE_FLOAT.test(source)) return parseFloat(source);
  return source;
}

// The core schema's tests, as in yaml's dist/schema/core and dist/schema/common/null.js.
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_OCTAL = /^0o[0-7]+$/;
const CORE_DECIMAL = /^[-+]?[0-9]+$/;
const CORE_HEXADECIMAL = /^0x[0-9a-fA-F]+$/;
const CORE_NAN_INF = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXPONENT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
