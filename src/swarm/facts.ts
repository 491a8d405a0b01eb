import type { FactName, Snapshot } from '../snapshot/schema.js';
import { available } from '../snapshot/fact.js';

/**
 * The facts a swarm rule needs on this host: `swarm` only where the engine says the node is an active swarm member,
 * so a host outside any swarm (or an older snapshot of one) is not reported as missing swarm facts, while an older
 * snapshot of a swarm node is (DD002), rather than passing unchecked.
 */
export function swarmFactsNeeded(snapshot: Snapshot): FactName[] {
  return available(snapshot.facts.engine)?.swarm.state === 'active' ? ['swarm'] : [];
}
