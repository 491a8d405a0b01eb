import { SEVERITIES, type Severity } from '../engine/types.js';
import { parseEngineRelease } from '../engine/version.js';
import { TIMEOUT_RANGE_MS } from '../gather/options.js';

/**
 * Validation shared by the command line and `.dockdoc.yml`: the same value gets the same answer and the same words
 * wherever it is written. Callers add where it was written (`--ignore: …`, `file:line:col: …`).
 */
export type Checked<T> = { value: T } | { problem: string };

export function severityValue(text: string): Checked<Severity> {
  const severity = text.trim().toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(severity)) return { problem: `severity must be error, warning or info, not "${text}"` };
  return { value: severity as Severity };
}

export const ENGINE_VERSION_FORMS = 'a release such as 27.3.1, 27.3 or v28.5.2 (package suffixes like 20.10.24+dfsg1 are accepted)';

/** The version as dockdoc reasons about it (MAJOR.MINOR.PATCH); the rest of what was written is dropped. */
export function engineVersionValue(text: string): Checked<string> {
  const release = parseEngineRelease(text);
  if (release === null) return { problem: `"${text}" is not an engine version: expected ${ENGINE_VERSION_FORMS}` };
  return { value: release };
}

export function timeoutValue(text: string): Checked<number> {
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || ms < TIMEOUT_RANGE_MS.min || ms > TIMEOUT_RANGE_MS.max) {
    return { problem: `must be a whole number of milliseconds from ${TIMEOUT_RANGE_MS.min} to ${TIMEOUT_RANGE_MS.max}, not "${text}"` };
  }
  return { value: ms };
}
