import { ALL_RULES } from '../../rules/index.js';
import type { Checked } from './values.js';

// Apart from the other values (src/config/values.ts): checking an ID needs the whole rule catalogue, which a command
// that runs no rule (`dockdoc pools`) should not load.
const RULE_IDS = new Set(ALL_RULES.map((rule) => rule.id));

/** A rule ID in any case (`dd002`, `DD002`), as the catalogue spells it; any catalogue ID, also one a command does not run. */
export function ruleIdValue(text: string): Checked<string> {
  const id = text.trim().toUpperCase();
  if (!/^DD\d{3}$/.test(id)) return { problem: `"${text}" is not a rule ID (DD followed by three digits, e.g. DD402)` };
  if (!RULE_IDS.has(id)) return { problem: `unknown rule ${id} (dockdoc rules lists them)` };
  return { value: id };
}
