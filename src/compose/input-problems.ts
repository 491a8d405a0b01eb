import type { InputProblemSource } from '../engine/inputProblems.js';
import { composeModel } from './compose-model.js';

/** Compose projects that compose itself would refuse to load, for DD001 (file:line:col and why). */
export const composeInputProblems: InputProblemSource = (snapshot) =>
  (composeModel(snapshot)?.failures ?? []).map((failure) => ({
    file: failure.location.file,
    line: failure.location.line,
    column: failure.location.column,
    message: failure.message,
    area: 'compose' as const,
  }));
