import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allDaemonKeyCatalogues,
  classifyDaemonKey,
  daemonKeyCatalogue,
  type DaemonKeyCatalogue,
  type DaemonKeyClass,
} from '../../src/daemon/catalogue/index.js';

const EFFECTIVE: DaemonKeyClass = { kind: 'effective' };
const REJECTED: DaemonKeyClass = { kind: 'rejected' };
const IGNORED: DaemonKeyClass = { kind: 'ignored' };
const use = (key: string): DaemonKeyClass => ({ kind: 'ignored', use: key });

/** One release per catalogue, oldest first, so a row of expectations reads along the history. */
const RELEASES = ['20.10.24', '23.0.18', '24.0.9', '25.0.17', '26.1.4', '27.0.1', '27.5.1', '28.0.4', '28.1.1', '28.5.2', '29.0.0', '29.2.0', '29.7.2'];

function classifyAcross(key: string, parent?: string): DaemonKeyClass[] {
  return RELEASES.map((version) => classifyDaemonKey(daemonKeyCatalogue(version), key, parent));
}

/** The same class in every release. */
const always = (result: DaemonKeyClass): DaemonKeyClass[] => RELEASES.map(() => result);

/** `before` up to (not including) `firstRelease`, `after` from it on. */
function changesAt(firstRelease: string, before: DaemonKeyClass, after: DaemonKeyClass): DaemonKeyClass[] {
  const at = RELEASES.indexOf(firstRelease);
  if (at === -1) throw new Error(`${firstRelease} is not in RELEASES`);
  return RELEASES.map((_, i) => (i < at ? before : after));
}

describe('daemonKeyCatalogue', () => {
  it('covers every release from 20.10.0 to 29.7.2, each in exactly one catalogue, oldest first', () => {
    const versions = allDaemonKeyCatalogues().flatMap((c) => c.engineVersions);
    expect(versions).toHaveLength(145);
    expect(versions[0]).toBe('20.10.0');
    expect(versions[versions.length - 1]).toBe('29.7.2');
    expect(new Set(versions).size).toBe(versions.length);
    for (const catalogue of allDaemonKeyCatalogues()) {
      for (const version of catalogue.engineVersions) expect(daemonKeyCatalogue(version)).toBe(catalogue);
    }
    expect(allDaemonKeyCatalogues().map((c) => `${c.engineVersions[0]}..${c.tag}`)).toEqual([
      '20.10.0..v20.10.27', '23.0.0..v23.0.18', '24.0.0..v24.0.9', '25.0.0..v25.0.17', '26.0.0..v26.1.5',
      '27.0.1..v27.2.1', '27.3.0..v27.5.1', '28.0.0..v28.0.4', '28.1.0..v28.1.1', '28.2.0..v28.5.2',
      '29.0.0..docker-v29.1.5', '29.2.0..docker-v29.6.2', '29.7.0..docker-v29.7.2',
    ]);
  });

  it('reads the release out of what engines and packages report', () => {
    const v20 = daemonKeyCatalogue('20.10.24');
    expect(v20.tag).toBe('v20.10.27');
    expect(v20.commit).toBe('81ebe71275768629689a23bc3bca34b3b374a6a6');
    expect(daemonKeyCatalogue('20.10.24+dfsg1')).toBe(v20);
    expect(daemonKeyCatalogue('v20.10.24')).toBe(v20);
    expect(daemonKeyCatalogue('27.3.1').engineVersions).toContain('27.3.1');
    expect(daemonKeyCatalogue('27.3.1-1~ubuntu.22.04~jammy')).toBe(daemonKeyCatalogue('27.3.1'));
    expect(daemonKeyCatalogue('docker-v29.7.2').tag).toBe('docker-v29.7.2');
    expect(daemonKeyCatalogue('29.0.0-rc.1')).toBe(daemonKeyCatalogue('29.0.0'));
    expect(daemonKeyCatalogue('29.0.0').tag).toBe('docker-v29.1.5');
  });

  it('falls back to the nearest known release for versions it has no data for', () => {
    const newest = allDaemonKeyCatalogues()[allDaemonKeyCatalogues().length - 1];
    expect(daemonKeyCatalogue('30.1.0')).toBe(newest);
    expect(daemonKeyCatalogue('29.7.9')).toBe(newest);
    expect(daemonKeyCatalogue('master-dockerproject-2026-01-01')).toBe(newest);
    expect(daemonKeyCatalogue('19.03.15')).toBe(allDaemonKeyCatalogues()[0]);
    // 27.0.0 was never released: the first release of its series stands in.
    expect(daemonKeyCatalogue('27.0.0').engineVersions[0]).toBe('27.0.1');
    // An unreleased patch keeps to its series; a version between series takes the release before it.
    expect(daemonKeyCatalogue('28.1.7').engineVersions).toContain('28.1.1');
    expect(daemonKeyCatalogue('22.06.0').engineVersions).toContain('20.10.27');
  });

  it('never goes back in history as the version grows (property)', () => {
    const release = fc.tuple(fc.integer({ min: 18, max: 31 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 30 }));
    fc.assert(
      fc.property(release, release, (a, b) => {
        const [low, high] = [a, b].sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]) as [typeof a, typeof b];
        const lowIndex = allDaemonKeyCatalogues().indexOf(daemonKeyCatalogue(low.join('.')));
        const highIndex = allDaemonKeyCatalogues().indexOf(daemonKeyCatalogue(high.join('.')));
        return lowIndex !== -1 && lowIndex <= highIndex;
      }),
    );
  });

  it('ignores build metadata and prefixes around the version (property)', () => {
    const version = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }));
    const prefix = fc.constantFrom('', 'v', 'docker-v');
    const suffix = fc.constantFrom('', '+dfsg1', '-1', '-rc.2', '-ce', '-1~ubuntu.24.04~noble');
    fc.assert(
      fc.property(version, prefix, suffix, (v, p, s) => daemonKeyCatalogue(`${p}${v.join('.')}${s}`) === daemonKeyCatalogue(v.join('.'))),
    );
  });
});

