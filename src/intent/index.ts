import { engineModelled } from '../engine/version.js';
import { derived } from '../snapshot/derive.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { DockerIntent } from './model.js';
import { dockerNetworks } from './networks.js';
import { dockerSettings } from './settings.js';

export type * from './model.js';
export { GATEWAY_MODES } from './model.js';

const cache = derived((_snapshot: Snapshot) => new Map<string, DockerIntent | null>());

/**
 * What Docker intends on this host (see {@link DockerIntent} in ./model.ts for the contract), for the engine version
 * the rules run against. Null when the snapshot has no engine (without networks and ports there is nothing to intend),
 * and for an engine older than dockdoc models (DD003): what 19.03 programs is not known, so nothing is expected of it.
 */
export function dockerIntent(snapshot: Snapshot, engineVersion: string): DockerIntent | null {
  const perVersion = cache(snapshot);
  if (!perVersion.has(engineVersion)) perVersion.set(engineVersion, build(snapshot, engineVersion));
  return perVersion.get(engineVersion) ?? null;
}

function build(snapshot: Snapshot, engineVersion: string): DockerIntent | null {
  const engine = available(snapshot.facts.engine);
  if (!engine || !engineModelled(engineVersion)) return null;
  return { engineVersion, settings: dockerSettings(snapshot, engineVersion), ...dockerNetworks(engine, engineVersion) };
}
