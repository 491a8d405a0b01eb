import type { Report } from '../engine/run.js';
import { AREAS, SEVERITIES, type RuleMeta } from '../engine/types.js';
import { areaOfFinding, areaOfSkipped } from './area.js';

export interface PrometheusOptions {
  rules: readonly RuleMeta[];
  /** False when dockdoc could not read its input (an unreadable snapshot): the findings then say why, nothing more. */
  success: boolean;
  /** When the run finished. */
  finishedAt: Date;
}

interface Sample {
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile collector reads it.
 * Area gauges are written for every area and severity, zeros included, so alert rules always have a series to compare;
 * dockdoc_findings has a series only for rules that found something, so an alert on it resolves when the finding goes.
 */
export function renderPrometheus(report: Report, options: PrometheusOptions): string {
  const rulesById = new Map(options.rules.map((r) => [r.id, r]));
  const findingCounts = new Map<string, Sample>();
  for (const finding of report.findings) {
    const key = `${finding.ruleId}\u0000${finding.severity}`;
    const sample = findingCounts.get(key) ?? { labels: { rule: finding.ruleId, severity: finding.severity }, value: 0 };
    sample.value++;
    findingCounts.set(key, sample);
  }
  const areaFindings = AREAS.flatMap((area) =>
    SEVERITIES.map((severity) => ({
      labels: { area, severity },
      value: report.findings.filter((f) => f.severity === severity && areaOfFinding(f, rulesById) === area).length,
    })),
  );
  const areaSkipped = AREAS.map((area) => ({
    labels: { area },
    value: report.skipped.filter((s) => areaOfSkipped(s, rulesById) === area).length,
  }));
  return [
    family('dockdoc_check_success', 'Whether the last dockdoc run read its input and ran its rules (1) or could not (0).', [
      { labels: {}, value: options.success ? 1 : 0 },
    ]),
    family('dockdoc_last_run_timestamp_seconds', 'When the last dockdoc run finished, in seconds since the Unix epoch.', [
      { labels: {}, value: options.finishedAt.getTime() / 1000 },
    ]),
    family(
      'dockdoc_findings',
      'Findings of the last dockdoc run by rule and severity; a rule that found nothing has no series.',
      [...findingCounts.values()].sort((a, b) => a.labels['rule']!.localeCompare(b.labels['rule']!) || a.labels['severity']!.localeCompare(b.labels['severity']!)),
    ),
    family('dockdoc_area_findings', 'Findings of the last dockdoc run by area (daemon, pools, compose, firewall, engine) and severity.', areaFindings),
    family('dockdoc_area_skipped_rules', 'Rules of each area the last dockdoc run skipped because a fact they need could not be gathered.', areaSkipped),
  ].join('');
}

function family(name: string, help: string, samples: readonly Sample[]): string {
  const lines = [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} gauge`];
  for (const sample of samples) lines.push(`${name}${labelSet(sample.labels)} ${sample.value}`);
  return `${lines.join('\n')}\n`;
}

function labelSet(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** Label values escape backslash, double quote and line feed; nothing else. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed only. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
