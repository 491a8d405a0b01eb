import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD001 from '../../rules/DD001.js';
import type { RuleContext } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';

const ERRORS = new URL('../../fixtures/iptables/errors/', import.meta.url);
const RESULTS = new URL('../../fixtures/iptables/results/errors/', import.meta.url);
const context: RuleContext = { engineVersion: '20.10.24', rules: [], settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } } };

/** The captured EL7 host (nf_tables backend) with this saved /etc/sysconfig/iptables. */
function withSavedRules(text: string): Snapshot {
  const host = hostFixture('el7-iptables-restart');
  return { ...host, facts: { ...host.facts, savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text, family: 4 }] } } };
}

/** The line at which the real iptables-restore of one backend stopped on a corpus error file, or null if it loaded it. */
function stoppedAt(name: string, backend: 'nft' | 'legacy'): number | null {
  const stderr = readFileSync(new URL(`${name}/${backend}/restore.stderr`, RESULTS), 'utf8');
  const line = /Error occurred at line: (\d+)/.exec(stderr);
  return line ? Number(line[1]) : null;
}

describe('DD001 on saved rules files', () => {
  const cases = readdirSync(ERRORS).filter((f) => f.endsWith('.rules')).map((f) => f.replace(/\.rules$/, ''));

  // The captured host runs nf_tables. nf_tables checks a jump to a missing chain at COMMIT and legacy at the rule, so
  // either backend's line is the place; a file only legacy refuses still loads here, which makes it a warning.
  const failing = cases.filter((name) => stoppedAt(name, 'nft') !== null || stoppedAt(name, 'legacy') !== null);
  it.each(failing)('%s: a finding at the line iptables-restore stopped at, an error where this host refuses it', (name) => {
    const findings = DD001.check(withSavedRules(readFileSync(new URL(`${name}.rules`, ERRORS), 'utf8')), context);
    const refusedHere = stoppedAt(name, 'nft') !== null;
    const expected = refusedHere ? 'error' : 'warning';
    const lines = [stoppedAt(name, 'nft'), stoppedAt(name, 'legacy')];
    const matching = findings.filter((f) => (f.severity ?? DD001.severity) === expected && lines.includes(f.location!.line!));
    expect(matching.map((f) => f.location?.file)).toContain('/etc/sysconfig/iptables');
  });

  it('says why, in the words of iptables-restore', () => {
    const [finding] = DD001.check(withSavedRules(readFileSync(new URL('e02-unknown-option.rules', ERRORS), 'utf8')), context);
    expect(finding?.location).toMatchObject({ file: '/etc/sysconfig/iptables', line: 3 });
    expect(finding?.message).toContain('unknown option "--dprot"');
  });

  it('is silent for the real saved file of the captured host', () => {
    expect(DD001.check(hostFixture('el7-iptables-restart'), context)).toEqual([]);
  });
});

describe('DD001 caps the problems per file', () => {
  it('a binary named as saved rules: the first problems, then one finding with how many more', () => {
    const text = Array.from({ length: 494 }, (_, i) => `garbage line ${i}`).join('\n');
    const findings = DD001.check(withSavedRules(text), context);
    expect(findings).toHaveLength(11);
    expect(findings.slice(0, 10).map((f) => f.location?.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(findings[10]).toMatchObject({
      subject: 'file:/etc/sysconfig/iptables',
      location: { file: '/etc/sysconfig/iptables' },
      message: '484 more problems in /etc/sysconfig/iptables not shown (the first 10 are): is this the file you meant?',
      evidence: { notShown: 484 },
    });
  });
});
