import DD001, { inputProblemFinding } from '../../rules/DD001.js';
import { runRules, summarise, type Report, type RunOptions } from '../engine/run.js';
import type { Finding, InputProblem } from '../engine/types.js';
import { available } from '../snapshot/fact.js';
import type { Snapshot } from '../snapshot/schema.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { isSuppressed, readSuppressions } from './suppressions.js';

export interface LintResult {
  /** What is reported and decides the exit status. */
  report: Report;
  /** Silenced by `# dockdoc-ignore` comments. */
  suppressed: Finding[];
  /** Already in the baseline. */
  baselined: Finding[];
}

/**
 * Runs the lint rules on the lint snapshot, adds DD001 findings for inputs that could not be read before any rule
 * ran (.env files, missing paths), then drops what inline comments and the baseline account for.
 */
export function runLint(snapshot: Snapshot, options: RunOptions, problems: readonly InputProblem[], baseline: Baseline | null): LintResult {
  const ruled = runRules(snapshot, options);
  const ignoredIds = new Set(options.ignore.filter((entry) => entry.subject === undefined).map((entry) => entry.rule));
  const early: Finding[] = ignoredIds.has(DD001.id)
    ? []
    : problems.map((problem) => inputProblemFinding(problem, 'compose', options.severityOverrides[DD001.id]));
  const compose = available(snapshot.facts.compose);
  const suppressions = compose ? readSuppressions(compose) : new Map();
  const all = [...early, ...ruled.findings];
  const suppressed = all.filter((finding) => isSuppressed(finding, suppressions));
  const kept = all.filter((finding) => !isSuppressed(finding, suppressions));
  const { fresh, known } = baseline ? applyBaseline(kept, baseline) : { fresh: kept, known: [] };
  return { report: { findings: fresh, skipped: ruled.skipped, summary: summarise(fresh) }, suppressed, baselined: known };
}
