import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { renderSarif, type SarifOptions } from '../../src/report/sarif.js';
import { lintRules } from '../../src/lint/rules.js';
import { hostFixture } from '../helpers/hosts.js';
import { COMPOSE_FIXTURES, lintFixtures } from '../lint/fixture-lint.js';
import { validateSarif } from './sarif-schema.js';

const validate = validateSarif;

const options: SarifOptions = {
  toolVersion: '0.1.0',
  rules: lintRules(ALL_RULES),
  helpUri: (id) => `https://example.org/docs/rules/${id}.md`,
  helpMarkdown: (id) => (id === 'DD304' ? '# DD304\n\nPick another subnet.' : null),
  sourceRoot: COMPOSE_FIXTURES,
};

describe('renderSarif', () => {
  it('produces SARIF 2.1.0 that validates against the OASIS schema', async () => {
    const result = await lintFixtures(['seed', 'dd301', 'dd302', 'overlapping-projects', 'broken'], { host: hostFixture('healthy-20.10') });
    const log = JSON.parse(renderSarif(result.report, options)) as unknown;
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects what the schema forbids (the validator is live)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  it('gives GitHub code scanning what it reads: rules with help, results with level, message and region', async () => {
    const result = await lintFixtures(['seed'], { host: hostFixture('healthy-20.10') });
    const log = JSON.parse(renderSarif(result.report, options));
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('dockdoc');
    const dd304 = run.tool.driver.rules.find((r: { id: string }) => r.id === 'DD304');
    expect(dd304).toMatchObject({
      id: 'DD304',
      name: 'ComposeSubnetOverlapsANetworkOnTheEngine',
      shortDescription: { text: 'Compose subnet overlaps a network on the engine' },
      helpUri: 'https://example.org/docs/rules/DD304.md',
      help: { markdown: '# DD304\n\nPick another subnet.' },
      defaultConfiguration: { level: 'error' },
    });
    const finding = run.results.find((r: { ruleId: string }) => r.ruleId === 'DD304');
    expect(finding).toMatchObject({
      ruleId: 'DD304',
      ruleIndex: run.tool.driver.rules.indexOf(dd304),
      level: 'error',
      locations: [{ physicalLocation: { artifactLocation: { uri: 'seed/compose.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 14, startColumn: 19 } } }],
    });
    expect(finding.message.text).toMatch(/^Subnet 172\.18\.0\.0\/16 of network shop_backend overlaps network mynet/);
    expect(run.results.find((r: { ruleId: string }) => r.ruleId === 'DD305').level).toBe('warning');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${COMPOSE_FIXTURES.endsWith('/') ? COMPOSE_FIXTURES : `${COMPOSE_FIXTURES}/`}`);
  });

  it('reports findings without a file as notifications, since GitHub rejects results without a location', () => {
    const skippedFact = {
      ruleId: 'DD002',
      severity: 'info' as const,
      title: 'A fact could not be gathered',
      message: 'Could not gather engine: no socket.',
      subject: 'fact:engine',
      evidence: {},
      fix: { text: 'Give --snapshot.' },
    };
    const log = JSON.parse(renderSarif({ findings: [skippedFact], skipped: [{ ruleId: 'DD304', reason: 'engine unavailable: no socket' }], summary: { error: 0, warning: 0, info: 1 } }, options));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([
      { level: 'note', message: { text: 'Could not gather engine: no socket. Fix: Give --snapshot.' }, descriptor: { id: 'DD002' } },
      { level: 'note', message: { text: 'DD304 skipped: engine unavailable: no socket' }, descriptor: { id: 'DD304' } },
    ]);
  });

  it('keeps fingerprints stable when only the line moves', async () => {
    const result = await lintFixtures(['seed'], { host: hostFixture('healthy-20.10') });
    const moved = { ...result.report, findings: result.report.findings.map((f) => ({ ...f, location: { ...f.location!, line: (f.location!.line ?? 0) + 3 } })) };
    const prints = (report: typeof result.report): string[] => JSON.parse(renderSarif(report, options)).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['dockdocFinding/v1']);
    expect(prints(moved)).toEqual(prints(result.report));
    expect(new Set(prints(result.report)).size).toBe(2);
  });
});
