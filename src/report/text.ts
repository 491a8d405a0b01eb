import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../engine/run.js';
import { AREAS, type Area, type Finding, type RuleMeta, type Severity } from '../engine/types.js';
import { AREA_TITLES, areaOfFinding, areaOfSkipped, areaStatus } from './area.js';
import { counted } from '../text/plural.js';

export interface TextOptions {
  color: boolean;
  verbose: boolean;
  /** First line: what was checked (host, engine, snapshot). */
  heading: string;
  rules: readonly RuleMeta[];
}

/** A flutter-doctor style report: one line per area with ✓ / ! / ✗, then each finding with its why and fix. */
export function renderText(report: Report, options: TextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const rulesById = new Map(options.rules.map((r) => [r.id, r]));
  const lines: string[] = [c.bold(options.heading), ''];
  for (const area of AREAS) {
    const areaRules = options.rules.filter((r) => r.area === area);
    const findings = report.findings.filter((f) => areaOfFinding(f, rulesById) === area);
    const skipped = report.skipped.filter((s) => areaOfSkipped(s, rulesById) === area);
    if (areaRules.length === 0 && findings.length === 0) continue;
    lines.push(areaLine(c, area, findings, skipped.length, areaRules.length));
    for (const finding of findings) lines.push(...findingLines(c, finding, options.verbose));
    if (options.verbose) for (const s of skipped) lines.push(`    ${c.dim(`- ${s.ruleId} skipped: ${s.reason}`)}`);
  }
  lines.push('', summaryLine(c, report, options.verbose, options.rules.length));
  return `${lines.join('\n')}\n`;
}

/**
 * The report when nothing could be checked (a --snapshot that cannot be read): the reason, and no area line, since
 * every ✓ would claim a check that never ran.
 */
export function renderNothingChecked(report: Report, options: Pick<TextOptions, 'color' | 'verbose' | 'heading'>): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines = [c.bold(options.heading), ''];
  for (const finding of report.findings) lines.push(...findingLines(c, finding, options.verbose));
  lines.push('', c.red(`Nothing was checked: ${counted(report.skipped.length, 'check')} skipped, because the input could not be read.`));
  return `${lines.join('\n')}\n`;
}

function areaLine(c: ChalkInstance, area: Area, findings: Finding[], skipped: number, ruleCount: number): string {
  const { mark, text } = areaStatus(findings, skipped, ruleCount);
  const painted = mark === '✗' ? c.red('[✗]') : mark === '!' ? c.yellow('[!]') : c.green('[✓]');
  return `${painted} ${c.bold(AREA_TITLES[area])}: ${text}`;
}

const SEVERITY_MARK: Record<Severity, (c: ChalkInstance) => string> = {
  error: (c) => c.red('✗'),
  warning: (c) => c.yellow('!'),
  info: (c) => c.blue('•'),
};

function findingLines(c: ChalkInstance, finding: Finding, verbose: boolean): string[] {
  const where = finding.location
    ? `${finding.location.file}${finding.location.line ? `:${finding.location.line}${finding.location.column ? `:${finding.location.column}` : ''}` : ''}  `
    : '';
  const lines = [
    `    ${SEVERITY_MARK[finding.severity](c)} ${c.bold(finding.ruleId)} ${finding.title}`,
    `      ${where}${finding.message}`,
    `      ${c.green('fix:')} ${finding.fix.text}`,
  ];
  for (const command of finding.fix.commands ?? []) lines.push(`        ${c.cyan(`$ ${command}`)}`);
  if (verbose && Object.keys(finding.evidence).length > 0) lines.push(`      ${c.dim(`evidence: ${JSON.stringify(finding.evidence)}`)}`);
  return lines;
}

function summaryLine(c: ChalkInstance, report: Report, verbose: boolean, ruleCount: number): string {
  const { error, warning, info } = report.summary;
  const counts = `${counted(error, 'error')}, ${counted(warning, 'warning')}, ${counted(info, 'note')}`;
  // A partial run must not read as a clean one: how many of how many checks did not run, in the last line.
  const skipped =
    report.skipped.length > 0
      ? `; ${report.skipped.length} of ${ruleCount} checks skipped, so this is not an all-clear${verbose ? '' : ' (-v lists them)'}`
      : '';
  const paint = error > 0 ? c.red : warning > 0 || report.skipped.length > 0 ? c.yellow : c.green;
  return paint(`Summary: ${counts}${skipped}`);
}

