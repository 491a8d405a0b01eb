import type { Area, Finding, RuleMeta, Severity, SkippedRule } from '../engine/types.js';
import { AREAS } from '../engine/types.js';
import { counted } from '../text/plural.js';

/** The area a finding belongs to: its rule's, except DD0xx findings, which name the area of the fact or file they concern. */
export function areaOfFinding(finding: Finding, rules: ReadonlyMap<string, RuleMeta>): Area {
  const named = finding.evidence['area'];
  if (typeof named === 'string' && (AREAS as readonly string[]).includes(named)) return named as Area;
  return rules.get(finding.ruleId)?.area ?? 'engine';
}

export function areaOfSkipped(skipped: SkippedRule, rules: ReadonlyMap<string, RuleMeta>): Area {
  return rules.get(skipped.ruleId)?.area ?? 'engine';
}

export const AREA_TITLES: Record<Area, string> = {
  daemon: 'daemon.json and dockerd flags',
  pools: 'address pools',
  compose: 'compose networks',
  firewall: 'firewall',
  engine: 'engine',
};

export interface AreaStatus {
  /**
   * ✗ an error; ! a warning, a skipped check or a fact of the area that could not be gathered (DD002: never ✓ beside
   * "could not gather"); ✓ otherwise.
   */
  mark: '✗' | '!' | '✓';
  /** "1 error, 2 warnings (1 of 8 checks skipped)". */
  text: string;
}

export function areaStatus(findings: readonly Finding[], skipped: number, ruleCount: number): AreaStatus {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const gatherGap = findings.some((f) => f.ruleId === 'DD002');
  const mark = count('error') > 0 ? '✗' : count('warning') > 0 || skipped > 0 || gatherGap ? '!' : '✓';
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), plural(count('info'), 'note')].filter(Boolean);
  const status = parts.length > 0 ? parts.join(', ') : 'no problems found';
  const skippedText = skipped > 0 ? ` (${skipped} of ${ruleCount} checks skipped)` : '';
  return { mark, text: `${status}${skippedText}` };
}

/** A count for the area lines, where a zero says nothing ("1 error, 2 notes"). */
export function plural(n: number, word: string): string {
  return n === 0 ? '' : counted(n, word);
}
