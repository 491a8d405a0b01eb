import { describe, expect, it } from 'vitest';
import DD101 from '../../rules/DD101.js';
import type { RuleContext } from '../../src/engine/types.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';

function context(engineVersion: string): RuleContext {
  return { engineVersion, rules: [], settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } } };
}

const host = hostFixture('healthy-20.10');

describe('DD101', () => {
  it('is silent for the real daemon.json of the captured host ({}) and for a missing file', () => {
    expect(DD101.check(host, context('20.10.24'))).toEqual([]);
    expect(DD101.check(withDaemonJson(host, null), context('20.10.24'))).toEqual([]);
  });

  it('reports a syntax error at its line and column with the error dockerd prints', () => {
    const [finding, ...rest] = DD101.check(withDaemonJson(host, '{\n  "bip": "10.1.0.1/24"\n  "icc": false\n}\n'), context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding?.location).toEqual({ file: '/etc/docker/daemon.json', line: 3, column: 3 });
    expect(finding?.message).toBe(
      `invalid character '"' after object key:value pair (line 3, column 3). dockerd refuses to start with "unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid character '"' after object key:value pair".`,
    );
  });

  it('reports an empty or BOM file on 20.10 (EOF) but not from 23.0 on', () => {
    const empty = withDaemonJson(host, '\n');
    expect(DD101.check(empty, context('20.10.24'))[0]?.message).toBe(
      '/etc/docker/daemon.json is empty. Docker 20.10.24 refuses to start: "unable to configure the Docker daemon with file /etc/docker/daemon.json: EOF" (accepted from 23.0 on).',
    );
    expect(DD101.check(empty, context('23.0.0'))).toEqual([]);
    const bom = withDaemonJson(host, '\uFEFF{}');
    expect(DD101.check(bom, context('20.10.24'))[0]?.evidence).toEqual({ path: '/etc/docker/daemon.json', blank: 'bom', engineVersion: '20.10.24' });
    expect(DD101.check(bom, context('29.7.2'))).toEqual([]);
  });

  it('reports a top level that is not an object', () => {
    expect(DD101.check(withDaemonJson(host, '[]'), context('20.10.24'))[0]?.message).toMatch(/^the top level must be a JSON object, found an array/);
  });
});
