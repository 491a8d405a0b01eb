import { describe, expect, it } from 'vitest';
import DD201 from '../../rules/DD201.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

describe('DD201 pool base', () => {
  it('is silent without pools and for valid ones', () => {
    expect(DD201.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD201.check(daemonJson('{"default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}'), context('20.10.24'))).toEqual([]);
  });

  it('quotes the 20.10 error verified on 20.10.24 (oracle 25b), at the entry', () => {
    const [finding, ...rest] = DD201.check(daemonJson('{\n  "default-address-pools": [\n    {"base": "10.0.0.0", "size": 24}\n  ]\n}'), context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding?.location).toEqual({ file: '/etc/docker/daemon.json', line: 3, column: 14 });
    expect(finding?.message).toBe(
      'default-address-pools entry 0: base "10.0.0.0" is not a CIDR (address/prefix-length). Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: error obtaining controller instance: invalid base pool "10.0.0.0": invalid CIDR address: 10.0.0.0".',
    );
  });

  it('uses the 27+ decode error, with the 29.7.2 "invalid JSON" prefix', () => {
    const config = '{"default-address-pools": [{"base": "10.0.0.0", "size": 24}]}';
    expect(DD201.check(daemonJson(config), context('27.0.3'))[0]?.evidence?.['dockerdError']).toBe(
      `unable to configure the Docker daemon with file /etc/docker/daemon.json: netip.ParsePrefix("10.0.0.0"): no '/'`,
    );
    expect(DD201.check(daemonJson(config), context('29.7.2'))[0]?.evidence?.['dockerdError']).toBe(
      `unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid JSON: netip.ParsePrefix("10.0.0.0"): no '/'`,
    );
  });

  it('reports a list that is not a list', () => {
    expect(DD201.check(daemonJson('{"default-address-pools": {"base": "10.0.0.0/8", "size": 24}}'), context('20.10.24'))[0]?.evidence?.['dockerdError']).toBe(
      'unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal object into Go value of type []*ipamutils.NetworkToSplit',
    );
  });
});
