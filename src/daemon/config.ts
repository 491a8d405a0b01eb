import { overCap } from '../limits/caps.js';
import { derived } from '../snapshot/derive.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { TextPosition } from '../text/position.js';
import { JsonSyntaxError, parseJsonWithPositions, toPlain, type JsonEntry, type JsonNode } from './json.js';

/** daemon.json as dockerd would read it, with positions for findings. */
export type DaemonConfigModel =
  | { state: 'absent'; path: string }
  | { state: 'blank'; path: string; why: 'empty' | 'bom' }
  | { state: 'invalid'; path: string; message: string; at: TextPosition }
  | { state: 'parsed'; path: string; text: string; entries: JsonEntry[]; values: Record<string, unknown> };

const UTF8_BOM = '\uFEFF';

export function parseDaemonConfig(path: string, text: string): DaemonConfigModel {
  if (text.startsWith(UTF8_BOM)) return { state: 'blank', path, why: 'bom' };
  if (text.trim() === '') return { state: 'blank', path, why: 'empty' };
  const tooLarge = overCap('daemonJson', text);
  if (tooLarge) return { state: 'invalid', path, message: tooLarge, at: { line: 1, column: 1 } };
  let root: JsonNode;
  try {
    root = parseJsonWithPositions(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { state: 'invalid', path, message: error.message, at: error.at };
    throw error;
  }
  if (root.kind !== 'object') {
    return {
      state: 'invalid',
      path,
      message: `the top level must be a JSON object, found ${root.kind === 'array' ? 'an array' : `a ${root.kind}`}`,
      at: root.at,
    };
  }
  return { state: 'parsed', path, text, entries: root.entries, values: toPlain(root) as Record<string, unknown> };
}

export const daemonConfigModel = derived((snapshot: Snapshot): DaemonConfigModel | null => {
  const file = available(snapshot.facts.daemonConfig);
  if (!file) return null;
  if (!file.present || file.text === undefined) return { state: 'absent', path: file.path };
  return parseDaemonConfig(file.path, file.text);
});

/** A top-level key, or a key lifted out of a nested object the way dockerd flattens the file. */
export interface FlatKey {
  key: string;
  at: TextPosition;
  value: JsonNode;
  /** The enclosing key when this one was lifted out of a nested object. */
  parent?: string;
}

/**
 * dockerd lifts the members of nested objects one level up before validating keys, except for the
 * options whose value is a map by design (log-opts, runtimes, ...), which `flatOptions` names.
 */
export function flattenKeys(entries: JsonEntry[], flatOptions: ReadonlySet<string>): FlatKey[] {
  return entries.flatMap((entry): FlatKey[] => {
    if (entry.value.kind === 'object' && !flatOptions.has(entry.key)) {
      return entry.value.entries.map((inner) => ({ key: inner.key, at: inner.keyAt, value: inner.value, parent: entry.key }));
    }
    return [{ key: entry.key, at: entry.keyAt, value: entry.value }];
  });
}

/** Where a top-level key was written, for findings about a setting (bip, default-address-pools, ...). */
export function keyPosition(model: DaemonConfigModel | null, key: string): TextPosition | undefined {
  if (model?.state !== 'parsed') return undefined;
  return model.entries.filter((e) => e.key === key).at(-1)?.keyAt;
}
