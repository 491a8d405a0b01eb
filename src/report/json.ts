import type { Report } from '../engine/run.js';
import { TOOL_VERSION } from '../version.js';

/** The JSON contract (README "JSON output"), schemaVersion 1: nothing more, nothing less. */
export function renderJson(report: Report): string {
  const document = {
    schemaVersion: 1,
    tool: { name: 'dockdoc', version: TOOL_VERSION },
    findings: report.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      title: f.title,
      message: f.message,
      subject: f.subject,
      ...(f.location ? { location: f.location } : {}),
      evidence: f.evidence,
      fix: f.fix,
    })),
    skipped: report.skipped,
    summary: report.summary,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
