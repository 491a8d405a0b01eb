import { composeInputProblems } from '../src/compose/input-problems.js';
import { savedRulesInputProblems } from '../src/iptables/input-problems.js';
import { inputProblems, type InputProblemSource } from '../src/engine/inputProblems.js';
import { toFinding } from '../src/engine/run.js';
import { SEVERITIES, type Area, type Finding, type InputProblem, type Rule, type RuleResult, type Severity } from '../src/engine/types.js';

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

/**
 * Problems shown per file: a binary or wrong file named as saved rules (`--saved-rules /bin/ls`) has a problem on
 * nearly every line, and hundreds of findings bury the one that says "this is not a rules file".
 */
export const MAX_PROBLEMS_PER_FILE = 10;

type FileProblem = InputProblem & { area: Area };

function capPerFile(problems: FileProblem[]): { shown: FileProblem[]; hidden: FileProblem[]; area: Area }[] {
  const byFile = new Map<string, FileProblem[]>();
  for (const problem of problems) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem]);
  return [...byFile.values()].map((all) => ({ shown: all.slice(0, MAX_PROBLEMS_PER_FILE), hidden: all.slice(MAX_PROBLEMS_PER_FILE), area: all[0]!.area }));
}

/** One finding for the problems not shown, as severe as the most severe of them (no severity: the rule's, error). */
function moreProblemsResult(file: string, hidden: FileProblem[], area: Area): RuleResult {
  const more = hidden.length;
  const severities = hidden.map((problem) => problem.severity ?? rule.severity);
  const severity = SEVERITIES.find((s) => severities.includes(s))!;
  return {
    ...(severity !== rule.severity ? { severity } : {}),
    subject: `file:${file}`,
    location: { file },
    message: `${more} more ${more === 1 ? 'problem' : 'problems'} in ${file} not shown (the first ${MAX_PROBLEMS_PER_FILE} are): is this the file you meant?`,
    evidence: { file, notShown: more, area },
    fix: { text: `Check that ${file} is the file meant, correct the problems shown and run dockdoc again to see the rest.` },
  };
}

const rule: Rule = {
  id: 'DD001',
  title: 'An input file cannot be read or parsed',
  severity: 'error',
  area: 'engine',
  needs: [],
  versionIndependent: true,
  summary: 'An input file (compose, saved rules, snapshot) cannot be read or parsed; says file:line:col and why.',
  check(snapshot) {
    return capPerFile(inputProblems(snapshot, SOURCES)).flatMap(({ shown, hidden, area }) => [
      ...shown.map((problem) => inputProblemResult(problem, problem.area)),
      ...(hidden.length > 0 ? [moreProblemsResult(shown[0]!.file, hidden, area)] : []),
    ]);
  },
};

export default rule;
