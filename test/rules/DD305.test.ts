import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe("DD305 compose subnet inside Docker's dynamic pools", () => {
  it('warns about a pinned subnet in the built-in pools and names the project\'s own dynamic networks', async () => {
    expect(summary(await lintFixtures(['dd305']), 'DD305')).toEqual([
      'dd305/compose.yaml:11:19 warning DD305 Subnet 192.168.203.0/24 of network mail_webmail lies in pool 192.168.0.0/16 of Docker\'s built-in pools (no daemon.json given; --daemon-config names yours): a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space". Project mail itself creates network default without a subnet, which compose may create first.',
    ]);
  });

  it('uses the pools of daemon.json when given, so a subnet outside them is fine', async () => {
    const daemonJson = '{"default-address-pools": [{"base": "10.200.0.0/16", "size": 24}]}';
    expect(summary(await lintFixtures(['dd305', 'seed'], { daemonJson }), 'DD305')).toEqual([]);
    expect(summary(await lintFixtures(['valid'], { daemonJson: '{"default-address-pools": [{"base": "10.77.0.0/16", "size": 24}]}' }), 'DD305')).toEqual([
      'valid/compose.yaml:25:19 warning DD305 Subnet 10.77.2.0/24 of network ledger_back lies in pool 10.77.0.0/16 of default-address-pools in /etc/docker/daemon.json: a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
      'valid/compose.yaml:17:19 warning DD305 Subnet 10.77.1.0/24 of network ledger_front lies in pool 10.77.0.0/16 of default-address-pools in /etc/docker/daemon.json: a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
    ]);
  });

  it('checks overlay networks against the swarm pool, bridges against the local pools', async () => {
    expect(summary(await lintFixtures(['overlay']), 'DD305')).toEqual([
      'overlay/compose.yaml:11:19 warning DD305 Subnet 10.0.9.0/24 of network swarmy_mesh lies in pool 10.0.0.0/8 of the swarm\'s built-in pool 10.0.0.0/8: a network created without a subnet can be given an overlapping block first, and `up` then fails with "invalid pool request: Pool overlaps with other one on this address space".',
    ]);
  });

  it('is silenced by an inline comment on the line or the line above', async () => {
    const result = await lintFixtures(['suppressed']);
    expect(summary(result, 'DD305')).toEqual([]);
    expect(result.suppressed.map((f) => `${f.ruleId} ${f.location?.line}`)).toEqual(['DD305 12', 'DD305 16']);
  });

  it('finds nothing outside the pools', async () => {
    expect(summary(await lintFixtures(['valid', 'dd306', 'ipv6']), 'DD305')).toEqual([]);
  });
});
