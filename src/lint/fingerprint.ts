import { createHash } from 'node:crypto';
import type { Finding } from '../engine/types.js';

/**
 * A finding's identity across runs: rule, file, subject and message, but not its line, so a baseline and SARIF
 * alerts survive edits that only move the offending value. Compose rules keep line numbers out of messages
 * (they go in evidence) for this reason.
 */
export function findingFingerprint(finding: Finding): string {
  const parts = [finding.ruleId, finding.location?.file ?? '', finding.subject, finding.message];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}
