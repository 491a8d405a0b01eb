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

describe('DD108 siblings (issue 11)', () => {
  it('bip with "bridge": "none" is refused too (verified on 20.10.24 in test/integration)', () => {
    expect(DD108.check(daemonJson('{"bip": "10.1.0.1/24", "bridge": "none"}'), context('20.10.24')).map((f) => f.subject)).toEqual(['daemon:bip']);
  });

  it('bip6 with bridge from 28.0', () => {
    const snapshot = daemonJson('{"ipv6": true, "bip6": "fd00:1::1/64", "bridge": "br0"}');
    expect(DD108.check(snapshot, context('27.5.1'))).toEqual([]);
    expect(DD108.check(snapshot, context('28.0.0'))[0]?.message).toBe(
      'bip6 and bridge are both set. Docker 28.0.0 refuses to start: "failed to start daemon: You specified -b & --bip6, mutually exclusive options. Please specify only one".',
    );
  });

  it('icc false with ipv6 and ip6tables false from 27.0', () => {
    const snapshot = daemonJson('{"icc": false, "ipv6": true, "ip6tables": false, "fixed-cidr-v6": "fd00:1::/64"}');
    expect(DD108.check(snapshot, context('26.1.5'))).toEqual([]);
    expect(DD108.check(snapshot, context('27.0.1'))[0]?.message).toContain('"failed to start daemon: You specified --ip6tables=false with --icc=false. ICC=false uses ip6tables to function. Please set --icc or --ip6tables to true".');
    expect(DD108.check(daemonJson('{"icc": false, "ipv6": true}'), context('29.7.2'))).toEqual([]);
  });
});
