import { describe, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';

describe('DD205 in lint: compose subnets outside private space', () => {
  it('flags 172.32.0.0/16 at its line and column, and not 172.31.0.0/16', async () => {
    const result = await lintFixtures(['dd205']);
    expect(summary(result, 'DD205')).toEqual([
      'dd205/compose.yaml:11:19 warning DD205 compose network publicrange_outside 172.32.0.0/16 is public address space (not RFC 1918, RFC 6598 or IPv6 ULA). Hosts on the Internet with those addresses become unreachable from this host and its containers, because the Docker bridge route wins. dockerd does not check this.',
    ]);
  });

  it('is silent for a project whose subnets are private', async () => {
    expect(summary(await lintFixtures(['dd306']), 'DD205')).toEqual([]);
  });
});
