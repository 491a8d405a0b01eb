import { describe, expect, it } from 'vitest';
import DD402 from '../../rules/DD402.js';
import { corpusFile, snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');

describe('DD402', () => {
  it('reports the saved rules that are not live, with their lines', () => {
    // Before the restart in 06, the admin's /etc/sysconfig/iptables had never been loaded into this namespace.
    const [finding, ...rest] = DD402.check(snapshotOfStep('03b-second-container-on-user-network'), context);
    expect(rest).toEqual([]);
    expect(finding!.location).toEqual({ file: '/etc/sysconfig/iptables', line: 6 });
    expect(finding!.message).toBe(
      '2 rules of /etc/sysconfig/iptables are not in the live firewall: line 6 `-A INPUT -s 172.16.0.0/12 -p tcp -m state --state NEW -m tcp --dport 38888 -j ACCEPT` (filter), line 7 `-A INPUT -p tcp -m state --state NEW -m tcp --dport 22 -j ACCEPT` (filter). The host runs without them until the firewall service restarts or the host reboots, which brings them back.',
    );
  });

  it('is silent once the file is loaded, although the kernel prints its rules in another form and order', () => {
    for (const step of ['06-after-iptables-services-restart-el7-style', '07-after-dockerd-restart', '08-after-iptables-restore-only-el8-nft-style', '09-after-second-dockerd-restart']) {
      expect(DD402.check(snapshotOfStep(step), context)).toEqual([]);
    }
  });

  it("leaves Docker's rules saved into the file to Docker (case 17: iptables-save of a Docker host)", () => {
    const host = snapshotOfStep('07-after-dockerd-restart');
    const saved = withFacts(host, { savedRules: { files: [{ path: '/etc/sysconfig/iptables', present: true, text: corpusFile('../iptables/cases/17-docker-host-saved-by-iptables-save.rules'), family: 4 }] } });
    expect(DD402.check(saved, context)).toEqual([]);
  });
});
