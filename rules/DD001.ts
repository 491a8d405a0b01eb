import { composeInputProblems } from '../src/compose/input-problems.js';
import { savedRulesInputProblems } from '../src/iptables/input-problems.js';
import { inputProblems, type InputProblemSource } from '../src/engine/inputProblems.js';
import { toFinding } from '../src/engine/run.js';
import type { Area, Finding, InputProblem, Rule, RuleResult, Severity } from '../src/engine/types.js';

/** Parsers whose problems DD001 reports; each owner registers its file type here. */
const SOURCES: readonly InputProblemSource[] = [composeInputProblems, savedRulesInputProblems];

/** The finding for a file that cannot be read or parsed. */
function inputProblemResult(problem: InputProblem, area: Area): RuleResult {
  const location = { file: problem.file, ...(problem.line ? { line: problem.line } : {}), ...(problem.column ? { column: problem.column } : {}) };
  return {
    subject: `file:${problem.file}`,
    location,
    message: problem.message,
    evidence: { ...location, area },
    fix: { text: `Correct ${problem.file}${problem.line ? ` at line ${problem.line}` : ''} and run dockdoc again.` },
    ...(problem.severity ? { severity: problem.severity } : {}),
  };
}

/** A finding for a file the command could not read before any rule ran (a snapshot, a .env file, a missing path). */
export function inputProblemFinding(problem: InputProblem, area: Area, severityOverride?: Severity): Finding {
  return toFinding(rule, inputProblemResult(problem, area), severityOverride);
}

const rule: Rule = {
  id: 'DD001',
  title: 'An input file cannot be read or parsed',
  severity: 'error',
  area: 'engine',
  needs: [],
  summary: 'An input file (compose, saved rules, snapshot) cannot be read or parsed; says file:line:col and why.',
  check(snapshot) {
    return inputProblems(snapshot, SOURCES).map((problem) => inputProblemResult(problem, problem.area));
  },
};

export default rule;
