import { describe, expect, it } from 'vitest';
import DD403 from '../../rules/DD403.js';
import { corpusFile, snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');

describe('DD403', () => {
  it("is silent when every live rule other than Docker's is in the saved file", () => {
    expect(DD403.check(snapshotOfStep('07-after-dockerd-restart'), context)).toEqual([]);
  });

  it('reports a rule added live but not saved', () => {
    const host = snapshotOfStep('07-after-dockerd-restart');
    const withoutSsh = corpusFile('etc-sysconfig-iptables').replace('-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT\n', '');
    const findings = DD403.check(withFacts(host, { savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text: withoutSsh, family: 4 }] } }), context);
    expect(findings.map((f) => [f.subject, f.message])).toEqual([
      [
        'iptables:unsaved',
        '1 live iptables rule is not in /etc/sysconfig/iptables: `-t filter -A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT`. A restart of the firewall service or a reboot removes it.',
      ],
    ]);
  });

  it('has nothing to compare without a saved file', () => {
    const host = snapshotOfStep('07-after-dockerd-restart');
    expect(DD403.check(withFacts(host, { savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: false, family: 4 }] } }), context)).toEqual([]);
  });
});
