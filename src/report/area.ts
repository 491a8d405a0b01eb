import type { Area, Finding, RuleMeta, SkippedRule } from '../engine/types.js';
import { AREAS } from '../engine/types.js';

/** The area a finding belongs to: its rule's, except DD0xx findings, which name the area of the fact or file they concern. */
export function areaOfFinding(finding: Finding, rules: ReadonlyMap<string, RuleMeta>): Area {
  const named = finding.evidence['area'];
  if (typeof named === 'string' && (AREAS as readonly string[]).includes(named)) return named as Area;
  return rules.get(finding.ruleId)?.area ?? 'engine';
}

export function areaOfSkipped(skipped: SkippedRule, rules: ReadonlyMap<string, RuleMeta>): Area {
  return rules.get(skipped.ruleId)?.area ?? 'engine';
}
