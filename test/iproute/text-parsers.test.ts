import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AddrTextError, interfacesFromText } from '../../src/iproute/addr-text.js';
import { interfacesFromJson, routesFromJson } from '../../src/iproute/json.js';
import { RouteTextError, routesFromText } from '../../src/iproute/route-text.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/iproute/${name}`, import.meta.url), 'utf8');

describe('ip text output, read as ip -j reads the same state (iproute2 6.1 capture)', () => {
  for (const family of [4, 6] as const) {
    it(`route show table all, IPv${family}`, () => {
      const fromJson = routesFromJson(fixture(`iproute2-6.1/route-${family}.json`), family);
      expect(fromJson.length).toBeGreaterThan(15);
      expect(routesFromText(fixture(`iproute2-6.1/route-${family}.txt`), family)).toEqual(fromJson);
    });
  }

  it('addr', () => {
    const fromJson = interfacesFromJson(fixture('iproute2-6.1/addr.json'));
    expect(fromJson.map((i) => i.name)).toEqual(['lo', 'eth0-peer', 'eth0', 'br-0123456789ab', 'docker0', 'tun0-peer', 'tun0']);
    expect(interfacesFromText(fixture('iproute2-6.1/addr.txt'))).toEqual(fromJson);
  });
});

describe('older iproute2 text', () => {
  it('reads CentOS 7.7 `ip route` (iproute 4.11, no -j)', () => {
    expect(routesFromText(fixture('el7/centos-7.7-ip-route.txt'), 4)).toEqual([
      { family: 4, dst: 'default', dev: 'enp0s3', gateway: '10.0.2.2', scope: null, table: 'main', type: 'unicast', protocol: 'dhcp' },
      { family: 4, dst: '10.0.2.0/24', dev: 'enp0s3', gateway: null, scope: 'link', table: 'main', type: 'unicast', protocol: 'kernel' },
      { family: 4, dst: '169.254.0.0/16', dev: 'enp0s3', gateway: null, scope: 'link', table: 'main', type: 'unicast', protocol: null },
      { family: 4, dst: '172.17.0.0/16', dev: 'docker0', gateway: null, scope: 'link', table: 'main', type: 'unicast', protocol: 'kernel' },
    ]);
  });

  it('reads the double-spaced attributes of 3.x/4.x', () => {
    expect(routesFromText(fixture('el7/double-spaced-ipv6-route.txt'), 6)).toEqual([
      { family: 6, dst: '::/96', dev: 'lo', gateway: null, scope: null, table: 'main', type: 'unreachable', protocol: null },
    ]);
  });

  it('takes the all-zero gateway old versions print on local IPv6 routes as none, and a gateway of the other family', () => {
    expect(routesFromText('local ::1 via :: dev lo  proto none  metric 0\n10.9.0.0/16 via inet6 fe80::1 dev eth0\n', 6)).toEqual([
      { family: 6, dst: '::1', dev: 'lo', gateway: null, scope: null, table: 'main', type: 'local', protocol: 'none' },
      { family: 6, dst: '10.9.0.0/16', dev: 'eth0', gateway: 'fe80::1', scope: null, table: 'main', type: 'unicast', protocol: null },
    ]);
  });

  it('reads a link line without `group` or `state` (old kernels) and an address without a prefix', () => {
    const text = '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc pfifo_fast qlen 1000\n    link/ether 52:54:00:12:34:56 brd ff:ff:ff:ff:ff:ff\n    inet 10.0.0.5 scope global eth0\n';
    expect(interfacesFromText(text)).toEqual([{ name: 'eth0', state: 'UNKNOWN', addresses: [{ family: 4, address: '10.0.0.5', prefixLength: 32 }] }]);
  });
});

describe('the text parsers on any input', () => {
  it('return entries or throw only their own error', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '1', ' ', '\t', '\n', '/', ':', '@', 'via ', 'dev ', 'inet ', 'peer ', 'nexthop', '<UP>', '2: x: ') }), (text) => {
        for (const parse of [() => routesFromText(text, 4), () => interfacesFromText(text)]) {
          try {
            parse();
          } catch (error) {
            expect(error instanceof RouteTextError || error instanceof AddrTextError).toBe(true);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});
