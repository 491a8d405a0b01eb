import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../engine/run.js';
import { AREAS, type Area, type Finding, type RuleMeta, type Severity } from '../engine/types.js';
import { areaOfFinding, areaOfSkipped } from './area.js';

export interface TextOptions {
  color: boolean;
  verbose: boolean;
  /** First line: what was checked (host, engine, snapshot). */
  heading: string;
  rules: readonly RuleMeta[];
}

const AREA_TITLES: Record<Area, string> = {
  daemon: 'daemon.json and dockerd flags',
  pools: 'address pools',
  compose: 'compose networks',
  firewall: 'firewall',
  engine: 'engine',
};

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
  lines.push('', summaryLine(c, report, options.verbose));
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
  lines.push('', c.red(`Nothing was checked: ${plural(report.skipped.length, 'check')} skipped, because the input could not be read.`));
  return `${lines.join('\n')}\n`;
}

function areaLine(c: ChalkInstance, area: Area, findings: Finding[], skipped: number, ruleCount: number): string {
  const count = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
  const mark = count('error') > 0 ? c.red('[✗]') : count('warning') > 0 || skipped > 0 ? c.yellow('[!]') : c.green('[✓]');
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), plural(count('info'), 'note')].filter(Boolean);
  const status = parts.length > 0 ? parts.join(', ') : 'no problems found';
  const skippedText = skipped > 0 ? ` (${skipped} of ${ruleCount} checks skipped)` : '';
  return `${mark} ${c.bold(AREA_TITLES[area])}: ${status}${skippedText}`;
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

function summaryLine(c: ChalkInstance, report: Report, verbose: boolean): string {
  const { error, warning, info } = report.summary;
  const counts = `${plural(error, 'error') || '0 errors'}, ${plural(warning, 'warning') || '0 warnings'}, ${plural(info, 'note') || '0 notes'}`;
  const skipped = report.skipped.length > 0 ? `; ${plural(report.skipped.length, 'check')} skipped${verbose ? '' : ' (-v lists them)'}` : '';
  const paint = error > 0 ? c.red : warning > 0 ? c.yellow : c.green;
  return paint(`Summary: ${counts}${skipped}`);
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`;
}