describe('classifyDaemonKey', () => {
  it('rejects keys no flag, NamedOption or skipValidateOptions names', () => {
    expect(classifyAcross('foo')).toEqual(always(REJECTED));
    expect(classifyAcross('default-adress-pools')).toEqual(always(REJECTED));
    // pflag looks up long names exactly: no case folding, no shorthands.
    expect(classifyAcross('BIP')).toEqual(always(REJECTED));
    expect(classifyAcross('H')).toEqual(always(REJECTED));
    // Names on Object.prototype are not keys of the catalogue.
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) expect(classifyAcross(key)).toEqual(always(REJECTED));
  });

  it('applies the JSON keys of flags and NamedOptions', () => {
    for (const key of ['bip', 'default-address-pools', 'fixed-cidr', 'default-gateway', 'iptables', 'ip6tables', 'icc', 'mtu', 'dns', 'labels', 'hosts', 'insecure-registries', 'registry-mirrors', 'log-opts', 'debug', 'live-restore']) {
      expect([key, classifyAcross(key)]).toEqual([key, always(EFFECTIVE)]);
    }
  });

  it('ignores flag names whose setting has another JSON key, and says which (DD103)', () => {
    expect(classifyAcross('default-address-pool')).toEqual(always(use('default-address-pools')));
    expect(classifyAcross('label')).toEqual(always(use('labels')));
    expect(classifyAcross('insecure-registry')).toEqual(always(use('insecure-registries')));
    expect(classifyAcross('registry-mirror')).toEqual(always(use('registry-mirrors')));
    expect(classifyAcross('dns-opt')).toEqual(always(use('dns-opts')));
    expect(classifyAcross('log-opt')).toEqual(always(use('log-opts')));
    expect(classifyAcross('exec-opt')).toEqual(always(use('exec-opts')));
    expect(classifyAcross('storage-opt')).toEqual(always(use('storage-opts')));
    expect(classifyAcross('default-ulimit')).toEqual(always(use('default-ulimits')));
    expect(classifyAcross('add-runtime')).toEqual(always(use('runtimes')));
    expect(classifyAcross('host')).toEqual(always(use('hosts')));
    expect(classifyAcross('default-network-opt')).toEqual(changesAt('24.0.9', REJECTED, use('default-network-opts')));
    expect(classifyAcross('feature')).toEqual(changesAt('27.5.1', REJECTED, use('features')));
  });

  it('ignores flags the file cannot express at all, without a suggestion', () => {
    expect(classifyAcross('config-file')).toEqual(always(IGNORED));
    expect(classifyAcross('version')).toEqual(always(IGNORED));
    expect(classifyAcross('help')).toEqual(always(IGNORED));
    // The flag is plural, the JSON key singular, and no flag carries the JSON key: dockerd rejects that one.
    expect(classifyAcross('containerd-plugins-namespace')).toEqual(always(IGNORED));
    expect(classifyAcross('containerd-plugin-namespace')).toEqual(always(REJECTED));
  });

  it('follows keys that come and go across releases', () => {
    expect(classifyAcross('firewall-backend')).toEqual(changesAt('29.0.0', REJECTED, EFFECTIVE));
    expect(classifyAcross('bip6')).toEqual(changesAt('28.0.4', REJECTED, EFFECTIVE));
    expect(classifyAcross('ip-forward-no-drop')).toEqual(changesAt('28.0.4', REJECTED, EFFECTIVE));
    expect(classifyAcross('allow-direct-routing')).toEqual(changesAt('28.5.2', REJECTED, EFFECTIVE));
    expect(classifyAcross('bridge-accept-fwmark')).toEqual(changesAt('29.0.0', REJECTED, EFFECTIVE));
    expect(classifyAcross('cdi-spec-dirs')).toEqual(changesAt('25.0.17', REJECTED, EFFECTIVE));
    expect(classifyAcross('default-stop-timeout')).toEqual(changesAt('29.7.2', REJECTED, EFFECTIVE));
    expect(classifyAcross('min-api-version')).toEqual(changesAt('29.0.0', REJECTED, EFFECTIVE));
    expect(classifyAcross('graph')).toEqual(changesAt('24.0.9', EFFECTIVE, REJECTED));
    expect(classifyAcross('cluster-store')).toEqual(changesAt('24.0.9', EFFECTIVE, REJECTED));
    expect(classifyAcross('oom-score-adjust')).toEqual(changesAt('26.1.4', EFFECTIVE, REJECTED));
    expect(classifyAcross('api-cors-header')).toEqual(changesAt('29.0.0', EFFECTIVE, REJECTED));
    // Still accepted (skipValidateOptions) after the setting itself was removed.
    expect(classifyAcross('deprecated-key-path')).toEqual(changesAt('24.0.9', EFFECTIVE, IGNORED));
    expect(classifyAcross('allow-nondistributable-artifacts')).toEqual(changesAt('28.1.1', EFFECTIVE, IGNORED));
    // --host-gateway-ip became a NamedOption "host-gateway-ips" in 28.0; the old key is migrated.
    expect(classifyAcross('host-gateway-ip')).toEqual(always(EFFECTIVE));
    expect(classifyAcross('host-gateway-ips')).toEqual(changesAt('28.0.4', REJECTED, EFFECTIVE));
    // --validate (23.0+) is read after the file is loaded: "validate": true makes dockerd check and exit.
    expect(classifyAcross('validate')).toEqual(changesAt('23.0.18', REJECTED, EFFECTIVE));
  });

  it('knows the proxies object of 23.0+: its members belong inside it', () => {
    expect(classifyAcross('http-proxy')).toEqual(changesAt('23.0.18', REJECTED, use('proxies.http-proxy')));
    expect(classifyAcross('no-proxy')).toEqual(changesAt('23.0.18', REJECTED, use('proxies.no-proxy')));
    expect(classifyAcross('http-proxy', 'proxies')).toEqual(changesAt('23.0.18', REJECTED, EFFECTIVE));
    // encoding/json matches the enclosing key case-insensitively.
    expect(classifyDaemonKey(daemonKeyCatalogue('29.7.2'), 'https-proxy', 'Proxies')).toEqual(EFFECTIVE);
    // A scalar "proxies" is not flattened, and is no flag.
    expect(classifyAcross('proxies')).toEqual(always(REJECTED));
  });

  it('treats keys nested in an object the way flattening does', () => {
    // {"network": {"bip": …}}: "bip" passes validation, but json.Unmarshal finds no "network" field.
    expect(classifyAcross('bip', 'network')).toEqual(always(use('bip')));
    expect(classifyAcross('default-address-pools', 'network')).toEqual(always(use('default-address-pools')));
    // Boolean flags are re-set from the flattened key, so nesting does not stop them.
    expect(classifyAcross('icc', 'network')).toEqual(always(EFFECTIVE));
    expect(classifyAcross('iptables', 'firewall')).toEqual(always(EFFECTIVE));
    expect(classifyAcross('foo', 'network')).toEqual(always(REJECTED));
  });

  it('applies boolean flags whose Config field has no JSON key', () => {
    // --restart writes CommonConfig.AutoRestart (json:"-"); mergo copies it from the flags' config.
    expect(classifyAcross('restart')).toEqual(always(EFFECTIVE));
  });

  it('refuses members of flatOptions keys, which dockerd never validates', () => {
    const catalogue = daemonKeyCatalogue('20.10.24');
    expect(() => classifyDaemonKey(catalogue, 'max-size', 'log-opts')).toThrow(
      new TypeError('"max-size" inside "log-opts" is not a flattened key: dockerd keeps "log-opts" whole'),
    );
  });

  it('only suggests keys that are effective themselves', () => {
    for (const catalogue of allDaemonKeyCatalogues()) {
      for (const key of acceptedKeys(catalogue)) {
        for (const parent of [undefined, 'network']) {
          const result = classifyDaemonKey(catalogue, key, parent);
          expect(result.kind).not.toBe('rejected');
          if (result.kind !== 'ignored' || result.use === undefined) continue;
          const [first, second] = result.use.split('.') as [string, string | undefined];
          const suggested = second === undefined ? classifyDaemonKey(catalogue, first) : classifyDaemonKey(catalogue, second, first);
          expect([catalogue.tag, key, parent, result.use, suggested]).toEqual([catalogue.tag, key, parent, result.use, EFFECTIVE]);
        }
      }
    }
  });
});

function acceptedKeys(catalogue: DaemonKeyCatalogue): string[] {
  const keys = new Set([...Object.keys(catalogue.flags), ...catalogue.skipValidate]);
  for (const flag of Object.values(catalogue.flags)) if (flag.namedOption !== undefined) keys.add(flag.namedOption);
  return [...keys];
}
