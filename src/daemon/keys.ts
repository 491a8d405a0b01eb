import { derived } from '../snapshot/derive.js';
import type { Snapshot } from '../snapshot/schema.js';
import { classifyDaemonKey, daemonKeyCatalogue, type DaemonKeyCatalogue, type DaemonKeyClass } from './catalogue/index.js';
import { daemonConfigModel, flattenKeys, type FlatKey } from './config.js';

export interface ClassifiedKey extends FlatKey {
  verdict: DaemonKeyClass;
}

/** Every key of daemon.json after dockerd's flattening, with what the engine version does with it. */
export const classifiedDaemonKeys = derived((snapshot: Snapshot) => {
  const cache = new Map<string, ClassifiedKey[]>();
  return (engineVersion: string): ClassifiedKey[] => {
    if (!cache.has(engineVersion)) cache.set(engineVersion, classify(snapshot, daemonKeyCatalogue(engineVersion)));
    return cache.get(engineVersion)!;
  };
});

function classify(snapshot: Snapshot, catalogue: DaemonKeyCatalogue): ClassifiedKey[] {
  const model = daemonConfigModel(snapshot);
  if (model?.state !== 'parsed') return [];
  return flattenKeys(model.entries, new Set(catalogue.flatOptions)).map((key) => ({
    ...key,
    verdict: classifyDaemonKey(catalogue, key.key, key.parent),
  }));
}

/** Go's %v of a JSON value decoded into interface{}: how dockerd prints file values in its errors. */
export function goFormat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `map[${entries.map(([k, v]) => `${k}:${goFormat(v)}`).join(' ')}]`;
  }
  if (value === null) return '<nil>';
  return String(value);
}
