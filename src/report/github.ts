import type { Report } from '../engine/run.js';
import type { Severity } from '../engine/types.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff. */
export function renderGithubAnnotations(report: Report): string {
  const lines = report.findings.map((finding) => {
    const properties: string[] = [];
    if (finding.location) {
      properties.push(`file=${escapeProperty(finding.location.file)}`);
      if (finding.location.line) properties.push(`line=${finding.location.line}`);
      if (finding.location.column) properties.push(`col=${finding.location.column}`);
    }
    properties.push(`title=${escapeProperty(`${finding.ruleId} ${finding.title}`)}`);
    return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(`${finding.message}\nFix: ${finding.fix.text}`)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** The escaping of GitHub's toolkit (command.ts): %, CR and LF in data; also : and , in properties. */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
