import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Report } from '../engine/run.js';
import type { Finding, Location, RuleMeta, Severity } from '../engine/types.js';
import { findingFingerprint } from '../lint/fingerprint.js';

export interface SarifOptions {
  toolVersion: string;
  /** The rules of the run, described in tool.driver.rules. */
  rules: readonly RuleMeta[];
  /** The rule's documentation page: an absolute URI (GitHub shows it as the alert's help link); null when there is none to link to. */
  helpUri: (ruleId: string) => string | null;
  /** The rule's page as Markdown, shown in full by GitHub code scanning; null when unknown. */
  helpMarkdown: (ruleId: string) => string | null;
  /** Directory relative paths are relative to (the repository root in CI): becomes %SRCROOT%. */
  sourceRoot: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 (OASIS errata 01) as GitHub code scanning accepts it: one run, tool.driver.rules with help text
 * and a help URI, results with ruleId, level, message and a physicalLocation with a region. Relative paths are
 * given against %SRCROOT% so alerts land on the repository's files. Skipped rules become notifications.
 */
export function renderSarif(report: Report, options: SarifOptions): string {
  const rules = options.rules;
  // GitHub rejects the whole file when one result has no location: findings about the run rather than a file
  // (DD002: a fact could not be gathered) are reported as notifications of the invocation instead.
  const located = report.findings.filter((finding): finding is Finding & { location: Location } => finding.location !== undefined);
  const unlocated = report.findings.filter((finding) => finding.location === undefined);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockdoc',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            rules: rules.map((rule) => sarifRule(rule, options)),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(options.sourceRoot) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...unlocated.map((finding) => ({
                level: LEVEL[finding.severity],
                message: { text: `${finding.message} Fix: ${finding.fix.text}` },
                descriptor: { id: finding.ruleId },
              })),
              ...report.skipped.map((skipped) => ({
                level: 'note',
                message: { text: `${skipped.ruleId} skipped: ${skipped.reason}` },
                descriptor: { id: skipped.ruleId },
              })),
            ],
          },
        ],
        results: located.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function sarifRule(rule: RuleMeta, options: SarifOptions): Record<string, unknown> {
  const markdown = options.helpMarkdown(rule.id);
  const helpUri = options.helpUri(rule.id);
  return {
    id: rule.id,
    name: pascalCase(rule.title),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.summary },
    ...(helpUri !== null ? { helpUri } : {}),
    help: markdown ? { text: rule.summary, markdown } : { text: rule.summary },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['docker', 'networking', rule.area] },
  };
}

function sarifResult(finding: Finding & { location: Location }, ruleIndex: number | undefined): Record<string, unknown> {
  const location = finding.location;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: LEVEL[finding.severity],
    message: { text: `${finding.message} Fix: ${finding.fix.text}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(location.file),
          ...(location.line ? { region: { startLine: location.line, ...(location.column ? { startColumn: location.column } : {}) } } : {}),
        },
      },
    ],
    partialFingerprints: { 'dockdocFinding/v1': findingFingerprint(finding) },
    properties: { subject: finding.subject, evidence: finding.evidence },
  };
}

function artifactLocation(file: string): Record<string, string> {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** SARIF's rule `name` is an identifier-like word: "Compose subnets overlap" → "ComposeSubnetsOverlap". */
function pascalCase(title: string): string {
  return title
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}
