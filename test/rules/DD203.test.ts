import { describe, expect, it } from 'vitest';
import DD203 from '../../rules/DD203.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

const OVERLAPPING = '{"default-address-pools": [{"base": "10.0.0.0/8", "size": 24}, {"base": "10.10.0.0/16", "size": 28}]}';

describe('DD203 overlapping pools', () => {
  it('is silent without pools and for disjoint ones', () => {
    expect(DD203.check(healthy, context('20.10.24'))).toEqual([]);
    expect(DD203.check(daemonJson('{"default-address-pools": [{"base": "10.1.0.0/16", "size": 24}, {"base": "10.2.0.0/16", "size": 24}]}'), context('29.7.2'))).toEqual([]);
  });

  it('explains 27+ dropping the later pool (moby TestNewAddrSpaceDedup, oracle 6)', () => {
    const [finding, ...rest] = DD203.check(daemonJson(OVERLAPPING), context('29.7.2'));
    expect(rest).toEqual([]);
    expect(finding?.subject).toBe('pool:1');
    expect(finding?.message).toBe(
      'default-address-pools entries 10.0.0.0/8 (entry 0) and 10.10.0.0/16 (entry 1) overlap. Docker 29.7.2 sorts the pools by address and silently drops every pool that overlaps the one kept before it, so 10.10.0.0/16 /28 is never used.',
    );
  });

  it('explains ≤26 keeping both', () => {
    expect(DD203.check(daemonJson(OVERLAPPING), context('20.10.24'))[0]?.message).toContain('Docker 20.10.24 keeps both lists');
  });
});
