import { available, isUnavailable } from '../snapshot/fact.js';
import type { FactName, Snapshot } from '../snapshot/schema.js';
import type { Finding, Rule, RuleContext, RuleMeta, RuleResult, RuleSettings, Severity, SkippedRule } from './types.js';
import { engineModelled, NEWEST_KNOWN_ENGINE, OLDEST_MODELLED_ENGINE } from './version.js';

export interface IgnoreEntry {
  rule: string;
  /** Only findings about this subject; `*` matches any run of characters. */
  subject?: string;
}

export interface RunOptions {
  rules: readonly Rule[];
  settings: RuleSettings;
  ignore: readonly IgnoreEntry[];
  severityOverrides: Readonly<Record<string, Severity>>;
}

export interface Report {
  findings: Finding[];
  skipped: SkippedRule[];
  summary: Record<Severity, number>;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Why a rule cannot run on this snapshot: the first fact it needs that was not gathered. */
export function missingFact(rule: RuleMeta, snapshot: Snapshot, engineVersion: string): { fact: FactName; reason: string } | null {
  for (const fact of [...rule.needs, ...(rule.needsOnHost?.(snapshot, engineVersion) ?? [])]) {
    const value = snapshot.facts[fact];
    if (value === undefined) return { fact, reason: 'not recorded in this snapshot' };
    if (isUnavailable(value)) return { fact, reason: value.unavailable };
  }
  return null;
}

/** True when the rule models engine behaviour that dockdoc does not know for this (pre-20.10) engine release. */
export function notModelledFor(rule: RuleMeta, engineVersion: string): boolean {
  return rule.versionIndependent !== true && !engineModelled(engineVersion);
}

export function engineVersionFor(snapshot: Snapshot, settings: RuleSettings): string {
  return engineVersionBasis(snapshot, settings).version;
}

/** The engine version the rules reason about, and why that one: said out loud wherever the engine was not reached. */
export interface EngineVersionBasis {
  version: string;
  source: 'engine' | 'setting' | 'installed' | 'newest-known';
  /** In words, for reports: "the engine answered", "dockerd --version: Docker version 20.10.24+dfsg1, ...". */
  detail: string;
}

/** The live engine's version; else --engine-version / engineVersion; else the installed dockerd's; else the newest known. */
export function engineVersionBasis(snapshot: Snapshot, settings: RuleSettings): EngineVersionBasis {
  const engine = available(snapshot.facts.engine);
  if (engine) return { version: engine.version, source: 'engine', detail: 'the engine answered' };
  if (settings.engineVersion !== null) return { version: settings.engineVersion, source: 'setting', detail: '--engine-version / engineVersion in .dockdoc.yml' };
  const installed = snapshot.facts.installedEngine;
  if (installed !== undefined && !isUnavailable(installed)) return { version: installed.version, source: 'installed', detail: `installed: ${installed.source}` };
  const why = installed === undefined ? 'not recorded in this snapshot' : installed.unavailable;
  return { version: NEWEST_KNOWN_ENGINE, source: 'newest-known', detail: `the newest release dockdoc knows; installed engine: ${why}` };
}

/** A rule's result as reported: the configured severity wins over the result's own, which wins over the rule's. */
export function toFinding(rule: RuleMeta, result: RuleResult, severityOverride?: Severity): Finding {
  return {
    ruleId: rule.id,
    severity: severityOverride ?? result.severity ?? rule.severity,
    title: rule.title,
    message: result.message,
    subject: result.subject,
    ...(result.location ? { location: result.location } : {}),
    evidence: result.evidence ?? {},
    fix: result.fix,
  };
}

export function runRules(snapshot: Snapshot, options: RunOptions): Report {
  // A rule ignored as a whole is left out, not run: its skip is no gap in the report (nor fails --fail-on-skipped).
  const wholeRuleIgnores = new Set(options.ignore.filter((entry) => entry.subject === undefined).map((entry) => entry.rule));
  const rules = options.rules.filter((rule) => !wholeRuleIgnores.has(rule.id));
  const context: RuleContext = {
    settings: options.settings,
    engineVersion: engineVersionFor(snapshot, options.settings),
    rules,
  };
  const findings: Finding[] = [];
  const skipped: SkippedRule[] = [];
  for (const rule of rules) {
    if (notModelledFor(rule, context.engineVersion)) {
      skipped.push({ ruleId: rule.id, reason: `not modelled for engine ${context.engineVersion} (dockdoc models Docker ${OLDEST_MODELLED_ENGINE} and later)` });
      continue;
    }
    const missing = missingFact(rule, snapshot, context.engineVersion);
    if (missing) {
      skipped.push({ ruleId: rule.id, reason: `${missing.fact} unavailable: ${missing.reason}` });
      continue;
    }
    for (const result of rule.check(snapshot, context)) {
      const finding = toFinding(rule, result, options.severityOverrides[rule.id]);
      if (!isIgnored(finding, options.ignore)) findings.push(finding);
    }
  }
  findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.subject.localeCompare(b.subject),
  );
  return { findings, skipped, summary: summarise(findings) };
}

export function summarise(findings: readonly Finding[]): Record<Severity, number> {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) summary[finding.severity]++;
  return summary;
}

function isIgnored(finding: Finding, ignore: readonly IgnoreEntry[]): boolean {
  return ignore.some(
    (entry) => entry.rule === finding.ruleId && (entry.subject === undefined || globMatches(entry.subject, finding.subject)),
  );
}

function globMatches(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
  return regex.test(text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Exit status (README "Exit status"): 1 when any finding is at or above the threshold. */
/** 1 when a finding is at or above failOn, or, with failOnSkipped (--fail-on-skipped), when any check could not run. */
export function exitCodeFor(report: Report, failOn: Severity | null, failOnSkipped = false): 0 | 1 {
  if (failOnSkipped && report.skipped.length > 0) return 1;
  if (failOn === null) return 0;
  return report.findings.some((f) => SEVERITY_RANK[f.severity] <= SEVERITY_RANK[failOn]) ? 1 : 0;
}
