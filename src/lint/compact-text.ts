import type { Report } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import { counted } from '../text/plural.js';

export interface CompactTextOptions {
  verbose: boolean;
  /** Findings left out by inline `# dockdoc-ignore` comments and by the baseline, for the summary line. */
  suppressed: number;
  baselined: number;
}

/**
 * One line per finding, `file:line:col  severity  DDxxx  message`, as compilers print, for CI logs and editors,
 * in file and line order (as an editor walks them), each followed by its fix; -v adds the skipped checks.
 */
export function renderCompactText(report: Report, options: CompactTextOptions): string {
  const lines: string[] = [];
  for (const finding of [...report.findings].sort(byPlace)) {
    lines.push(`${where(finding)}  ${finding.severity}  ${finding.ruleId}  ${finding.message}`);
    lines.push(`    fix: ${finding.fix.text}`);
    for (const command of finding.fix.commands ?? []) lines.push(`      $ ${command}`);
  }
  if (options.verbose) for (const skipped of report.skipped) lines.push(`-  skipped  ${skipped.ruleId}  ${skipped.reason}`);
  const { error, warning, info } = report.summary;
  const left = [
    options.suppressed > 0 ? `${options.suppressed} suppressed inline` : '',
    options.baselined > 0 ? `${options.baselined} in the baseline` : '',
    report.skipped.length > 0 ? `${counted(report.skipped.length, 'check')} skipped${options.verbose ? '' : ' (-v lists them)'}` : '',
  ].filter(Boolean);
  lines.push(`${counted(error, 'error')}, ${counted(warning, 'warning')}, ${counted(info, 'note')}${left.length > 0 ? `; ${left.join(', ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** Findings without a file first (they concern the whole run), then by file, line and column; ties keep severity order. */
function byPlace(a: Finding, b: Finding): number {
  const fileA = a.location?.file ?? '';
  const fileB = b.location?.file ?? '';
  if (fileA !== fileB) return fileA < fileB ? -1 : 1;
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
}

function where(finding: Finding): string {
  const location = finding.location;
  if (!location) return '-';
  return `${location.file}${location.line ? `:${location.line}${location.column ? `:${location.column}` : ''}` : ''}`;
}
