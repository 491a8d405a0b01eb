import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

/** healthy-20.10 plus a WireGuard route in its own table and a nameserver, as wg-quick and a VPC resolver add them. */
function hostWithVpn(): Snapshot {
  const host = hostFixture('healthy-20.10');
  const routes = host.facts.routes as Exclude<typeof host.facts.routes, { unavailable: string }>;
  return {
    ...host,
    facts: {
      ...host.facts,
      routes: [...routes, { family: 4, dst: '10.9.0.0/16', dev: 'wg0', gateway: null, scope: 'link', table: '51820', type: 'unicast', protocol: 'static' }],
      resolvConf: { path: '/etc/resolv.conf', text: 'nameserver 10.8.0.2\n', nameservers: ['10.8.0.2'] },
    },
  };
}

describe('DD306 compose subnet overlaps a host route or reserved range', () => {
  it('reports a declared reserved range', async () => {
    expect(summary(await lintFixtures(['dd306'], { reserved: [{ cidr: '10.8.0.0/16', name: 'office VPN' }] }), 'DD306')).toEqual([
      'dd306/compose.yaml:10:19 warning DD306 Subnet 10.8.0.0/24 of network vpnclash_office overlaps reserved range 10.8.0.0/16 (office VPN): dockerd creates it without checking, and traffic from the host and containers to that range then goes to the bridge instead.',
    ]);
  });

  it('reports routes in other tables and nameservers from the snapshot, but not Docker\'s own bridges', async () => {
    expect(summary(await lintFixtures(['dd306', 'seed'], { host: hostWithVpn() }), 'DD306')).toEqual([
      'dd306/compose.yaml:14:19 warning DD306 Subnet 10.9.0.0/24 of network vpnclash_clear overlaps route 10.9.0.0/16 dev wg0 scope link table 51820: dockerd creates it without checking, and traffic from the host and containers to that range then goes to the bridge instead.',
      'dd306/compose.yaml:10:19 warning DD306 Subnet 10.8.0.0/24 of network vpnclash_office overlaps nameserver 10.8.0.2: dockerd creates it without checking, and traffic from the host and containers to that range then goes to the bridge instead.',
    ]);
  });

  it('finds nothing without host facts or reserved ranges', async () => {
    expect(summary(await lintFixtures(['dd306', 'valid']), 'DD306')).toEqual([]);
  });
});
