import type { Rule, Ruleset } from './ruleset.js';

/** Each chain's rule texts with their counts, built on first use (most chains of a big host are never asked for). */
export class RuleIndex {
  private readonly chains = new Map<string, Map<string, Map<string, number>>>();

  constructor(private readonly rulesets: readonly Ruleset[]) {}

  counts(table: string, chain: string): Map<string, number> {
    let byChain = this.chains.get(table);
    if (!byChain) {
      byChain = new Map();
      this.chains.set(table, byChain);
    }
    let counts = byChain.get(chain);
    if (!counts) {
      counts = new Map();
      for (const ruleset of this.rulesets) {
        for (const rule of ruleset.tables.get(table)?.chains.get(chain)?.rules ?? []) counts.set(rule.text, (counts.get(rule.text) ?? 0) + 1);
      }
      byChain.set(chain, counts);
    }
    return counts;
  }

  has(table: string, chain: string, text: string): boolean {
    return this.counts(table, chain).has(text);
  }
}

/**
 * Rules of `from` that `to` does not hold, compared per table and chain as multisets of canonical texts: a rule
 * written twice must be there twice, and order is ignored (Docker's order is not stable, corpus 07/09). Chains
 * `ignoreChain` names are left out whole.
 */
export function rulesMissingFrom(from: Ruleset, to: readonly Ruleset[], ignoreChain: (name: string) => boolean = () => false): Rule[] {
  const index = new RuleIndex(to);
  const missing: Rule[] = [];
  for (const table of from.tables.values()) {
    const toChains = to.map((ruleset) => ruleset.tables.get(table.name)?.chains);
    chains: for (const chain of table.chains.values()) {
      if (chain.ruleCount === 0 || ignoreChain(chain.name)) continue;
      // Most chains are identical, compared as text without reading a rule: nothing of them is missing. (Counts add up
      // over `to`, so one identical chain there is enough.)
      for (const chains of toChains) if (chain.sameRulesAs(chains?.get(chain.name))) continue chains;
      const left = new Map(index.counts(table.name, chain.name));
      for (const rule of chain.rules) {
        const count = left.get(rule.text) ?? 0;
        if (count > 0) left.set(rule.text, count - 1);
        else missing.push(rule);
      }
    }
  }
  return missing;
}

/** `-t nat -A POSTROUTING -s ...`: a rule in a form iptables accepts as a command. */
export function ruleCommand(rule: Rule): string {
  return `-t ${rule.table} -A ${rule.chain} ${rule.text}`;
}

/** First `shown` items, then "and N more": findings stay readable when thousands of rules differ. */
export function listSome(items: string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
