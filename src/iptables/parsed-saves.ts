import type { FirewallFamilyFact } from '../snapshot/schema.js';
import type { Ruleset } from './ruleset.js';

/**
 * Live rulesets the gatherer parsed while iptables-save was still printing them (src/iptables/streamed-save.ts), keyed
 * by the very fact it put in the snapshot. Each is parseRuleset's of `fact.save` in kernel mode, so hostFirewall does
 * not parse that text again. Its own module: the gatherer records here without loading the parser.
 */
const parsedWhileGathering = new WeakMap<FirewallFamilyFact, Ruleset>();

/** Records `ruleset`, parseRuleset(fact.save, {family, mode: 'kernel'}), for hostFirewall to use. */
export function rememberParsedSave(fact: FirewallFamilyFact, ruleset: Ruleset): void {
  parsedWhileGathering.set(fact, ruleset);
}

export function parsedSaveOf(fact: FirewallFamilyFact): Ruleset | undefined {
  return parsedWhileGathering.get(fact);
}
