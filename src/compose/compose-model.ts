import { derived } from '../snapshot/derive.js';
import { available } from '../snapshot/fact.js';
import type { ComposeProjectInput, Snapshot } from '../snapshot/schema.js';
import type { ComposeLoadFailure, ComposeNetwork, ComposeProject } from './model.js';
import { isLoadFailure, loadComposeProject, type LoadedProject } from './project.js';

export interface ComposeModel {
  projects: ComposeProject[];
  /** Projects compose would refuse to load (DD001); their networks are unknown. */
  failures: ComposeLoadFailure[];
}

/**
 * Projects the gatherer already loaded (it loads each one to find what its includes and extends name), keyed by the
 * very input object it put in the snapshot: the load is the same one loadComposeProject does, so it is not repeated.
 */
const loadedWhileGathering = new WeakMap<ComposeProjectInput, LoadedProject>();

/** Records the load of `input` the gatherer made (loadComposeProject(input)), for composeModel to use. */
export function rememberLoadedProject(input: ComposeProjectInput, loaded: LoadedProject): void {
  loadedWhileGathering.set(input, loaded);
}

/** Every compose project of the snapshot, loaded once and shared by the compose rules. Null without the fact. */
export const composeModel = derived((snapshot: Snapshot): ComposeModel | null => {
  const fact = available(snapshot.facts.compose);
  if (!fact) return null;
  const model: ComposeModel = { projects: [], failures: [] };
  for (const input of fact.projects) {
    const result = loadedWhileGathering.get(input) ?? loadComposeProject(input);
    if (isLoadFailure(result)) model.failures.push(result);
    else model.projects.push(result);
  }
  return model;
});

/** The networks compose creates (external ones already exist and are only referenced). */
export function createdNetworks(model: ComposeModel): ComposeNetwork[] {
  return model.projects.flatMap((project) => project.networks.filter((network) => !network.external));
}
