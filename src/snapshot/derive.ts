import type { Snapshot } from './schema.js';

/**
 * Memoises a pure derivation of a snapshot (parsed daemon.json, parsed rulesets, pool model),
 * so rules share one parse per snapshot instead of each parsing the raw text again.
 */
export function derived<T>(compute: (snapshot: Snapshot) => T): (snapshot: Snapshot) => T {
  const cache = new WeakMap<Snapshot, T>();
  return (snapshot) => {
    if (!cache.has(snapshot)) cache.set(snapshot, compute(snapshot));
    return cache.get(snapshot) as T;
  };
}
