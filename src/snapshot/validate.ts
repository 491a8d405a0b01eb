import { parseJsonWithPositions, type JsonNode } from '../daemon/json.js';
import type { TextPosition } from '../text/position.js';
import { validate } from './generated/validate.js';

/** The first place a snapshot departs from its schema, said the way a person fixes it: `facts.routes: expected an array`. */
export interface SchemaViolation {
  /** Keys and array indexes from the top of the document to the bad value. */
  segments: string[];
  message: string;
}

interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * Checks a parsed snapshot against the schema generated from src/snapshot/schema.ts (scripts/snapshot-schema.mjs):
 * the types are the one schema, so a field added there is checked here without anyone writing a check.
 */
export function schemaViolation(value: unknown): SchemaViolation | null {
  if (validate(value)) return null;
  const errors = ((validate as unknown as { errors?: AjvError[] }).errors ?? []).filter((e) => e.keyword !== 'anyOf');
  // A fact is its value or {unavailable}: the deepest error is the one in the branch the author meant, and at equal
  // depth the fact's own shape says more than "must have required property 'unavailable'".
  const depth = (e: AjvError): number => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const fromUnavailable = (e: AjvError): number => (e.schemaPath.startsWith('#/definitions/Unavailable') ? 1 : 0);
  const [first] = [...errors].sort((a, b) => depth(b) - depth(a) || fromUnavailable(a) - fromUnavailable(b));
  if (!first) return { segments: [], message: 'the snapshot does not match its schema' };
  const segments = pathSegments(first.instancePath);
  return { segments, message: describe(first, segments) };
}

function pathSegments(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function displayPath(segments: string[]): string {
  return segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

const ARTICLE: Record<string, string> = { array: 'an array', object: 'an object', integer: 'an integer', string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null' };

function describe(error: AjvError, segments: string[]): string {
  const where = segments.length === 0 ? 'the snapshot' : displayPath(segments);
  switch (error.keyword) {
    case 'type': {
      const types = String(error.params['type']).split(',');
      return `${where}: expected ${types.map((t) => ARTICLE[t] ?? t).join(' or ')}`;
    }
    case 'const':
      return `${where}: expected ${JSON.stringify(error.params['allowedValue'])}`;
    case 'enum':
      return `${where}: expected one of ${(error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'required':
      return `${where}: missing "${String(error.params['missingProperty'])}"`;
    default:
      return `${where}: ${error.message ?? 'does not match the snapshot schema'}`;
  }
}

/** Where in the text the value at `segments` (as schemaViolation reports it) was written, for file:line:col. */
export function positionOfPath(text: string, segments: readonly string[]): TextPosition | undefined {
  let node: JsonNode;
  try {
    node = parseJsonWithPositions(text);
  } catch {
    return undefined;
  }
  for (const segment of segments) {
    if (node.kind === 'object') {
      const entry = node.entries.filter((e) => e.key === segment).at(-1);
      if (!entry) break;
      node = entry.value;
    } else if (node.kind === 'array' && /^\d+$/.test(segment) && node.items[Number(segment)]) {
      node = node.items[Number(segment)]!;
    } else break;
  }
  return node.at;
}
