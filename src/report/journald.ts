import type { Report } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';

/**
 * syslog priorities (RFC 5424 §6.2.1) that journald reads from a `<N>` line prefix, on a service's stdout
 * (SyslogLevelPrefix=, on by default) and through systemd-cat: `journalctl -p warning` then filters them.
 */
export const PRIORITY = { err: 3, warning: 4, notice: 5, info: 6 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

export const SEVERITY_PRIORITY: Record<Severity, Priority> = {
  error: PRIORITY.err,
  warning: PRIORITY.warning,
  info: PRIORITY.info,
};

/** One journal entry: the priority prefix, and the text on a single line (a newline would start an entry of its own). */
export function journalLine(priority: Priority, text: string): string {
  return `<${priority}>${text.replace(/\s*\n\s*/g, ' ')}`;
}

/** One line per finding, then a summary line at the priority of the worst finding, so `journalctl -p` can filter. */
export function renderJournald(report: Report, options: { context: string }): string {
  const lines = report.findings.map(findingLine);
  lines.push(summaryLine(report, options.context));
  return `${lines.join('\n')}\n`;
}

function findingLine(finding: Finding): string {
  const where = finding.location
    ? ` (${finding.location.file}${finding.location.line ? `:${finding.location.line}` : ''}${finding.location.column ? `:${finding.location.column}` : ''})`
    : '';
  return journalLine(
    SEVERITY_PRIORITY[finding.severity],
    `${finding.ruleId} ${finding.severity} ${finding.subject}: ${finding.message}${where} Fix: ${finding.fix.text}`,
  );
}

function summaryLine(report: Report, context: string): string {
  const { error, warning, info } = report.summary;
  const priority = error > 0 ? PRIORITY.err : warning > 0 ? PRIORITY.warning : PRIORITY.info;
  const skipped = report.skipped.length > 0 ? `, ${count(report.skipped.length, 'check')} skipped` : '';
  return journalLine(priority, `dockdoc ${context}: ${count(error, 'error')}, ${count(warning, 'warning')}, ${count(info, 'note')}${skipped}`);
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
