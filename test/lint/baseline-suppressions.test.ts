import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { applyBaseline, BaselineError, createBaseline, parseBaseline, renderBaseline } from '../../src/lint/baseline.js';
import { isSuppressed, readSuppressions } from '../../src/lint/suppressions.js';
import { lintFixtures } from './fixture-lint.js';

const finding = (ruleId: string, line: number, message = 'Subnet 10.0.0.0/24 of network a_n overlaps b.'): Finding => ({
  ruleId,
  severity: 'error',
  title: 't',
  message,
  subject: 'network:a_n',
  location: { file: 'a/compose.yaml', line, column: 19 },
  evidence: {},
  fix: { text: 'f' },
});

describe('baseline', () => {
  it('lets known findings through even when their line moves, and fails on new ones', () => {
    const baseline = parseBaseline('b.json', renderBaseline(createBaseline([finding('DD303', 10)])));
    const { fresh, known } = applyBaseline([finding('DD303', 14), finding('DD305', 10), finding('DD303', 10, 'another message')], baseline);
    expect(known.map((f) => `${f.ruleId}:${f.location?.line}`)).toEqual(['DD303:14']);
    expect(fresh.map((f) => `${f.ruleId}:${f.message}`)).toEqual(['DD305:Subnet 10.0.0.0/24 of network a_n overlaps b.', 'DD303:another message']);
  });

  it('refuses files that are not baselines', () => {
    expect(() => parseBaseline('b.json', '{')).toThrow(BaselineError);
    expect(() => parseBaseline('b.json', '{"schemaVersion": 1, "findings": [{}]}')).toThrow('b.json: not a dockdoc baseline (write one with dockdoc lint --write-baseline b.json)');
  });

  it('adopts the lint on an existing repository: a baseline of today leaves no findings', async () => {
    const today = await lintFixtures(['dd302', 'dd305']);
    expect(today.report.findings.length).toBe(6);
    const baseline = createBaseline(today.report.findings);
    expect(applyBaseline(today.report.findings, baseline).fresh).toEqual([]);
  });
});

describe('inline suppressions', () => {
  const compose = (text: string) => ({ projects: [{ workingDir: '/a', variables: {}, nameOverride: null, files: [{ path: 'a/compose.yaml', present: true, text }] }] });

  it('apply to the comment line and the line below, only for the rules named', () => {
    const map = readSuppressions(compose(['x: 1', '# dockdoc-ignore DD303, DD305', 'subnet: 10.0.0.0/24', 'gateway: 1 # dockdoc-ignore DD302', 'url: "http://h/#dockdoc-ignore DD301"'].join('\n')));
    expect(isSuppressed(finding('DD303', 2), map)).toBe(true);
    expect(isSuppressed(finding('DD305', 3), map)).toBe(true);
    expect(isSuppressed(finding('DD303', 4), map)).toBe(false);
    expect(isSuppressed(finding('DD302', 4), map)).toBe(true);
    expect(isSuppressed(finding('DD302', 5), map)).toBe(true);
    expect(isSuppressed(finding('DD301', 5), map)).toBe(false);
    expect(isSuppressed(finding('DD304', 3), map)).toBe(false);
  });
});
