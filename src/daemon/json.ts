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
 * Parses JSON the way dockerd reads daemon.json (Go's json.Decoder), keeping positions.
 * JSON.parse gives no positions for keys and only an offset for errors, so this small parser does both.
 * Error texts are Go's ("invalid character '}' looking for beginning of object key string"), because
 * that is what dockerd prints. Like json.Decoder.Decode, it stops after the first value: dockerd never
 * looks at anything written after the closing brace.
 */
export function parseJsonWithPositions(text: string): JsonNode {
  const parser = new Parser(text);
  parser.skipSpace();
  return parser.value();
}

class Parser {
  private offset = 0;
  private readonly lines: LineIndex;
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

  value(): JsonNode {
    const at = this.lines.position(this.offset);
    const c = this.text[this.offset];
    if (c === '{') return this.object(at);
    if (c === '[') return this.array(at);
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

  private literal(word: string, node: JsonNode): JsonNode {
    this.offset += word.length;
    return node;
  }

  private object(at: TextPosition): JsonNode {
    this.offset++;
    const entries: JsonEntry[] = [];
    this.skipSpace();
    if (this.text[this.offset] === '}') {
      this.offset++;
      return { kind: 'object', at, entries };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.offset] !== '"') this.unexpected('looking for beginning of object key string');
      const keyAt = this.lines.position(this.offset);
      const key = this.string();
      this.skipSpace();
      if (this.text[this.offset] !== ':') this.unexpected('after object key');
      this.offset++;
      this.skipSpace();
      entries.push({ key, keyAt, value: this.value() });
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === '}') return { kind: 'object', at, entries };
      if (next !== ',') {
        this.offset--;
        this.unexpected('after object key:value pair');
      }
    }
  }

  private array(at: TextPosition): JsonNode {
    this.offset++;
    const items: JsonNode[] = [];
    this.skipSpace();
    if (this.text[this.offset] === ']') {
      this.offset++;
      return { kind: 'array', at, items };
    }
    for (;;) {
      this.skipSpace();
      items.push(this.value());
      this.skipSpace();
      const next = this.text[this.offset];
      this.offset++;
      if (next === ']') return { kind: 'array', at, items };
      if (next !== ',') {
        this.offset--;
        this.unexpected('after array element');
      }
    }
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

/** Plain JS value of a node (for evidence and typed views). */
export function toPlain(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((e) => [e.key, toPlain(e.value)]));
    case 'array':
      return node.items.map(toPlain);
    case 'null':
      return null;
    default:
      return node.value;
  }
}

/** Go's %q-style rendering of a single character in scanner errors: 'x', '\\'', '"'. */
function goQuoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  return `'${c}'`;
}
