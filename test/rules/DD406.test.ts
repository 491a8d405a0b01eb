import { describe, expect, it } from 'vitest';
import DD406 from '../../rules/DD406.js';
import { snapshotOfStep, withFacts } from '../iptables/docker-support.js';
import { ruleContext } from '../iptables/rule-context.js';
import { nftablesEngine, nftablesHost } from '../nftables/host.js';

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
        evidence: { 'net.ipv4.ip_forward': '0', networks: ['bridge', 'mynet'], backend: 'iptables' },
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

  describe('under the nftables backend (29+), where dockerd does not set forwarding', () => {
    const nft = nftablesHost();
    const nftContext = ruleContext('29.7.2');

    it("quotes dockerd's refusal for IPv4", () => {
      const [finding, ...rest] = DD406.check(withFacts(nft, { sysctls: { values: { 'net.ipv4.ip_forward': '0', 'net.ipv6.conf.all.forwarding': '1', 'net.ipv6.conf.default.forwarding': '1' } } }), nftContext);
      expect(rest).toEqual([]);
      expect(finding!.message).toBe(
        'net.ipv4.ip_forward is 0: the kernel forwards no IPv4 packets, so containers on dummy cannot reach the outside and published ports do not answer. Under the nftables firewall backend dockerd does not set it: it leaves forwarding and its security to the host, and refuses to start or to create a network with "IPv4 forwarding is disabled: check your host\'s firewalling and set sysctl net.ipv4.ip_forward=1, or disable this check using daemon option --ip-forward=false".',
      );
      expect(finding!.fix.commands).toEqual(['sysctl -w net.ipv4.ip_forward=1']);
    });

    it('needs both net.ipv6.conf.all.forwarding and .default.forwarding for IPv6', () => {
      const defaultOff = DD406.check(withFacts(nft, { sysctls: { values: { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '1', 'net.ipv6.conf.default.forwarding': '0' } } }), nftContext);
      expect(defaultOff.map((f) => f.subject)).toEqual(['sysctl:net.ipv6.conf.default.forwarding']);
      expect(defaultOff[0]!.message).toContain('"IPv6 global forwarding is disabled: check your host\'s firewalling and set sysctls net.ipv6.conf.all.forwarding=1 and net.ipv6.conf.default.forwarding=1, or disable this check using daemon option --ip-forward=false"');
      const bothOff = DD406.check(withFacts(nft, { sysctls: { values: { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '0', 'net.ipv6.conf.default.forwarding': '0' } } }), nftContext);
      expect(bothOff[0]!.fix.commands).toEqual(['sysctl -w net.ipv6.conf.all.forwarding=1', 'sysctl -w net.ipv6.conf.default.forwarding=1']);
    });

    it('says nothing about IPv6 when no network has it', () => {
      const v4only = withFacts(nft, { engine: nftablesEngine({ networks: nftablesEngine().networks.map((n) => ({ ...n, enableIPv6: false })) }), sysctls: { values: { 'net.ipv4.ip_forward': '1', 'net.ipv6.conf.all.forwarding': '0', 'net.ipv6.conf.default.forwarding': '0' } } });
      expect(DD406.check(v4only, nftContext)).toEqual([]);
    });
  });
});
