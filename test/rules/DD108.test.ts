import { describe, expect, it } from 'vitest';
import DD108 from '../../rules/DD108.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

describe('DD108 refused combinations', () => {
  it('is silent for the captured host and for icc false with iptables on', () => {
    expect(DD108.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD108.check(daemonJson('{"icc": false}'), context('20.10.24'))).toEqual([]);
  });

  it('quotes the iptables/icc refusal verified on 20.10.24 (oracle 24)', () => {
    const [finding] = DD108.check(daemonJson('{"iptables": false,\n "icc": false}'), context('20.10.24'));
    expect(finding?.location).toEqual({ file: '/etc/docker/daemon.json', line: 2, column: 2 });
    expect(finding?.message).toBe(
      'icc is false while iptables is false. dockerd refuses to start: "failed to start daemon: You specified --iptables=false with --icc=false. ICC=false uses iptables to function. Please set --icc or --iptables to true".',
    );
  });

  it('reports ip6tables without experimental on ≤26 only (oracle 25)', () => {
    expect(DD108.check(daemonJson('{"ip6tables": true}'), context('20.10.24'))[0]?.message).toContain(
      '"failed to start daemon: ip6tables rules are only available if experimental features are enabled"',
    );
    expect(DD108.check(daemonJson('{"ip6tables": true, "experimental": true}'), context('20.10.24'))).toEqual([]);
    expect(DD108.check(daemonJson('{"ip6tables": true}'), context('27.0.3'))).toEqual([]);
  });

  it('reports bip together with bridge', () => {
    expect(DD108.check(daemonJson('{"bip": "10.1.0.1/24", "bridge": "br0"}'), context('29.7.2'))[0]?.message).toBe(
      'bip and bridge are both set. dockerd refuses to start: "failed to start daemon: You specified -b & --bip, mutually exclusive options. Please specify only one".',
    );
  });
});

describe('DD108 and its siblings read an empty string as unset, as dockerd does (issue 11)', () => {
  it('"bip": "", "bridge": "", "fixed-cidr": "", "default-gateway": "" give no DD105–DD108 finding', async () => {
    const { default: DD105 } = await import('../../rules/DD105.js');
    const { default: DD106 } = await import('../../rules/DD106.js');
    const { default: DD107 } = await import('../../rules/DD107.js');
    const snapshot = daemonJson('{"bip": "", "bridge": "", "fixed-cidr": "", "default-gateway": "", "fixed-cidr-v6": "", "default-gateway-v6": ""}');
    for (const rule of [DD105, DD106, DD107, DD108]) {
      expect(rule.check(snapshot, context('20.10.24'))).toEqual([]);
      expect(rule.check(snapshot, context('29.7.2'))).toEqual([]);
    }
  });
});
