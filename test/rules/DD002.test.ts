import { describe, expect, it } from 'vitest';
import DD002 from '../../rules/DD002.js';
import type { Rule, RuleContext } from '../../src/engine/types.js';
import { hostFixture } from '../helpers/hosts.js';

const readsEngine: Rule = { id: 'DD900', title: 't', severity: 'warning', area: 'engine', needs: ['engine'], summary: 't', check: () => [] };
const readsRoutes: Rule = { ...readsEngine, id: 'DD901', area: 'pools', needs: ['routes', 'engine'] };

function context(rules: readonly Rule[]): RuleContext {
  return { engineVersion: '20.10.24', rules, settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } } };
}

describe('DD002', () => {
  it('names the fact, why it is missing, and every rule it made skip (real no-engine host)', () => {
    const results = DD002.check(hostFixture('no-engine'), context([DD002, readsEngine, readsRoutes]));
    expect(results).toHaveLength(2);
    expect(results[0]).toMatchObject({
      subject: 'fact:engine',
      evidence: {
        fact: 'engine',
        reason: 'Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock',
        skippedRules: ['DD900'],
        area: 'engine',
      },
    });
    expect(results[0]!.message).toBe(
      'Could not gather engine: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock. Skipped DD900: these checks did not run, so this report cannot vouch for what they cover.',
    );
    expect(results[1]).toMatchObject({ subject: 'fact:routes', evidence: { skippedRules: ['DD901'], area: 'pools' } });
  });

  it('is silent when every fact a rule needs was gathered', () => {
    expect(DD002.check(hostFixture('healthy-20.10'), context([readsEngine]))).toEqual([]);
  });
});
