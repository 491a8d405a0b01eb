import { derived } from '../snapshot/derive.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import type { ComposeLoadFailure, ComposeNetwork, ComposeProject } from './model.js';
import { isLoadFailure, loadComposeProject } from './project.js';

export interface ComposeModel {
  projects: ComposeProject[];
  /** Projects compose would refuse to load (DD001); their networks are unknown. */
  failures: ComposeLoadFailure[];
}

/** Every compose project of the snapshot, loaded once and shared by the compose rules. Null without the fact. */
export const composeModel = derived((snapshot: Snapshot): ComposeModel | null => {
  const fact = available(snapshot.facts.compose);
  if (!fact) return null;
  const model: ComposeModel = { projects: [], failures: [] };
  for (const input of fact.projects) {
    const result = loadComposeProject(input);
    if (isLoadFailure(result)) model.failures.push(result);
    else model.projects.push(result);
  }
  return model;
});

/** The networks compose creates (external ones already exist and are only referenced). */
export function createdNetworks(model: ComposeModel): ComposeNetwork[] {
  return model.projects.flatMap((project) => project.networks.filter((network) => !network.external));
}
