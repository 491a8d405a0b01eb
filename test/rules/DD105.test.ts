import { describe, expect, it } from 'vitest';
import DD105 from '../../rules/DD105.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

describe('DD105 bip', () => {
  it('is silent for the captured host and for a usable bip', () => {
    expect(DD105.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD105.check(daemonJson('{"bip": "172.17.0.1/16"}'), context('20.10.24'))).toEqual([]);
  });

  it('quotes the 20.10 error for a bip without prefix length (moby-facts oracle 18, verified on 20.10.24)', () => {
    const [finding] = DD105.check(daemonJson('{\n  "bip": "172.17.0.1"\n}'), context('20.10.24'));
    expect(finding?.location).toEqual({ file: '/etc/docker/daemon.json', line: 2, column: 3 });
    expect(finding?.message).toBe(
      'bip "172.17.0.1" is not an address with a prefix length (CIDR). Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: invalid CIDR address: 172.17.0.1".',
    );
  });

  it('uses the 28+ wording', () => {
    expect(DD105.check(daemonJson('{"bip": "172.17.0.1"}'), context('28.5.2'))[0]?.message).toContain(
      '"failed to start daemon: Error initializing network controller: parse bip failed: invalid CIDR address: 172.17.0.1"',
    );
  });

  it('reports the network and broadcast addresses with the gateway error (oracles 19 and 25b)', () => {
    expect(DD105.check(daemonJson('{"bip": "172.17.0.0/16"}'), context('20.10.24'))[0]?.message).toBe(
      'bip 172.17.0.0/16 is the network address of 172.17.0.0/16, so docker0 cannot use it as its gateway. Docker 20.10.24 refuses to start: "failed to start daemon: Error initializing network controller: Error creating default "bridge" network: failed to allocate gateway (172.17.0.0): Address already in use".',
    );
    const broadcast = DD105.check(daemonJson('{"bip": "172.17.255.255/16"}'), context('29.7.2'))[0];
    expect(broadcast?.message).toContain('error creating default "bridge" network: failed to allocate gateway (172.17.255.255): Address already in use');
    expect(broadcast?.fix.text).toBe("bip is docker0's own address, not the network: use 172.17.0.1/16.");
  });
});
