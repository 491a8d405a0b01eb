import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import DD202 from '../../rules/DD202.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

const corpus = (name: string): { daemon: string; error: string } => {
  const dir = new URL(`../../fixtures/pools/corpus/${name}/`, import.meta.url);
  const result = JSON.parse(readFileSync(new URL('result.json', dir), 'utf8')) as { daemon_error_lines: string[] };
  return { daemon: readFileSync(new URL('daemon.json', dir), 'utf8'), error: result.daemon_error_lines[0]! };
};

describe('DD202 pool size', () => {
  it('is silent for the captured host and a valid pool', () => {
    expect(DD202.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD202.check(daemonJson('{"default-address-pools": [{"base": "10.10.0.0/16", "size": 24}]}'), context('20.10.24'))).toEqual([]);
  });

  it('quotes exactly what dockerd 20.10.24 printed for size 8 and size 33 (corpus/pools 05, 05b)', () => {
    for (const name of ['05-size-smaller-than-base', '05b-size-33']) {
      const { daemon, error } = corpus(name);
      const [finding] = DD202.check(daemonJson(daemon), context('20.10.24'));
      expect(finding?.evidence?.['dockerdError']).toBe(error);
      expect(finding?.message).toContain(`refuses to start: "${error}"`);
    }
  });

  it('uses the 27+ wording with the entry printed as Go does', () => {
    expect(DD202.check(daemonJson(corpus('05-size-smaller-than-base').daemon), context('27.0.3'))[0]?.evidence?.['dockerdError']).toBe(
      'failed to start daemon: Error initializing network controller: error obtaining controller instance: could not construct local address space: network at index 0 (&{10.0.0.0/16 8}) has a smaller prefix (/16) than the target size of that pool (/8)',
    );
    expect(DD202.check(daemonJson('{"default-address-pools": [{"base": "10.0.0.0/16"}]}'), context('28.5.2'))[0]?.evidence?.['dockerdError']).toBe(
      'failed to start daemon: Error initializing network controller: error obtaining controller instance: could not construct local address space: network at index 0 (&{10.0.0.0/16 0}) is not in canonical form',
    );
  });

  it('warns about IPv6 targets of /64 or bigger on ≤26 only', () => {
    const config = daemonJson('{"default-address-pools": [{"base": "fd00::/48", "size": 64}]}');
    expect(DD202.check(config, context('26.1.4'))[0]?.message).toBe(
      'default-address-pools entry 0 (fd00::/48, size 64) targets IPv6 subnets of /64 or bigger. Docker 26.1.4 computes them in a 64-bit integer: every one equals fd00::/64, so one network gets it and the rest fail, and dockerd builds the whole list of 65536 entries in memory (moby issues #40275, #42801).',
    );
    expect(DD202.check(config, context('27.0.3'))).toEqual([]);
  });
});
