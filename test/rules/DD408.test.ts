import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD408 from '../../rules/DD408.js';
import { networkFromApi, type ApiNetwork } from '../../src/gather/engine.js';
import type { EngineFact, FirewallFamilyFact } from '../../src/snapshot/schema.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');
const fixture = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
/** The stock RHEL file with the seed's `-s 172.16.0.0/12 --dport 38888` rule, and what the kernel made of it. */
const RHEL_FILE = fixture('iptables/cases/01-rhel-default-sysconfig.rules');
const RHEL_LIVE = fixture('iptables/results/01-rhel-default-sysconfig/nft/save.txt');
/** A real engine with a network in 192.168.0.0/20 (the pools corpus created it with --subnet). */
const NETWORKS = (JSON.parse(fixture('docker-rules/from-pools-corpus/09-explicit-192.168.0.0-20-then-auto/final-networks-inspect.json')) as ApiNetwork[])
  .map(networkFromApi)
  .filter((n) => ['bridge', 'explicit192', 'net01'].includes(n.name));

function host(savedText: string | null, live: string) {
  const base = snapshotOfStep('03b-second-container-on-user-network');
  return withFacts(base, {
    engine: { ...(base.facts.engine as EngineFact), networks: NETWORKS, containers: [] },
    savedRules: { files: [savedText === null ? { path: '/etc/sysconfig/iptables', present: false, family: 4 } : { path: '/etc/sysconfig/iptables', present: true, text: savedText, family: 4 }] },
    iptables: { ...(base.facts.iptables as FirewallFamilyFact), save: live },
  });
}

describe('DD408', () => {
  it("reports the seed's case at the saved rule's line: 38888 only from 172.16.0.0/12, a network in 192.168.0.0/20", () => {
    expect(DD408.check(host(RHEL_FILE, RHEL_LIVE), context)).toEqual([
      {
        subject: 'input:tcp/38888',
        location: { file: '/etc/sysconfig/iptables', line: 12 },
        message:
          'INPUT in /etc/sysconfig/iptables accepts tcp/38888 only from 172.16.0.0/12, which does not cover network explicit192 192.168.0.0/20: containers there cannot reach the host service on tcp/38888 (their packets are refused by `-A INPUT -j REJECT --reject-with icmp-host-prohibited`).',
        evidence: {
          protocol: 'tcp',
          port: '38888',
          allowed: ['172.16.0.0/12'],
          rule: '-A INPUT -s 172.16.0.0/12 -p tcp -m state --state NEW -m tcp --dport 38888 -j ACCEPT',
          networks: [{ name: 'explicit192', subnet: '192.168.0.0/20', bridge: 'br-d30bb9169e83' }],
        },
        fix: {
          text: 'Admit the Docker networks too, e.g. `-A INPUT -s 192.168.0.0/20 -p tcp -m tcp --dport 38888 -j ACCEPT` next to the existing rule (in /etc/sysconfig/iptables and live), or move the networks into the admitted range with default-address-pools.',
        },
      },
    ]);
  });

  it('finds the same gap in the live rules when no file is saved', () => {
    const [finding] = DD408.check(host(null, RHEL_LIVE), context);
    expect(finding!.location).toBeUndefined();
    expect(finding!.message).toMatch(/^INPUT in the live firewall accepts tcp\/38888 only from 172\.16\.0\.0\/12, which does not cover network explicit192 192\.168\.0\.0\/20/);
  });

  it('is silent when nothing refuses the rest (policy ACCEPT, no REJECT: the corpus admin file) or when every network is covered', () => {
    const adminFile = fixture('docker-rules/etc-sysconfig-iptables');
    expect(DD408.check(host(adminFile, RHEL_LIVE.replace('-A INPUT -j REJECT --reject-with icmp-host-prohibited\n', '')), context)).toEqual([]);
    expect(DD408.check(snapshotOfStep('07-after-dockerd-restart'), context)).toEqual([]);
    const covered = RHEL_LIVE.replace('-A INPUT -j REJECT', '-A INPUT -s 192.168.0.0/16 -p tcp -m tcp --dport 38888 -j ACCEPT\n-A INPUT -j REJECT');
    expect(DD408.check(host(null, covered), context)).toEqual([]);
  });
});
