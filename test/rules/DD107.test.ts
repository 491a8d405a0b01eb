import { describe, expect, it } from 'vitest';
import DD107 from '../../rules/DD107.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

describe('DD107 default-gateway', () => {
  it('is silent without it and when it is inside docker0', () => {
    expect(DD107.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD107.check(daemonJson('{"default-gateway": "172.17.0.254"}'), context('20.10.24'))).toEqual([]);
  });

  it('quotes the error verified on 20.10.24 (oracle 21)', () => {
    const [finding] = DD107.check(daemonJson('{"default-gateway": "10.9.9.9"}'), context('20.10.24'));
    expect(finding?.message).toBe(
      'default-gateway 10.9.9.9 is not inside docker0\'s subnet 172.17.0.0/16. Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: Error creating default "bridge" network: auxiliary address: (DefaultGatewayIPv4:10.9.9.9) must belong to the master pool: 172.17.0.0/16".',
    );
  });

  it('checks against bip when it is set', () => {
    expect(DD107.check(daemonJson('{"bip": "10.9.0.1/16", "default-gateway": "10.9.9.9"}'), context('20.10.24'))).toEqual([]);
    expect(DD107.check(daemonJson('{"bip": "10.8.0.1/16", "default-gateway": "10.9.9.9"}'), context('29.7.2'))[0]?.evidence).toEqual({
      defaultGateway: '10.9.9.9',
      bridgeSubnet: '10.8.0.0/16',
      engineVersion: '29.7.2',
    });
  });
});

describe('DD107 for IPv6: default-gateway-v6 outside fixed-cidr-v6 (issue 11 sibling)', () => {
  const json = '{"ipv6": true, "fixed-cidr-v6": "fd00:1::/64", "default-gateway-v6": "fd00:2::1"}';
  it('quotes the 20.10 error (verified in test/integration) and the 25+ casing; silent without ipv6 and from 28', () => {
    expect(DD107.check(daemonJson(json), context('20.10.24'))[0]?.message).toBe(
      'default-gateway-v6 fd00:2::1 is not inside fixed-cidr-v6 fd00:1::/64. Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: Error creating default "bridge" network: auxiliary address: (DefaultGatewayIPv6:fd00:2::1) must belong to the master pool: fd00:1::/64".',
    );
    expect(DD107.check(daemonJson(json), context('27.5.1'))[0]?.message).toContain('error creating default "bridge" network: auxiliary address: (DefaultGatewayIPv6:fd00:2::1)');
    expect(DD107.check(daemonJson(json.replace('"ipv6": true, ', '')), context('20.10.24'))).toEqual([]);
    expect(DD107.check(daemonJson(json), context('28.0.0'))).toEqual([]);
    expect(DD107.check(daemonJson(json.replace('fd00:2::1', 'fd00:1::1')), context('20.10.24'))).toEqual([]);
  });
});
