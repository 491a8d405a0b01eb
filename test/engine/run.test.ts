import { describe, expect, it } from 'vitest';
import DD001 from '../../rules/DD001.js';
import DD002 from '../../rules/DD002.js';
import DD101 from '../../rules/DD101.js';
import { exitCodeFor, runRules, type RunOptions } from '../../src/engine/run.js';
import type { Rule } from '../../src/engine/types.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';

/** A fixed catalogue, so these tests do not move when rules are added. */
const ALL_RULES = [DD001, DD002, DD101];
const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {}, ...overrides };
}

const needsEngine: Rule = {
  id: 'DD999',
  title: 'test rule reading the engine',
  severity: 'warning',
  area: 'engine',
  needs: ['engine'],
  summary: 'test',
  check: (snapshot) =>
    'unavailable' in snapshot.facts.engine
      ? []
      : snapshot.facts.engine.networks.map((n) => ({ subject: `network:${n.name}`, message: n.name, fix: { text: 'none' } })),
};

describe('runRules', () => {
  it('skips a rule whose facts are unavailable, and DD002 names it with the reason', () => {
    const report = runRules(hostFixture('no-engine'), options({ rules: [...ALL_RULES, needsEngine] }));
    expect(report.skipped).toEqual([
      { ruleId: 'DD999', reason: 'engine unavailable: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock' },
    ]);
    expect(report.findings.map((f) => [f.ruleId, f.subject])).toEqual([['DD002', 'fact:engine']]);
    expect(report.findings[0]!.evidence).toMatchObject({ skippedRules: ['DD999'], area: 'engine' });
  });

  it('names every fact a rule lacks, in the order it needs them, in its skip and in DD002', () => {
    const needsRoutesAndEngine: Rule = { ...needsEngine, needs: ['routes', 'engine'], needsOnHost: () => ['engine', 'resolvConf'] };
    const report = runRules(hostFixture('no-engine'), options({ rules: [...ALL_RULES, needsRoutesAndEngine] }));
    expect(report.skipped).toEqual([
      {
        ruleId: 'DD999',
        reason:
          'routes unavailable: not recorded in the capture this fixture was built from; engine unavailable: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock; resolvConf unavailable: not recorded in the capture this fixture was built from',
      },
    ]);
    expect(report.findings.map((f) => [f.subject, f.evidence['skippedRules']])).toEqual([
      ['fact:engine', ['DD999']],
      ['fact:resolvConf', ['DD999']],
      ['fact:routes', ['DD999']],
    ]);
  });

  it('runs the rule when the fact is there', () => {
    const report = runRules(hostFixture('healthy-20.10'), options({ rules: [needsEngine] }));
    expect(report.findings.map((f) => f.subject)).toEqual(['network:bridge', 'network:host', 'network:mynet', 'network:none']);
    expect(report.summary).toEqual({ error: 0, warning: 4, info: 0 });
  });

  it('applies ignores by rule and by subject glob, and severity overrides', () => {
    const snapshot = hostFixture('healthy-20.10');
    const ignored = runRules(snapshot, options({ rules: [needsEngine], ignore: [{ rule: 'DD999', subject: 'network:*o*' }] }));
    expect(ignored.findings.map((f) => f.subject)).toEqual(['network:bridge', 'network:mynet']);
    const overridden = runRules(snapshot, options({ rules: [needsEngine], severityOverrides: { DD999: 'info' } }));
    expect(overridden.summary).toEqual({ error: 0, warning: 0, info: 4 });
  });

  it('sorts errors first and maps the fail-on threshold to the exit code', () => {
    const snapshot = withDaemonJson(hostFixture('healthy-20.10'), '{,}');
    const report = runRules(snapshot, options({ rules: [...ALL_RULES, needsEngine] }));
    expect(report.findings.map((f) => f.ruleId)).toEqual(['DD101', 'DD999', 'DD999', 'DD999', 'DD999']);
    expect(exitCodeFor(report, 'error')).toBe(1);
    const clean = runRules(hostFixture('healthy-20.10'), options({ rules: [needsEngine] }));
    expect(exitCodeFor(clean, 'error')).toBe(0);
    expect(exitCodeFor(clean, 'warning')).toBe(1);
  });

  it('reasons about the live engine version, else --engine-version, else the newest known', () => {
    const blank = '\n';
    const live = runRules(withDaemonJson(hostFixture('healthy-20.10'), blank), options());
    expect(live.findings.map((f) => f.ruleId)).toEqual(['DD101']);
    const offline = withDaemonJson(hostFixture('no-engine'), blank);
    const withEngineRule = [...ALL_RULES, needsEngine];
    expect(runRules(offline, options({ rules: withEngineRule })).findings.map((f) => f.ruleId)).toEqual(['DD002']);
    const pinned = runRules(offline, options({ rules: withEngineRule, settings: { ...SETTINGS, engineVersion: '20.10.24' } }));
    expect(pinned.findings.map((f) => f.ruleId)).toEqual(['DD101', 'DD002']);
  });
});
