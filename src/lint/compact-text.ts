import type { Report } from '../engine/run.js';
import type { Finding } from '../engine/types.js';

export interface CompactTextOptions {
  verbose: boolean;
  /** Findings left out by inline `# dockdoc-ignore` comments and by the baseline, for the summary line. */
  suppressed: number;
  baselined: number;
}

/** One line per finding, `file:line:col  severity  DDxxx  message`, as compilers print, for CI logs and editors. */
export function renderCompactText(report: Report, options: CompactTextOptions): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${where(finding)}  ${finding.severity}  ${finding.ruleId}  ${finding.message}`);
    if (options.verbose) lines.push(`    fix: ${finding.fix.text}`);
  }
  if (options.verbose) for (const skipped of report.skipped) lines.push(`-  skipped  ${skipped.ruleId}  ${skipped.reason}`);
  const { error, warning, info } = report.summary;
  const left = [
    options.suppressed > 0 ? `${options.suppressed} suppressed inline` : '',
    options.baselined > 0 ? `${options.baselined} in the baseline` : '',
  ].filter(Boolean);
  lines.push(`${error} error(s), ${warning} warning(s), ${info} note(s)${left.length > 0 ? `; ${left.join(', ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

function where(finding: Finding): string {
  const location = finding.location;
  if (!location) return '-';
  return `${location.file}${location.line ? `:${location.line}${location.column ? `:${location.column}` : ''}` : ''}`;
}
