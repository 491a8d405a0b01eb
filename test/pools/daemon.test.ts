import { describe, expect, it } from 'vitest';
import { parseDaemonConfig } from '../../src/daemon/config.js';
import { formatPrefix } from '../../src/net/prefix.js';
import { poolBehaviour } from '../../src/pools/behaviour.js';
import { SimulatedDaemon } from '../../src/pools/daemon.js';
import { bridgeSettings, effectiveLocalPools } from '../../src/pools/effective.js';
import { hostReservations } from '../../src/pools/host.js';
import { networkSettings } from '../../src/pools/settings.js';
import { routeFromText } from './corpus-support.js';

function daemon(json: string, version: string, routes: string[] = []): SimulatedDaemon {
  const behaviour = poolBehaviour(version);
  const settings = networkSettings(parseDaemonConfig('/etc/docker/daemon.json', json), undefined, version);
  return new SimulatedDaemon(behaviour, effectiveLocalPools(settings, behaviour, null), bridgeSettings(settings), hostReservations(routes.map(routeFromText), [], behaviour));
}

const created = (d: SimulatedDaemon): string => {
  const r = d.create();
  return 'error' in r ? r.error : r.inspect.join(',');
};

describe('the simulated daemon across versions (moby-facts §6 oracles)', () => {
  it('oracle 5: ≤26 follows the written pool order, 27+ sorts by address', () => {
    const json = '{"default-address-pools": [{"base": "192.168.0.0/16", "size": 24}, {"base": "10.0.0.0/8", "size": 24}]}';
    const old = daemon(json, '26.1.4');
    expect(formatPrefix((old.start() as { docker0: never }).docker0)).toBe('192.168.0.0/24');
    expect(created(old)).toBe('192.168.1.0/24');
    const modern = daemon(json, '27.0.3');
    expect(formatPrefix((modern.start() as { docker0: never }).docker0)).toBe('10.0.0.0/24');
    expect(created(modern)).toBe('10.0.1.0/24');
  });

  it('oracle 11: a released subnet comes back at once on 27+, only after the wrap on ≤26', () => {
    for (const [version, expected] of [['20.10.24', '172.20.0.0/16'], ['27.0.3', '172.18.0.0/16']] as const) {
      const d = daemon('{}', version);
      d.start();
      const a = d.create();
      if (!('subnets' in a)) throw new Error(a.error);
      created(d);
      d.remove(a.subnets[0]!);
      expect(created(d)).toBe(expected);
    }
  });

  it('oracle 7: the 31st network fails with the version’s own message', () => {
    for (const [version, message] of [
      ['20.10.24', 'Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network'],
      ['29.7.2', 'Error response from daemon: all predefined address pools have been fully subnetted'],
    ] as const) {
      const d = daemon('{}', version);
      d.start();
      const results = Array.from({ length: 31 }, () => created(d));
      expect(results[29]).toBe('192.168.240.0/20');
      expect(results[30]).toBe(message);
    }
  });

  it('oracles 12 and 13: explicit subnets, per version', () => {
    const old = daemon('{}', '20.10.24');
    old.start();
    expect(old.create({ subnets: ['172.17.0.0/16'] })).toEqual({ error: 'Error response from daemon: Pool overlaps with other one on this address space' });
    expect(old.create({ subnets: ['172.20.0.1/16'] })).toMatchObject({ inspect: ['172.20.0.1/16'] });
    const modern = daemon('{}', '27.0.3');
    modern.start();
    expect(modern.create({ subnets: ['172.17.0.0/16'] })).toEqual({
      error: 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space',
    });
    expect(modern.create({ subnets: ['172.20.0.1/16'] })).toEqual({
      error: 'Error response from daemon: invalid network config:\ninvalid subnet 172.20.0.1/16: it should be 172.20.0.0/16',
    });
  });

  it('≤23 elects docker0 from the list even with bip set, and fails when no candidate passes the host check', () => {
    const d = daemon('{"bip": "10.1.0.1/24", "default-address-pools": [{"base": "10.50.0.0/24", "size": 24}]}', '20.10.24', ['10.50.0.0/24 dev eth1 scope link']);
    expect(d.start()).toEqual({
      error: 'failed to start daemon: Error initializing network controller: list bridge addresses failed: PredefinedLocalScopeDefaultNetworks List: [10.50.0.0/24]: no available network',
    });
    const newer = daemon('{"bip": "10.1.0.1/24", "default-address-pools": [{"base": "10.50.0.0/24", "size": 24}]}', '24.0.0', ['10.50.0.0/24 dev eth1 scope link']);
    expect(newer.start()).toEqual({ docker0: { family: 4, address: 0x0a010000n, length: 24 } });
  });

  it('before 20.10.15 every IPv4 route blocked a subnet, from 20.10.15 only on-link ones (libnetwork#779)', () => {
    const routes = ['0.0.0.0/1 via 10.8.0.1 dev tun0', '128.0.0.0/1 via 10.8.0.1 dev tun0'];
    const old = daemon('{}', '20.10.14', routes);
    expect(old.start()).toMatchObject({ error: expect.stringContaining('no available network') });
    const fixed = daemon('{}', '20.10.15', routes);
    expect(fixed.start()).toEqual({ docker0: { family: 4, address: 0xac110000n, length: 16 } });
  });

  it('oracle 15: 29+ reads --subnet 0.0.0.0/24 as "a /24 from the pools"', () => {
    const d = daemon('{}', '29.7.2');
    d.start();
    expect(created(d)).toBe('172.18.0.0/16');
    expect(d.create({ subnets: ['0.0.0.0/24'] })).toMatchObject({ inspect: ['172.19.0.0/24'] });
    expect(d.create({ subnets: ['0.0.0.0/8'] })).toEqual({ error: 'Error response from daemon: invalid address pool' });
    const before = daemon('{}', '28.5.2');
    before.start();
    expect(before.create({ subnets: ['0.0.0.0/24'] })).toMatchObject({ inspect: ['0.0.0.0/24'] });
  });
});
