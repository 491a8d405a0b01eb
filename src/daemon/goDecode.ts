import type { GoDecode } from './catalogue/index.js';
import type { JsonNode } from './json.js';
import type { TextPosition } from '../text/position.js';

/** What encoding/json's UnmarshalTypeError carries: the JSON value's description and the Go type. */
export interface GoTypeMismatch {
  /** "string", "number", "number 1.5", "bool", "array", "object" */
  value: string;
  /** reflect.Type.String() of the value decoded into: "bool", "[]string". */
  type: string;
  at: TextPosition;
}

const INT_BITS: Record<string, number> = { int: 64, int64: 64, int32: 32, int16: 16, int8: 8, rune: 32 };
const UINT_BITS: Record<string, number> = { uint: 64, uint64: 64, uintptr: 64, uint32: 32, uint16: 16, uint8: 8, byte: 8 };

function jsonKind(node: JsonNode): string {
  return node.kind === 'boolean' ? 'bool' : node.kind === 'array' ? 'array' : node.kind;
}

/** strconv.ParseInt/ParseUint of the literal and the type's range, as literalStore checks them. */
function integerFits(text: string, bits: number, signed: boolean): boolean {
  if (!/^-?\d+$/.test(text)) return false;
  const n = BigInt(text);
  if (signed) return n >= -(1n << BigInt(bits - 1)) && n < 1n << BigInt(bits - 1);
  return !text.startsWith('-') && n < 1n << BigInt(bits);
}

/**
 * The first UnmarshalTypeError encoding/json (v1) raises decoding this JSON value into the Go type, in document
 * order (Decode keeps the earliest one), or null when it decodes. Types that parse themselves (`custom`) and
 * interface{} are not judged. JSON null decodes into anything.
 */
export function firstTypeMismatch(node: JsonNode, decode: GoDecode): GoTypeMismatch | null {
  if (node.kind === 'null' || decode.kind === 'custom' || decode.kind === 'any') return null;
  const mismatch = (value = jsonKind(node)): GoTypeMismatch => ({ value, type: decode.type, at: node.at });
  switch (decode.kind) {
    case 'bool':
      return node.kind === 'boolean' ? null : mismatch();
    case 'string':
      return node.kind === 'string' ? null : mismatch();
    case 'int':
    case 'uint':
    case 'float': {
      if (node.kind !== 'number') return mismatch();
      const base = decode.type.includes('.') ? null : decode.type;
      if (decode.kind === 'float') return Number.isFinite(Number(node.text)) ? null : mismatch(`number ${node.text}`);
      const bits = (decode.kind === 'int' ? INT_BITS : UINT_BITS)[base ?? decode.kind] ?? 64;
      return integerFits(node.text, bits, decode.kind === 'int') ? null : mismatch(`number ${node.text}`);
    }
    case 'list':
      if (node.kind !== 'array') return mismatch();
      for (const item of node.items) {
        const inner = firstTypeMismatch(item, decode.elem);
        if (inner) return inner;
      }
      return null;
    case 'map':
      if (node.kind !== 'object') return mismatch();
      for (const entry of node.entries) {
        const inner = firstTypeMismatch(entry.value, decode.elem);
        if (inner) return inner;
      }
      return null;
    case 'struct':
      // The struct's own fields are not judged (their errors name the inner struct type).
      return node.kind === 'object' ? null : mismatch();
  }
}
