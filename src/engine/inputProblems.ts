import type { Snapshot } from '../snapshot/schema.js';
import type { Area, InputProblem } from './types.js';

/** A parser of snapshot-carried files that reports the files it could not parse (saved rules, compose). */
export type InputProblemSource = (snapshot: Snapshot) => (InputProblem & { area: Area })[];

/** Every parse problem in the snapshot's files, from each parser that reads them. */
export function inputProblems(snapshot: Snapshot, sources: readonly InputProblemSource[]): (InputProblem & { area: Area })[] {
  return sources.flatMap((source) => source(snapshot));
}
