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
    for (const chain of table.chains.values()) {
      content.rules += chain.ruleCount;
      if (!chain.builtin) content.userChains++;
      if (chain.builtin && chain.policy !== 'ACCEPT') content.policies.push(`${table.name}/${chain.name} ${chain.policy}`);
      if (chain.name === 'DOCKER') content.dockerChains.push(`${table.name}/${chain.name}`);
    }
  }
  return content;
}

export function isEmpty(content: RulesetContent): boolean {
  return content.rules === 0 && content.userChains === 0 && content.policies.length === 0;
}
