import { describe, expect, it } from 'vitest';
import DD110 from '../../rules/DD110.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

const messages = (json: string, version: string) => DD110.check(daemonJson(json), context(version)).map((f) => f.message);
const FILE = 'unable to configure the Docker daemon with file /etc/docker/daemon.json';

describe('DD110 address options that do not parse', () => {
  it('is silent for the captured host, valid addresses and empty strings (unset)', () => {
    expect(DD110.check(healthy, context('20.10.24'))).toEqual([]);
    const ok = '{"ipv6": true, "fixed-cidr-v6": "fd00:1::/64", "bip6": "fd00:2::1/64", "default-gateway": "", "default-gateway-v6": "", "ip": "127.0.0.1", "dns": ["1.1.1.1", "2606:4700::1111"]}';
    for (const version of ['20.10.24', '25.0.5', '27.5.1', '28.5.2', '29.7.2']) expect(messages(ok, version)).toEqual([]);
  });

  it('fixed-cidr-v6 "2800:db8:4000:::/80" (the issue\'s input), per version', () => {
    const json = '{"ipv6": true, "fixed-cidr-v6": "2800:db8:4000:::/80"}';
    expect(messages(json, '20.10.24')).toEqual([
      'fixed-cidr-v6 "2800:db8:4000:::/80" is not CIDR. Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: invalid CIDR address: 2800:db8:4000:::/80".',
    ]);
    expect(messages(json, '25.0.5')[0]).toContain(`"${FILE}: merged configuration validation from file and command line flags failed: invalid fixed-cidr-v6: invalid CIDR address: 2800:db8:4000:::/80".`);
    expect(messages(json, '29.7.2')[0]).toBe(
      `fixed-cidr-v6 "2800:db8:4000:::/80" is not CIDR. Docker 29.7.2 refuses to start with an error beginning: "${FILE}: merged configuration validation from file and command line flags failed: invalid fixed-cidr-v6: invalid fixed-cidr-v6: netip.ParsePrefix("2800:db8:4000:::/80"): ParseAddr("2800:db8:4000:::"): ".`,
    );
  });

  it('fixed-cidr-v6 in multicast space, as in a real-world file: refused from 27 (validateIPv6Subnet)', () => {
    const json = '{"ipv6": true, "fixed-cidr-v6": "ffff:ffff:ffff:ffff:1::/80"}';
    expect(messages(json, '26.1.5')).toEqual([]);
    expect(messages(json, '27.0.1')[0]).toContain("invalid fixed-cidr-v6: invalid fixed-cidr-v6: multicast subnet 'ffff:ffff:ffff:ffff:1::/80' is not allowed\".");
  });

  it('an IPv4 subnet or a link-local clash in fixed-cidr-v6 (moby bridge_linux_test.go cases)', () => {
    expect(messages('{"fixed-cidr-v6": "10.3.4.5/24"}', '29.7.2')[0]).toContain("invalid fixed-cidr-v6: '10.3.4.5/24' is not a valid IPv6 subnet\".");
    expect(messages('{"fixed-cidr-v6": "fe80::/63"}', '29.7.2')[0]).toContain("invalid fixed-cidr-v6: 'fe80::/63' clashes with the Link-Local prefix 'fe80::/64'\".");
    expect(messages('{"fixed-cidr-v6": "fe80::/64"}', '29.7.2')).toEqual([]);
    expect(messages('{"fixed-cidr-v6": "10.3.4.5/24"}', '25.0.5')[0]).toContain('invalid fixed-cidr-v6: fixed-cidr-v6 is not an IPv6 subnet".');
  });

  it('net.IP options and dns entries, per version', () => {
    expect(messages('{"default-gateway": "10.0.0.256"}', '29.7.2')).toEqual([
      `default-gateway "10.0.0.256" is not an IP address. Docker 29.7.2 refuses to start: "${FILE}: invalid JSON: invalid IP address: 10.0.0.256".`,
    ]);
    const dns = '{"dns": ["8.8.8.888"]}';
    expect(messages(dns, '20.10.24')[0]).toContain(`"${FILE}: configuration validation from file failed: 8.8.8.888 is not an ip address".`);
    expect(messages(dns, '24.0.9')[0]).toContain(`"${FILE}: merged configuration validation from file and command line flags failed: 8.8.8.888 is not an ip address".`);
    expect(messages(dns, '28.5.2')[0]).toContain(`"${FILE}: invalid IP address: 8.8.8.888".`);
    expect(messages(dns, '29.7.2')[0]).toContain(`refuses to start with an error beginning: "${FILE}: invalid JSON: ParseAddr("8.8.8.888"): ".`);
    // opts.ValidateIPAddress trims spaces (≤24); net.IP and netip do not.
    expect(messages('{"dns": [" 8.8.8.8"]}', '20.10.24')).toEqual([]);
    expect(messages('{"dns": [" 8.8.8.8"]}', '28.5.2')).toHaveLength(1);
  });

  it('bip6 (28+) when the default bridge has IPv6', () => {
    expect(messages('{"ipv6": true, "bip6": "fd00::1"}', '28.0.0')[0]).toContain('"failed to start daemon: Error initializing network controller: parse bip6 failed: invalid CIDR address: fd00::1".');
    expect(messages('{"bip6": "fd00::1"}', '28.0.0')).toEqual([]);
  });
});
