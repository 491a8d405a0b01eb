import { readFileSync } from 'node:fs';
import { isInputProblem } from '../../src/snapshot/io.js';
import { parseSnapshot } from '../../src/snapshot/parse.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

/** A host snapshot from fixtures/hosts/ (built from real captures by scripts/build-host-fixtures.mjs). */
export function hostFixture(name: string): Snapshot {
  const path = new URL(`../../fixtures/hosts/${name}/snapshot.json`, import.meta.url);
  const loaded = parseSnapshot(path.pathname, readFileSync(path, 'utf8'));
  if (isInputProblem(loaded)) throw new Error(loaded.message);
  return loaded;
}

/** The same snapshot with a different daemon.json. */
export function withDaemonJson(snapshot: Snapshot, text: string | null, path = '/etc/docker/daemon.json'): Snapshot {
  return {
    ...snapshot,
    facts: { ...snapshot.facts, daemonConfig: text === null ? { path, present: false } : { path, present: true, text } },
  };
}
