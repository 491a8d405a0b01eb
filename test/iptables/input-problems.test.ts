import { describe, expect, it } from 'vitest';
import { savedRulesInputProblems } from '../../src/iptables/input-problems.js';
import { snapshotOfStep, withFacts } from './docker-support.js';
import { ERROR_CASES } from './corpus-support.js';

const host = snapshotOfStep('03b-second-container-on-user-network');
const saved = (name: string) => withFacts(host, { savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text: ERROR_CASES.find((c) => c.name === name)!.input, family: 4 }] } });

describe('savedRulesInputProblems (for DD001)', () => {
  it('gives file:line:col and the reason', () => {
    expect(savedRulesInputProblems(saved('e02-unknown-option'))).toEqual([
      { file: '/etc/sysconfig/iptables', line: 3, column: 17, message: 'unknown option "--dprot"', area: 'firewall', severity: 'error' },
    ]);
  });

  it("makes a line only the host's own backend refuses an error, and keeps the other backend's as a warning", () => {
    expect(savedRulesInputProblems(saved('e18-negated-any-address'))).toEqual([
      {
        file: '/etc/sysconfig/iptables',
        line: 3,
        message: "`! -s 0.0.0.0/0' matches nothing: iptables-nft refuses it (RULE_APPEND failed (Invalid argument)), legacy loads it; this host's iptables is nf_tables, so restoring the file fails here",
        area: 'firewall',
        severity: 'error',
      },
    ]);
    expect(savedRulesInputProblems(saved('e17-limit-1-per-day'))[0]).toMatchObject({ line: 4, severity: 'warning' });
  });

  it('has nothing to say about a good file', () => {
    expect(savedRulesInputProblems(host)).toEqual([]);
  });
});

describe('ICMP types iptables refuses (issue 10: they stopped check, snapshot, hook and repair)', () => {
  const text = [
    '*filter',
    ':INPUT ACCEPT [0:0]',
    '-A INPUT -p icmp --icmp-type bogus -j ACCEPT',
    '-A INPUT -p icmp --icmp-type 300 -j ACCEPT',
    '-A INPUT -p icmp --icmp-type 8/256 -j ACCEPT',
    '-A INPUT -p tcp --dprot 22 -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n');
  const withFile = withFacts(host, { savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text, family: 4 }] } });

  it('reports each bad value at its line and column, and still checks the rest of the file', () => {
    expect(savedRulesInputProblems(withFile).map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      "3:18 Invalid ICMP type `bogus'",
      "4:18 Invalid ICMP type `300'",
      "5:18 Invalid ICMP type `8/256'",
      '6:17 unknown option "--dprot"',
    ]);
  });
});
