import type { Report } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';

export interface JunitOptions {
  /** Every file that was linted: each becomes a test suite, passing when it has no finding. */
  files: readonly string[];
  /** Findings at or above this severity are failures; the others are reported as passing cases with output. */
  failOn: Severity;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * JUnit XML for CI systems without SARIF (GitLab, Jenkins, Azure): one suite per compose file, one test case per
 * finding, so the CI's test view lists each problem at file:line. Findings without a file form a last suite.
 */
export function renderJunit(report: Report, options: JunitOptions): string {
  const byFile = new Map<string, Finding[]>(options.files.map((file) => [file, []]));
  for (const finding of report.findings) {
    const file = finding.location?.file ?? '(no file)';
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(finding);
  }
  const isFailure = (finding: Finding): boolean => RANK[finding.severity] <= RANK[options.failOn];
  const totalFailures = report.findings.filter(isFailure).length;
  const suites: string[] = [];
  for (const [file, findings] of byFile) {
    const failures = findings.filter(isFailure).length;
    const cases =
      findings.length === 0
        ? [`    <testcase classname="${xml(file)}" name="no findings"/>`]
        : findings.map((finding) => testCase(file, finding, isFailure(finding)));
    suites.push(
      `  <testsuite name="${xml(file)}" tests="${Math.max(findings.length, 1)}" failures="${failures}" errors="0" skipped="0">`,
      ...cases,
      '  </testsuite>',
    );
  }
  const tests = [...byFile.values()].reduce((sum, findings) => sum + Math.max(findings.length, 1), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dockdoc lint" tests="${tests}" failures="${totalFailures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(file: string, finding: Finding, failure: boolean): string {
  const where = finding.location?.line ? `:${finding.location.line}${finding.location.column ? `:${finding.location.column}` : ''}` : '';
  const name = `${finding.ruleId} ${finding.subject}${where ? ` (line ${finding.location!.line})` : ''}`;
  const body = `${file}${where}: ${finding.severity} ${finding.ruleId} ${finding.message}\nFix: ${finding.fix.text}`;
  const inner = failure
    ? `<failure type="${finding.severity}" message="${xml(finding.message)}">${xml(body)}</failure>`
    : `<system-out>${xml(body)}</system-out>`;
  return `    <testcase classname="${xml(file)}" name="${xml(name)}">${inner}</testcase>`;
}

/** XML text and attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\n', '&#10;');
}
