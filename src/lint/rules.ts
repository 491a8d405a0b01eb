import type { Rule } from '../engine/types.js';

/** Rules outside the compose area that lint needs: unreadable inputs, skipped checks (facts, engine versions not modelled), public ranges. */
const ALSO_IN_LINT = new Set(['DD001', 'DD002', 'DD003', 'DD205']);

/** The rules `dockdoc lint` runs: the compose rules and those that report on lint's own inputs. */
export function lintRules(all: readonly Rule[]): Rule[] {
  return all.filter((rule) => rule.area === 'compose' || ALSO_IN_LINT.has(rule.id));
}
