import { describe, expect, it } from 'vitest';
import DD106 from '../../rules/DD106.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

describe('DD106 fixed-cidr', () => {
  it('is silent without fixed-cidr and when it lies inside bip', () => {
    expect(DD106.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD106.check(daemonJson('{"bip": "10.1.0.1/16", "fixed-cidr": "10.1.5.0/24"}'), context('20.10.24'))).toEqual([]);
  });

  it('explains the ≤27 remapping seen on 20.10.24 (oracle 20)', () => {
    const [finding] = DD106.check(daemonJson('{"bip": "10.1.0.1/16", "fixed-cidr": "10.2.5.0/24"}'), context('20.10.24'));
    expect(finding?.severity).toBeUndefined();
    expect(finding?.message).toBe(
      "fixed-cidr 10.2.5.0/24 is outside bip's subnet 10.1.0.0/16. Docker 20.10.24 silently maps the range into 10.1.0.0/16, so containers get unexpected addresses (with bip 10.1.0.1/16 and fixed-cidr 10.2.5.0/24 the first container got 10.1.5.0, verified on 20.10.24).",
    );
    expect(finding?.location).toEqual({ file: '/etc/docker/daemon.json', line: 1, column: 24 });
  });

  it('checks against docker0 of the live engine when bip is not set, with the 28+ consequence', () => {
    expect(DD106.check(daemonJson('{"fixed-cidr": "10.2.5.0/24"}'), context('28.5.2'))[0]?.message).toBe(
      "fixed-cidr 10.2.5.0/24 is outside docker0's subnet 172.17.0.0/16. Docker 28.5.2 starts, but containers on the default bridge then fail to get an address (\"add-any, range '10.2.5.0/24' is not in subnet '172.17.0.0/16'\").",
    );
  });

  it('is an error when fixed-cidr is not CIDR', () => {
    const [finding] = DD106.check(daemonJson('{"fixed-cidr": "10.2.5.0"}'), context('20.10.24'));
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toBe(
      'fixed-cidr "10.2.5.0" is not CIDR. Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: invalid CIDR address: 10.2.5.0".',
    );
  });
});
