import type { Finding } from '../engine/types.js';
import { findingFingerprint } from './fingerprint.js';

/**
 * A baseline: the findings a repository had when it adopted the lint, so CI fails only on new ones.
 * Entries carry rule, file, subject and message for people reading the file; matching uses the fingerprint.
 */
export interface Baseline {
  schemaVersion: 1;
  tool: 'dockdoc';
  findings: { fingerprint: string; ruleId: string; file: string | null; subject: string; message: string }[];
}

export class BaselineError extends Error {}

export function createBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings.map((finding) => ({
    fingerprint: findingFingerprint(finding),
    ruleId: finding.ruleId,
    file: finding.location?.file ?? null,
    subject: finding.subject,
    message: finding.message,
  }));
  entries.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return { schemaVersion: 1, tool: 'dockdoc', findings: entries };
}

export function renderBaseline(baseline: Baseline): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

export function parseBaseline(file: string, text: string): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${file}: not JSON: ${(error as Error).message}`);
  }
  const candidate = value as Partial<Baseline> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    candidate.schemaVersion !== 1 ||
    !Array.isArray(candidate.findings) ||
    !candidate.findings.every((entry) => typeof entry?.fingerprint === 'string')
  ) {
    throw new BaselineError(`${file}: not a dockdoc baseline (write one with dockdoc lint --write-baseline ${file})`);
  }
  return candidate as Baseline;
}

/** Splits findings into the new ones and those already in the baseline. */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): { fresh: Finding[]; known: Finding[] } {
  const fingerprints = new Set(baseline.findings.map((entry) => entry.fingerprint));
  const fresh: Finding[] = [];
  const known: Finding[] = [];
  for (const finding of findings) (fingerprints.has(findingFingerprint(finding)) ? known : fresh).push(finding);
  return { fresh, known };
}
