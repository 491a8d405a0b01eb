import { describe, expect, it } from 'vitest';
import DD406 from '../../rules/DD406.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';

const context = ruleContext('20.10.24');
const host = snapshotOfStep('03b-second-container-on-user-network');

describe('DD406', () => {
  it('is silent with forwarding on, as dockerd left it (sysctl.txt of every step)', () => {
    expect(DD406.check(host, context)).toEqual([]);
  });

  it('reports ip_forward=0 (what step 00 recorded before dockerd switched it on), naming the networks it cuts off', () => {
    const off = withFacts(host, { sysctls: { values: { 'net.ipv4.ip_forward': '0' } } });
    expect(DD406.check(off, context)).toEqual([
      {
        subject: 'sysctl:net.ipv4.ip_forward',
        message:
          'net.ipv4.ip_forward is 0: the kernel forwards no IPv4 packets, so containers on bridge, mynet cannot reach the outside and published ports do not answer. dockerd sets it to 1 when it starts; something reset it since (`sysctl -p`/`sysctl --system` with net.ipv4.ip_forward = 0 in /etc/sysctl.conf or /etc/sysctl.d, or a network service restart).',
        evidence: { 'net.ipv4.ip_forward': '0', networks: ['bridge', 'mynet'] },
        fix: {
          text: 'Set it now and make it stick: `sysctl -w net.ipv4.ip_forward=1`, and set net.ipv4.ip_forward = 1 in a file under /etc/sysctl.d/ (and remove any `= 0` line) so the next `sysctl --system` keeps it.',
          commands: ['sysctl -w net.ipv4.ip_forward=1'],
        },
      },
    ]);
  });

  it('says nothing when dockerd is told not to manage forwarding (ip-forward: false)', () => {
    const off = withFacts(host, { sysctls: { values: { 'net.ipv4.ip_forward': '0' } }, daemonConfig: { path: '/etc/docker/daemon.json', present: true, text: '{"ip-forward": false}' } });
    expect(DD406.check(off, context)).toEqual([]);
  });
});
