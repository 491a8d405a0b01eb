import { RuleIndex } from '../compare.js';
import type { Ruleset } from '../ruleset.js';
import type { DockerExpectation, ExpectedChain, ExpectedRule } from './expected.js';

/** What of Docker's expected state one family's live ruleset lacks. Order is not compared (it is not stable). */
export interface DockerDrift {
  family: 4 | 6;
  missingChains: ExpectedChain[];
  missingRules: ExpectedRule[];
  expectedRules: number;
}

export function ruleKey(table: string, chain: string, text: string): string {
  return `${table}\u0000${chain}\u0000${text}`;
}

export function dockerDrift(expectation: DockerExpectation, family: 4 | 6, live: Ruleset): DockerDrift {
  const missingChains = expectation.chains.filter(
    (c) => c.family === family && !live.tables.get(c.table)?.chains.has(c.chain),
  );
  const index = new RuleIndex([live]);
  const expected = expectation.rules.filter((r) => r.family === family);
  const missingRules = expected.filter((r) => !index.has(r.table, r.chain, r.text));
  return { family, missingChains, missingRules, expectedRules: expected.length };
}
