import { LineIndex, type TextPosition } from '../text/position.js';

/** A JSON value that remembers where it was written, so findings can point at file:line:col. */
export type JsonNode =
  | { kind: 'object'; at: TextPosition; entries: JsonEntry[] }
  | { kind: 'array'; at: TextPosition; items: JsonNode[] }
  | { kind: 'string'; at: TextPosition; value: string }
  /** `text`: the literal as written ("1.5e3"), which Go's decode errors quote. */
  | { kind: 'number'; at: TextPosition; value: number; text: string }
  | { kind: 'boolean'; at: TextPosition; value: boolean }
  | { kind: 'null'; at: TextPosition };

export interface JsonEntry {
  key: string;
  keyAt: TextPosition;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: TextPosition,
  ) {
    super(message);
  }
}

/**
 * How deep arrays and objects may nest: Go's encoding/json scanner (maxNestingDepth, since Go 1.15) refuses the
 * 10,001st open bracket with "invalid character '[' exceeded max depth", so dockerd does too.
 */
export const GO_JSON_MAX_DEPTH = 10_000;

/**
 * Parses JSON the way dockerd reads daemon.json (Go's json.Decoder), keeping positions.
 * JSON.parse gives no positions for keys and only an offset for errors, so this small parser does both.
 * Error texts are Go's ("invalid character '}' looking for beginning of object key string"), because
 * that is what dockerd prints. Like json.Decoder.Decode, it stops after the first value: dockerd never
 * looks at anything written after the closing brace. It keeps its own stack of open containers rather than
 * recursing, so nesting as deep as Go allows cannot overflow the call stack.
 */
export function parseJsonWithPositions(text: string): JsonNode {
  const parser = new Parser(text);
  parser.skipSpace();
  return parser.document();
}

/** An array or object whose closing bracket has not been read yet; `key` is the member whose value comes next. */
type OpenContainer =
  | { node: ObjectNode; key: string; keyAt: TextPosition }
  | { node: ArrayNode };

type ObjectNode = Extract<JsonNode, { kind: 'object' }>;
type ArrayNode = Extract<JsonNode, { kind: 'array' }>;

