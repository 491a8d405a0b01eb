import { inputProblemFinding } from '../../rules/DD001.js';
import { isInputProblem } from '../snapshot/io.js';
import type { Snapshot } from '../snapshot/schema.js';
import { runRules, summarise, type Report, type RunOptions } from './run.js';
import type { InputProblem } from './types.js';

/**
 * The report on a snapshot file as loaded: its findings, or, when it could not be read, DD001 at the file and every
 * other rule skipped, since nothing about the host was checked (`check --snapshot` and `fleet` say the same).
 */
export function reportOnLoaded(loaded: Snapshot | InputProblem, file: string, options: RunOptions): { report: Report; read: boolean } {
  if (!isInputProblem(loaded)) return { report: runRules(loaded, options), read: true };
  const findings = [inputProblemFinding(loaded, 'engine', options.severityOverrides['DD001'])];
  const skipped = options.rules.filter((rule) => rule.id !== 'DD001').map((rule) => ({ ruleId: rule.id, reason: `snapshot ${file} could not be read` }));
  return { report: { findings, skipped, summary: summarise(findings) }, read: false };
}
