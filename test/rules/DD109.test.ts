import { describe, expect, it } from 'vitest';
import DD109 from '../../rules/DD109.js';
import { firstTypeMismatch } from '../../src/daemon/goDecode.js';
import { parseJsonWithPositions } from '../../src/daemon/json.js';
import { context, daemonJson, healthy } from '../pools/snapshots.js';

describe('DD109 wrong JSON types', () => {
  it('is silent for the captured host, right types, and null (which Go decodes into anything)', () => {
    expect(DD109.check(healthy, context('20.10.24'))).toEqual([]);
    const ok = '{"iptables": false, "mtu": 1500, "dns": ["10.0.0.2"], "log-opts": {"max-size": "10m"}, "bip": null, "labels": []}';
    expect(DD109.check(daemonJson(ok), context('20.10.24'))).toEqual([]);
    expect(DD109.check(daemonJson(ok), context('29.7.2'))).toEqual([]);
  });

  it('quotes what dockerd 20.10.24 prints for "iptables": "false" (the issue\'s input; verified in test/integration)', () => {
    const [finding, ...rest] = DD109.check(daemonJson('{\n  "iptables": "false"\n}'), context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding?.location).toEqual({ file: '/etc/docker/daemon.json', line: 2, column: 15 });
    expect(finding?.message).toBe(
      '"iptables" is a JSON string where dockerd expects true or false (without quotes). Docker 20.10.24 refuses to start: "unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal string into Go struct field Config.iptables of type bool".',
    );
    expect(finding?.fix.text).toBe('Write "iptables" as true or false (without quotes), e.g. "iptables": false.');
    expect(finding?.evidence).toMatchObject({ goVersion: '1.19.7', goVersionOfRelease: '20.10.24' });
  });

  it('names the embedded structs from Go 1.24 on (28.2+ builds) and adds "invalid JSON" from 29.7.2', () => {
    const at = (version: string) => DD109.check(daemonJson('{"iptables": "false"}'), context(version))[0]?.message;
    expect(at('28.1.1')).toContain('json: cannot unmarshal string into Go struct field Config.iptables of type bool"');
    expect(at('28.5.2')).toContain('json: cannot unmarshal string into Go struct field Config.CommonConfig.BridgeConfig.iptables of type bool"');
    expect(at('29.7.2')).toContain(
      '"unable to configure the Docker daemon with file /etc/docker/daemon.json: invalid JSON: json: cannot unmarshal string into Go struct field Config.CommonConfig.BridgeConfig.iptables of type bool"',
    );
  });

  it('reports list items, map values and numbers that do not fit at the value, in document order', () => {
    const findings = DD109.check(daemonJson('{"labels": ["a=b", 7], "log-opts": {"max-file": 3}, "mtu": 1.5}'), context('20.10.24'));
    expect(findings.map((f) => [f.location?.column, f.evidence])).toEqual([
      [20, expect.objectContaining({ key: 'labels', json: 'number', goType: 'string' })],
      [49, expect.objectContaining({ key: 'log-opts', json: 'number', goType: 'string' })],
      [60, expect.objectContaining({ key: 'mtu', json: 'number 1.5', goType: 'int' })],
    ]);
    expect(findings[0]?.message).toContain('Docker 20.10.24 refuses to start: "');
    expect(findings[1]?.message).toContain('refuses to start once the wrong values before this one are fixed: "');
    expect(findings[2]?.message).toContain('json: cannot unmarshal number 1.5 into Go struct field Config.mtu of type int"');
  });

  it('says that rejected keys stop dockerd first', () => {
    const [finding] = DD109.check(daemonJson('{"dns": {"primary": "10.0.0.2"}}'), context('20.10.24'));
    expect(finding?.message).toContain('refuses to start once the keys it rejects are fixed: "unable to configure the Docker daemon with file /etc/docker/daemon.json: json: cannot unmarshal object into Go struct field Config.dns of type []string"');
  });

  it('does not judge types that parse themselves (net.IP, address pools)', () => {
    expect(DD109.check(daemonJson('{"default-address-pools": "10.0.0.0/8", "ip": 5}'), context('20.10.24'))).toEqual([]);
  });
});

describe('firstTypeMismatch follows encoding/json', () => {
  const int64 = { kind: 'int', type: 'int64' } as const;
  const uint32 = { kind: 'uint', type: 'uint32' } as const;
  it('checks integer literals and ranges as strconv does', () => {
    expect(firstTypeMismatch(parseJsonWithPositions('9223372036854775807'), int64)).toBeNull();
    expect(firstTypeMismatch(parseJsonWithPositions('9223372036854775808'), int64)?.value).toBe('number 9223372036854775808');
    expect(firstTypeMismatch(parseJsonWithPositions('-1'), uint32)?.value).toBe('number -1');
    expect(firstTypeMismatch(parseJsonWithPositions('1e3'), int64)?.value).toBe('number 1e3');
    expect(firstTypeMismatch(parseJsonWithPositions('true'), int64)?.value).toBe('bool');
  });
});
