import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD301 compose subnet is not a valid network address', () => {
  it('reports host bits, a missing prefix length and an empty interpolated subnet, at the value', async () => {
    expect(summary(await lintFixtures(['dd301']), 'DD301')).toEqual([
      'dd301/compose.yaml:18:19 error DD301 The subnet of network broken-subnets_empty is empty after interpolation (UNSET_SUBNET has no value and no default), so `up` fails creating it.',
      'dd301/compose.yaml:10:19 error DD301 Subnet 10.61.3.4/16 of network broken-subnets_hostbits has host bits set: Docker 29.7.2 refuses it with "invalid subnet 10.61.3.4/16: it should be 10.61.0.0/16".',
      'dd301/compose.yaml:14:19 error DD301 Subnet "10.62.0.0" of network broken-subnets_notcidr is not a CIDR (address/prefix-length), so `up` fails creating it: "invalid subnet 10.62.0.0: invalid CIDR block notation".',
    ]);
  });

  it('warns only about host bits on engines before 25.0, which store the subnet as written (corpus pools/08)', async () => {
    const result = await lintFixtures(['dd301'], { engineVersion: '20.10.24', environment: { UNSET_SUBNET: '10.65.0.0/24' } });
    expect(summary(result, 'DD301')).toEqual([
      'dd301/compose.yaml:14:19 error DD301 Subnet "10.62.0.0" of network broken-subnets_notcidr is not a CIDR (address/prefix-length), so `up` fails creating it: "Invalid subnet 10.62.0.0 : invalid CIDR address: 10.62.0.0".',
      'dd301/compose.yaml:10:19 warning DD301 Subnet 10.61.3.4/16 of network broken-subnets_hostbits has host bits set: Docker 20.10.24 accepts it and stores it as written, but Docker 25.0 and later refuse it ("invalid subnet 10.61.3.4/16: it should be 10.61.0.0/16").',
    ]);
    expect(result.report.findings.find((f) => f.subject === 'network:broken-subnets_hostbits')?.fix.text).toBe('Write the network address: subnet: 10.61.0.0/16');
  });

  it('finds nothing in valid subnets', async () => {
    expect(summary(await lintFixtures(['valid', 'seed', 'ipv6']), 'DD301')).toEqual([]);
  });
  it('leaves IPv6 entries of networks without enable_ipv6 alone: no pool is allocated (no DD303), and 26.0+ does not check them', async () => {
    expect(summary(await lintFixtures(['ipv6-disabled']))).toEqual([]);
    expect(summary(await lintFixtures(['ipv6-disabled'], { engineVersion: '25.0.0' }))).toEqual([
      'ipv6-disabled/compose.yaml:12:19 error DD301 Subnet fd00:90::1/64 of network ipv6-disabled_lan has host bits set: Docker 25.0.0 refuses it with "invalid subnet fd00:90::1/64: it should be fd00:90::/64".',
      'ipv6-disabled/compose.yaml:13:20 error DD302 gateway fd00:91::1 of network ipv6-disabled_lan is outside its subnet fd00:90::1/64, so `up` fails creating the network: "invalid gateway fd00:91::1: parent subnet fd00:90::1/64 doesn\'t contain this address".',
    ]);
  });
});
