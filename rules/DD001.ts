import { inputProblems, type InputProblemSource } from '../src/engine/inputProblems.js';
import type { Area, InputProblem, Rule, RuleResult } from '../src/engine/types.js';

/** Parsers whose problems DD001 reports; each owner registers its file type here. */
const SOURCES: readonly InputProblemSource[] = [];

/** The finding for a file that cannot be read or parsed; also used by the CLI for files named on the command line. */
export function inputProblemResult(problem: InputProblem, area: Area): RuleResult {
  const position = problem.line ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}` : '';
  return {
    subject: `file:${problem.file}`,
    ...(problem.line ? { location: { file: problem.file, line: problem.line, ...(problem.column ? { column: problem.column } : {}) } } : { location: { file: problem.file } }),
    message: `${problem.file}${position}: ${problem.message}`,
    evidence: { file: problem.file, area, ...(problem.line ? { line: problem.line } : {}), ...(problem.column ? { column: problem.column } : {}) },
    fix: { text: `Correct ${problem.file}${position ? ` at line ${problem.line}` : ''} and run dockdoc again.` },
  };
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
