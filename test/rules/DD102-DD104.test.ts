import { describe, expect, it } from 'vitest';
import DD102 from '../../rules/DD102.js';
import DD103 from '../../rules/DD103.js';
import DD104 from '../../rules/DD104.js';
import type { RuleContext } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture, withDaemonJson } from '../helpers/hosts.js';

function context(engineVersion: string): RuleContext {
  return { engineVersion, rules: [], settings: { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } } };
}

const host = hostFixture('healthy-20.10');
const PATH = '/etc/docker/daemon.json';

/** docker.service as Debian's docker.io ships it, plus an optional drop-in. */
function withUnit(snapshot: Snapshot, dropIn?: string): Snapshot {
  const fragment = { path: '/lib/systemd/system/docker.service', present: true, text: '[Service]\nExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n' };
  const dropIns = dropIn ? [{ path: '/etc/systemd/system/docker.service.d/override.conf', present: true, text: dropIn }] : [];
  return { ...snapshot, facts: { ...snapshot.facts, systemdUnits: { units: { 'docker.service': { fragment, dropIns } } } } };
}

describe('DD102: keys dockerd rejects', () => {
  it('quotes the error dockerd 20.10 prints for unknown keys (moby-facts oracle 16), one finding per key', () => {
    const results = DD102.check(withDaemonJson(host, '{\n  "foo": 1,\n  "bar": 2\n}\n'), context('20.10.24'));
    expect(results.map((r) => [r.subject, r.location])).toEqual([
      ['key:foo', { file: PATH, line: 2, column: 3 }],
      ['key:bar', { file: PATH, line: 3, column: 3 }],
    ]);
    expect(results[0]!.message).toBe(
      `"foo" is not a configuration option of Docker 20.10.24: dockerd refuses to start with "unable to configure the Docker daemon with file ${PATH}: the following directives don't match any configuration option: foo, bar".`,
    );
  });

  it('knows keys by engine version: firewall-backend is rejected by 20.10 and accepted by 29', () => {
    const snapshot = withDaemonJson(host, '{"firewall-backend": "nftables"}');
    expect(DD102.check(snapshot, context('20.10.24')).map((r) => r.subject)).toEqual(['key:firewall-backend']);
    expect(DD102.check(snapshot, context('29.7.2'))).toEqual([]);
  });

  it('checks keys lifted out of nested objects, as dockerd flattens them', () => {
    const results = DD102.check(withDaemonJson(host, '{"network": {"bipp": "10.0.0.1/24"}}'), context('20.10.24'));
    expect(results.map((r) => r.subject)).toEqual(['key:network.bipp']);
  });

  it('is silent for the captured host and for valid keys', () => {
    expect(DD102.check(host, context('20.10.24'))).toEqual([]);
    expect(DD102.check(withDaemonJson(host, '{"bip": "10.1.0.1/24", "default-address-pools": [], "labels": ["a=b"]}'), context('20.10.24'))).toEqual([]);
  });
});

describe('DD103: keys dockerd silently ignores', () => {
  it('names the key to use for the singular default-address-pool (moby-facts oracle 22, verified on 20.10.24)', () => {
    const [finding, ...rest] = DD103.check(withDaemonJson(host, '{"default-address-pool": [{"base": "10.10.0.0/16", "size": 24}]}'), context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      subject: 'key:default-address-pool',
      location: { file: PATH, line: 1, column: 2 },
      evidence: { key: 'default-address-pool', use: 'default-address-pools', engineVersion: '20.10.24' },
    });
    expect(finding!.message).toBe(
      '"default-address-pool" is accepted by Docker 20.10.24 but sets nothing: dockerd starts and silently uses its default, because the setting is called "default-address-pools".',
    );
  });

  it('reports label and insecure-registry, and a setting nested where dockerd does not read it', () => {
    const snapshot = withDaemonJson(host, '{"label": ["a=b"], "insecure-registry": ["r:5000"], "network": {"bip": "10.1.0.1/24"}}');
    expect(DD103.check(snapshot, context('20.10.24')).map((r) => [r.subject, r.evidence?.['use']])).toEqual([
      ['key:label', 'labels'],
      ['key:insecure-registry', 'insecure-registries'],
      ['key:network.bip', 'bip'],
    ]);
  });

  it('is silent when a nested boolean flag takes effect (dockerd re-sets booleans by name)', () => {
    expect(DD103.check(withDaemonJson(host, '{"network": {"icc": false}}'), context('20.10.24'))).toEqual([]);
  });
});

describe('DD104: set both as a flag and in daemon.json', () => {
  it("quotes dockerd's error for bip in the file and --bip in a drop-in (moby-facts oracle 17)", () => {
    const snapshot = withUnit(
      withDaemonJson(host, '{"bip": "172.17.0.1/16"}'),
      '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --bip 10.0.0.1/24\n',
    );
    const [finding, ...rest] = DD104.check(snapshot, context('20.10.24'));
    expect(rest).toEqual([]);
    expect(finding?.message).toBe(
      `"bip" is set in ${PATH} and by a flag in /etc/systemd/system/docker.service.d/override.conf: dockerd refuses to start with "unable to configure the Docker daemon with file ${PATH}: the following directives are specified both as a flag and in the configuration file: bip: (from flag: 10.0.0.1/24, from file: 172.17.0.1/16)".`,
    );
  });

  it('catches the classic: "hosts" in daemon.json while the stock unit passes -H fd://', () => {
    const snapshot = withUnit(withDaemonJson(host, '{"hosts": ["tcp://127.0.0.1:2375"]}'));
    expect(DD104.check(snapshot, context('20.10.24'))[0]?.evidence).toMatchObject({ key: 'hosts', flagValue: '[fd://]', fileValue: ['tcp://127.0.0.1:2375'] });
  });

  it('is silent without a conflict, and when the unit was not captured', () => {
    expect(DD104.check(withUnit(withDaemonJson(host, '{"bip": "172.17.0.1/16"}')), context('20.10.24'))).toEqual([]);
    expect(DD104.check(withDaemonJson(host, '{"hosts": []}'), context('20.10.24'))).toEqual([]);
  });
});