class Parser {
  private offset = 0;
  private readonly lines: LineIndex;
  private readonly open: OpenContainer[] = [];
  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  atEnd(): boolean {
    return this.offset >= this.text.length;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.lines.position(this.offset));
  }

  /** Go's scanner error for the character at the cursor, or io.ErrUnexpectedEOF at the end. */
  unexpected(context: string): never {
    if (this.atEnd()) this.fail('unexpected EOF');
    return this.fail(`invalid character ${goQuoteChar(this.text[this.offset]!)} ${context}`);
  }

  skipSpace(): void {
    while (!this.atEnd() && ' \t\r\n'.includes(this.text[this.offset]!)) this.offset++;
  }

  /** The first value of the text: reads a value, then closes every container that value completes. */
  document(): JsonNode {
    for (;;) {
      let node = this.valueOrOpen();
      if (node === null) continue;
      for (;;) {
        const parent = this.open.at(-1);
        if (parent === undefined) return node;
        if ('key' in parent) parent.node.entries.push({ key: parent.key, keyAt: parent.keyAt, value: node });
        else parent.node.items.push(node);
        const closed = this.afterMember(parent);
        if (closed === null) break;
        node = closed;
      }
    }
  }

  /** A complete value at the cursor, or null when it opened a container whose first member comes next. */
  private valueOrOpen(): JsonNode | null {
    const at = this.lines.position(this.offset);
    const c = this.text[this.offset];
    if (c === '{' || c === '[') {
      if (this.open.length >= GO_JSON_MAX_DEPTH) this.unexpected('exceeded max depth');
      this.offset++;
      this.skipSpace();
      if (c === '{') {
        const node: ObjectNode = { kind: 'object', at, entries: [] };
        if (this.text[this.offset] === '}') {
          this.offset++;
          return node;
        }
        this.open.push({ node, ...this.memberKey() });
        return null;
      }
      const node: ArrayNode = { kind: 'array', at, items: [] };
      if (this.text[this.offset] === ']') {
        this.offset++;
        return node;
      }
      this.open.push({ node });
      return null;
    }
    if (c === '"') return { kind: 'string', at, value: this.string() };
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const text = this.number();
      return { kind: 'number', at, value: Number(text), text };
    }
    if (this.text.startsWith('true', this.offset)) return this.literal('true', { kind: 'boolean', at, value: true });
    if (this.text.startsWith('false', this.offset)) return this.literal('false', { kind: 'boolean', at, value: false });
    if (this.text.startsWith('null', this.offset)) return this.literal('null', { kind: 'null', at });
    return this.unexpected('looking for beginning of value');
  }

  /** `"key":` and the space after it; the cursor ends on the member's value. */
  private memberKey(): { key: string; keyAt: TextPosition } {
    this.skipSpace();
    if (this.text[this.offset] !== '"') this.unexpected('looking for beginning of object key string');
    const keyAt = this.lines.position(this.offset);
    const key = this.string();
    this.skipSpace();
    if (this.text[this.offset] !== ':') this.unexpected('after object key');
    this.offset++;
    this.skipSpace();
    return { key, keyAt };
  }

  /**
   * After a member of `parent`: on the closing bracket, pops and returns the finished container; on a comma, moves
   * to the next member (past its key for an object) and returns null.
   */
  private afterMember(parent: OpenContainer): JsonNode | null {
    this.skipSpace();
    const next = this.text[this.offset];
    const isObject = 'key' in parent;
    if (next === (isObject ? '}' : ']')) {
      this.offset++;
      this.open.pop();
      return parent.node;
    }
    if (next !== ',') this.unexpected(isObject ? 'after object key:value pair' : 'after array element');
    this.offset++;
    if (isObject) Object.assign(parent, this.memberKey());
    else this.skipSpace();
    return null;
  }

  private literal(word: string, node: JsonNode): JsonNode {
    this.offset += word.length;
    return node;
  }

  private string(): string {
    const start = this.offset;
    this.offset++;
    for (;;) {
      if (this.atEnd()) this.fail('unexpected EOF');
      const c = this.text.charCodeAt(this.offset);
      if (c === 0x22) break;
      if (c < 0x20) this.unexpected('in string literal');
      if (c === 0x5c) {
        const escape = this.text[this.offset + 1];
        if (escape === 'u') {
          const hex = /^[0-9a-fA-F]{0,4}/.exec(this.text.slice(this.offset + 2, this.offset + 6))![0];
          if (hex.length < 4) {
            this.offset += 2 + hex.length;
            this.unexpected('in \\u hexadecimal character escape');
          }
          this.offset += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.offset++;
          this.unexpected('in string escape code');
        }
        this.offset += 2;
        continue;
      }
      this.offset++;
    }
    this.offset++;
    return JSON.parse(this.text.slice(start, this.offset)) as string;
  }

  /** The numeric literal at the cursor, as written. */
  private number(): string {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.offset));
    if (!match) {
      this.offset++;
      return this.unexpected('in numeric literal');
    }
    this.offset += match[0].length;
    return match[0];
  }
}

/** Plain JS value of a node (for evidence and typed views); iterative, like the parser, for deep documents. */
export function toPlain(root: JsonNode): unknown {
  const plain = new Map<JsonNode, unknown>();
  const pending: { node: JsonNode; childrenDone: boolean }[] = [{ node: root, childrenDone: false }];
  while (pending.length > 0) {
    const top = pending.at(-1)!;
    const { node } = top;
    if (!top.childrenDone && (node.kind === 'object' || node.kind === 'array')) {
      top.childrenDone = true;
      const children = node.kind === 'object' ? node.entries.map((e) => e.value) : node.items;
      for (const child of children) pending.push({ node: child, childrenDone: false });
      continue;
    }
    pending.pop();
    if (node.kind === 'object') plain.set(node, Object.fromEntries(node.entries.map((e) => [e.key, plain.get(e.value)])));
    else if (node.kind === 'array') plain.set(node, node.items.map((item) => plain.get(item)));
    else plain.set(node, node.kind === 'null' ? null : node.value);
  }
  return plain.get(root);
}

/** Go's %q-style rendering of a single character in scanner errors: 'x', '\\'', '"'. */
function goQuoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  return `'${c}'`;
}
