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
        skippedRules: ['DD900', 'DD901'],
        area: 'engine',
      },
    });
    expect(results[0]!.message).toBe(
      'Could not gather engine: Docker engine at unix:///var/run/docker.sock did not answer: connect ENOENT /var/run/docker.sock. Skipped DD900, DD901: these checks did not run, so this report cannot vouch for what they cover.',
    );
    expect(results[1]).toMatchObject({ subject: 'fact:routes', evidence: { skippedRules: ['DD901'], area: 'pools' } });
  });

  it('names every missing fact of a rule that needs several, not only the first (DD901: routes and engine)', () => {
    const results = DD002.check(hostFixture('no-engine'), context([readsRoutes]));
    expect(results.map((r) => [r.subject, (r.evidence as { skippedRules: string[] }).skippedRules])).toEqual([
      ['fact:routes', ['DD901']],
      ['fact:engine', ['DD901']],
    ]);
  });

  it('is silent when every fact a rule needs was gathered', () => {
    expect(DD002.check(hostFixture('healthy-20.10'), context([readsEngine]))).toEqual([]);
  });

  describe('engine advice follows how the connection failed', () => {
    const withEngineReason = (reason: string) => {
      const snapshot = hostFixture('no-engine');
      return DD002.check({ ...snapshot, facts: { ...snapshot.facts, engine: { unavailable: reason } } }, context([readsEngine]))[0]!.fix;
    };
    it('ENOENT (no socket, as root): check that dockerd runs, not the docker group', () => {
      const fix = withEngineReason('Docker engine at unix:///var/run/docker.sock (the default; DOCKER_HOST is not set) did not answer: connect ENOENT /var/run/docker.sock');
      expect(fix).toEqual({
        text: 'Nothing listens at that address: check that dockerd runs, or point dockdoc at the address it listens on with --docker-host / DOCKER_HOST.',
        commands: ['systemctl status docker'],
      });
    });
    it('EACCES: the docker group', () => {
      expect(withEngineReason('Docker engine at unix:///var/run/docker.sock (from DOCKER_HOST) did not answer: connect EACCES /var/run/docker.sock').text).toMatch(
        /^The socket refused this user: run dockdoc as root or as a member of the docker group/,
      );
    });
    it('ECONNREFUSED: dockerd stopped; its status and log', () => {
      expect(withEngineReason('Docker engine at tcp://127.0.0.1:2375 (from --docker-host) did not answer: connect ECONNREFUSED 127.0.0.1:2375').commands).toEqual([
        'systemctl status docker',
        'journalctl -u docker --since -1h',
      ]);
    });
    it('a timeout: hung or slow, raise --timeout', () => {
      expect(withEngineReason('querying the Docker engine timed out after 5000 ms').text).toMatch(/hung or overloaded; if it is merely slow, raise --timeout/);
    });
  });
});
