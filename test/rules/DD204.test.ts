import { describe, expect, it } from 'vitest';
import DD204 from '../../rules/DD204.js';
import { context, daemonJson } from '../pools/snapshots.js';

const UNSORTED = '{"default-address-pools": [{"base": "192.168.0.0/16", "size": 24}, {"base": "10.0.0.0/8", "size": 24}]}';

describe('DD204 pool order', () => {
  it('tells 27+ users their order is ignored (oracle 5)', () => {
    expect(DD204.check(daemonJson(UNSORTED), context('27.0.3'))[0]?.message).toBe(
      'default-address-pools is written as 192.168.0.0/16, 10.0.0.0/8, but Docker 27.0.3 sorts pools by address and uses 10.0.0.0/8, 192.168.0.0/16 in that order (engines up to 26 followed the written order).',
    );
  });

  it('is silent on ≤26 and for pools already in address order', () => {
    expect(DD204.check(daemonJson(UNSORTED), context('26.1.4'))).toEqual([]);
    expect(DD204.check(daemonJson('{"default-address-pools": [{"base": "10.0.0.0/8", "size": 24}, {"base": "192.168.0.0/16", "size": 24}]}'), context('29.7.2'))).toEqual([]);
  });
});
