import type { Report } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { TOOL_VERSION } from '../version.js';

/** The JSON contract (README "JSON output"), schemaVersion 1: nothing more, nothing less. */
export function renderJson(report: Report): string {
  const document = {
    schemaVersion: 1,
    tool: { name: 'dockdoc', version: TOOL_VERSION },
    findings: report.findings.map(jsonFinding),
    skipped: report.skipped,
    summary: report.summary,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** A finding in the JSON contract, also each host's findings in `fleet --format json`. */
export function jsonFinding(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    title: f.title,
    message: f.message,
    subject: f.subject,
    ...(f.location ? { location: f.location } : {}),
    evidence: f.evidence,
    fix: f.fix,
  };
}
