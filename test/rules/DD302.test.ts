import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD302 compose address outside its subnet', () => {
  it('reports gateway, ip_range, aux address and static addresses outside their subnet, at each value', async () => {
    expect(summary(await lintFixtures(['dd302']), 'DD302')).toEqual([
      'dd302/compose.yaml:9:23 error DD302 Service app sets ipv4_address 10.64.0.5 on network strays_dynamic, which has no configured subnet: the engine refuses it ("user specified IP address is supported only when connecting to networks with user configured subnets").',
      'dd302/compose.yaml:21:21 error DD302 ip_range 10.63.0.0/23 of network strays_lan is not inside its subnet 10.63.0.0/24: Docker 29.7.2 refuses it ("invalid ip-range 10.63.0.0/23: CIDR block is bigger than its parent subnet 10.63.0.0/24").',
      'dd302/compose.yaml:20:20 error DD302 gateway 10.63.1.1 of network strays_lan is outside its subnet 10.63.0.0/24, so `up` fails creating the network: "invalid gateway 10.63.1.1: parent subnet 10.63.0.0/24 doesn\'t contain this address".',
      'dd302/compose.yaml:24:21 error DD302 aux_addresses.router 192.0.2.1 of network strays_lan is outside its subnet 10.63.0.0/24, so `up` fails creating the network: "invalid auxiliary address router: parent subnet 10.63.0.0/24 doesn\'t contain this address".',
      'dd302/compose.yaml:7:23 error DD302 ipv4_address 10.63.9.9 of service app is outside every subnet of network strays_lan (10.63.0.0/24), so the container cannot start on it.',
    ]);
  });

  it('quotes libnetwork for aux addresses on engines before 25.0', async () => {
    const messages = summary(await lintFixtures(['dd302'], { engineVersion: '20.10.24' }), 'DD302');
    expect(messages).toContain(
      'dd302/compose.yaml:24:21 error DD302 aux_addresses.router 192.0.2.1 of network strays_lan is outside its subnet 10.63.0.0/24, so `up` fails creating the network: "auxiliary address: (router:192.0.2.1) must belong to the master pool: 10.63.0.0/24".',
    );
  });

  it('points at the override file that brought the gateway in', async () => {
    expect(summary(await lintFixtures(['overrides']), 'DD302')).toEqual([
      'overrides/compose.override.yaml:7:20 error DD302 gateway 10.50.1.1 of network billing_core is outside its subnet 10.50.0.0/24, so `up` fails creating the network: "invalid gateway 10.50.1.1: parent subnet 10.50.0.0/24 doesn\'t contain this address".',
    ]);
  });

  it('checks IPv6 addresses against the IPv6 subnets', async () => {
    expect(summary(await lintFixtures(['ipv6']), 'DD302')).toEqual([
      'ipv6/compose.yaml:8:23 error DD302 ipv6_address fd00:db8:2::10 of service web is outside every subnet of network dual_dualstack (10.60.0.0/24, fd00:db8:1::/64), so the container cannot start on it.',
    ]);
  });

  it('refuses an ip_range with host bits from 25.0 (ValidateIPAM), warns before, with the masked range', async () => {
    expect(summary(await lintFixtures(['ip-range-host-bits']), 'DD302')).toEqual([
      'ip-range-host-bits/compose.yaml:10:21 error DD302 ip_range 192.168.1.5/30 of network ip-range-host-bits_lan has host bits set: Docker 29.7.2 refuses it with "invalid ip-range 192.168.1.5/30: it should be 192.168.1.4/30".',
    ]);
    expect(summary(await lintFixtures(['ip-range-host-bits'], { engineVersion: '25.0.0' }), 'DD302')).toEqual([
      'ip-range-host-bits/compose.yaml:10:21 error DD302 ip_range 192.168.1.5/30 of network ip-range-host-bits_lan has host bits set: Docker 25.0.0 refuses it with "invalid ip-range 192.168.1.5/30: it should be 192.168.1.4/30".',
    ]);
    expect(summary(await lintFixtures(['ip-range-host-bits'], { engineVersion: '24.0.9' }), 'DD302')).toEqual([
      'ip-range-host-bits/compose.yaml:10:21 warning DD302 ip_range 192.168.1.5/30 of network ip-range-host-bits_lan has host bits set: Docker 24.0.9 accepts it and stores it as written, but Docker 25.0 and later refuse it ("invalid ip-range 192.168.1.5/30: it should be 192.168.1.4/30").',
    ]);
  });

  it('finds nothing when every address is inside its subnet', async () => {
    expect(summary(await lintFixtures(['valid', 'seed']), 'DD302')).toEqual([]);
  });
});
