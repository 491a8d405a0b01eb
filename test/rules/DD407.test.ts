import { describe, expect, it } from 'vitest';
import DD407 from '../../rules/DD407.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');
const KEY = 'net.bridge.bridge-nf-call-iptables';

describe('DD407', () => {
  it('reports br_netfilter missing on the icc=false daemon (04b)', () => {
    const host = withFacts(snapshotOfStep('04b-icc-false-with-container'), { sysctls: { values: { 'net.ipv4.ip_forward': '1', [KEY]: null } } });
    const [finding, ...rest] = DD407.check(host, context);
    expect(rest).toEqual([]);
    expect(finding!.message).toBe(
      'br_netfilter is not loaded (the sysctl does not exist), but network bridge has inter-container communication disabled (icc=false): packets between containers on one bridge never reach iptables, so the `-i docker0 -o docker0 -j DROP` rule does nothing and the containers can talk to each other.',
    );
    expect(finding!.fix.commands).toEqual(['modprobe br_netfilter', `sysctl -w ${KEY}=1`]);
  });

  it('reports the sysctl set to 0, and is silent when it is 1', () => {
    const host = snapshotOfStep('04b-icc-false-with-container');
    expect(DD407.check(withFacts(host, { sysctls: { values: { [KEY]: '0' } } }), context)[0]!.message).toMatch(/^net\.bridge\.bridge-nf-call-iptables is 0, but network bridge has/);
    expect(DD407.check(withFacts(host, { sysctls: { values: { [KEY]: '1' } } }), context)).toEqual([]);
  });

  it('is silent when every network allows inter-container traffic: Docker does not rely on it then', () => {
    const host = withFacts(snapshotOfStep('03b-second-container-on-user-network'), { sysctls: { values: { [KEY]: null } } });
    expect(DD407.check(host, context)).toEqual([]);
  });
});
