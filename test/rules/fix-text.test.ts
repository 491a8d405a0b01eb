import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { hostFixture } from '../helpers/hosts.js';
import { DOCKER_RULES, snapshotOfStep } from '../iptables/docker-support.js';
import { lintFixtures } from '../lint/fixture-lint.js';

const SETTINGS = { engineVersion: null, reserved: [{ cidr: '10.8.0.0/16', name: 'office VPN' }], thresholds: { minFreeSubnets: 5 } };
const HOSTS = readdirSync(new URL('../../fixtures/hosts/', import.meta.url)).filter((name) => !name.includes('.'));
/** Corpus steps with an engine running (step 00 is before dockerd started). */
const STEPS = readdirSync(DOCKER_RULES).filter((name) => /^\d/.test(name) && existsSync(`${DOCKER_RULES}${name}/docker-network-inspect.json`));

/**
 * The text report prints fix.text on one indented line and each of fix.commands below it: a newline in the text
 * breaks the indentation, and a command repeated in the text is printed twice (DD404 did both).
 */
function expectOneLineFixes(findings: Finding[]): void {
  for (const finding of findings) {
    expect(finding.fix.text, `${finding.ruleId} ${finding.subject}`).not.toContain('\n');
    for (const command of finding.fix.commands ?? []) expect(finding.fix.text, `${finding.ruleId} repeats ${command}`).not.toContain(command);
  }
}

describe('every rule fix is one line of text, with its commands only in fix.commands', () => {
  it.each([...HOSTS.map((name) => ['host', name]), ...STEPS.map((name) => ['step', name])])('%s %s', (kind, name) => {
    const snapshot = kind === 'host' ? hostFixture(name) : snapshotOfStep(name);
    const findings = runRules(snapshot, { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} }).findings;
    expectOneLineFixes(findings);
  });

  it('the compose fixtures, through lint', async () => {
    const result = await lintFixtures(['.'], { reserved: SETTINGS.reserved });
    expect(result.report.findings.length).toBeGreaterThan(10);
    expectOneLineFixes(result.report.findings);
  });
});
