import { describe, expect, it } from 'vitest';
import DD003 from '../../rules/DD003.js';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import { dockerIntent } from '../../src/intent/index.js';
import type { RuleSettings } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';

const SETTINGS: RuleSettings = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };
const run = (snapshot: Snapshot, settings: RuleSettings = SETTINGS) => runRules(snapshot, { rules: ALL_RULES, settings, ignore: [], severityOverrides: {} });

/** The rules that model the engine's behaviour, and so are not run for an engine before 20.10. */
const MODELLED = ALL_RULES.filter((rule) => rule.versionIndependent !== true).map((rule) => rule.id);

/** The EL7 host after `systemctl restart iptables` (a real 20.10 capture), as if its engine had answered with `version`. */
function el7WithEngine(version: string): Snapshot {
  const snapshot = hostFixture('el7-iptables-restart');
  if ('unavailable' in snapshot.facts.engine) throw new Error('the fixture has an engine');
  return { ...snapshot, facts: { ...snapshot.facts, engine: { ...snapshot.facts.engine, version } } };
}

describe('DD003', () => {
  it.each(['19.03.15', '18.09.9'])('says once, for engine %s, which checks were skipped instead of guessed', (version) => {
    const report = run(el7WithEngine(version));
    const notes = report.findings.filter((f) => f.ruleId === 'DD003');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      severity: 'info',
      subject: `engine:${version}`,
      evidence: { engineVersion: version, source: 'engine', oldestModelled: '20.10.0', skippedRules: MODELLED },
    });
    expect(notes[0]!.message).toBe(
      `Docker ${version} (the engine answered) is older than 20.10.0, the oldest engine whose behaviour dockdoc models (daemon.json options and errors, address pools, firewall rules are taken from moby's source from that release on). Skipped ${MODELLED.join(', ')}: these checks did not run, so this report cannot vouch for what they cover.`,
    );
    // Nothing that depends on the engine's behaviour is reported: no DD401 from 20.10's firewall layout.
    expect(report.findings.map((f) => f.ruleId)).toEqual(['DD002', 'DD003', 'DD501']);
    expect(report.skipped.filter((s) => s.reason.startsWith('not modelled')).map((s) => s.ruleId)).toEqual(MODELLED);
    expect(report.skipped.find((s) => s.ruleId === 'DD401')).toEqual({ ruleId: 'DD401', reason: `not modelled for engine ${version} (dockdoc models Docker 20.10.0 and later)` });
  });

  it('expects no rules of such an engine anywhere (reports, repair): its intent is unknown, not 20.10\'s', () => {
    expect(dockerIntent(el7WithEngine('19.03.15'), '19.03.15')).toBeNull();
    expect(dockerIntent(el7WithEngine('20.10.0'), '20.10.0')).not.toBeNull();
  });

  it('the same host on 20.10 runs every check and DD003 is silent', () => {
    const report = run(hostFixture('el7-iptables-restart'));
    expect(report.findings.map((f) => f.ruleId)).toContain('DD401');
    expect(report.findings.map((f) => f.ruleId)).not.toContain('DD003');
    expect(report.skipped.filter((s) => s.reason.startsWith('not modelled'))).toEqual([]);
  });

  it('names where the version came from when no engine answered (--engine-version)', () => {
    const report = run(hostFixture('no-engine'), { ...SETTINGS, engineVersion: '19.03.15' });
    const note = report.findings.find((f) => f.ruleId === 'DD003')!;
    expect(note.evidence).toMatchObject({ engineVersion: '19.03.15', source: 'setting' });
    expect(note.message.startsWith('Docker 19.03.15 (--engine-version / engineVersion in .dockdoc.yml) is older than 20.10.0')).toBe(true);
  });

  it('is a rule that itself runs for every engine', () => {
    expect(DD003.versionIndependent).toBe(true);
  });
});
