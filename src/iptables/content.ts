import type { Ruleset } from './ruleset.js';

/** What a backend holds beyond empty tables (legacy creates empty tables on a mere listing, corpus N4). */
export interface RulesetContent {
  rules: number;
  userChains: number;
  /** Built-in chains whose policy is not ACCEPT. */
  policies: string[];
  /** Docker's own chains present, as "table/CHAIN". */
  dockerChains: string[];
}

export function rulesetContent(ruleset: Ruleset): RulesetContent {
  const content: RulesetContent = { rules: 0, userChains: 0, policies: [], dockerChains: [] };
  for (const table of ruleset.tables.values()) {
    const chains = table.chains;
    // By slot: a chain not made yet is a user chain and stays unmade (src/iptables/chain-map.ts).
    for (let slot = 0; slot < chains.slotCount; slot++) {
      if (!chains.inTable(slot)) continue;
      const chain = chains.madeAt(slot);
      const name = chains.nameAt(slot);
      content.rules += chains.ruleCountAt(slot);
      if (!chain?.builtin) content.userChains++;
      if (chain?.builtin && chain.policy !== 'ACCEPT') content.policies.push(`${table.name}/${name} ${chain.policy}`);
      if (name === 'DOCKER') content.dockerChains.push(`${table.name}/${name}`);
    }
  }
  return content;
}

export function isEmpty(content: RulesetContent): boolean {
  return content.rules === 0 && content.userChains === 0 && content.policies.length === 0;
}
