import { beforeAll, expect, it } from 'vitest';
import {
  classifyDaemonKey,
  daemonKeyCatalogue,
  type DaemonKeyCatalogue,
} from '../../src/daemon/catalogue/index.js';
import { commandPath } from '../support/availability.js';
import { run } from '../support/command.js';
import {
  describeIntegration,
  outputOrThrow,
  startDockerd,
  startDockerdExpectingFailure,
} from '../support/dockerd.js';

/** Keys dockerd lets through its unknown-key check: flag names, NamedOption names, skipValidateOptions. */
function acceptedKeys(catalogue: DaemonKeyCatalogue): string[] {
  const keys = new Set<string>([...Object.keys(catalogue.flags), ...catalogue.skipValidate]);
  for (const flag of Object.values(catalogue.flags)) if (flag.namedOption !== undefined) keys.add(flag.namedOption);
  return [...keys].sort();
}

/**
 * Values a user would write for the networking keys. Other JSON keys get an empty value of their kind; flag names
 * without a JSON key get what the flag takes on the command line (a boolean or a string), never an object,
 * which dockerd would flatten away before checking the key.
 */
const NETWORK_VALUES: Record<string, unknown> = {
  bip: '172.17.0.1/16',
  'fixed-cidr': '172.17.0.0/24',
  'fixed-cidr-v6': 'fd00:dead:beef::/64',
  'default-gateway': '172.17.0.254',
  'default-gateway-v6': 'fd00:dead:beef::fe',
  'default-address-pools': [{ base: '10.10.0.0/16', size: 24 }],
  'default-address-pool': [{ base: '10.10.0.0/16', size: 24 }],
  dns: ['192.0.2.53'],
  mtu: 1500,
  ip: '0.0.0.0',
  'host-gateway-ip': '172.17.0.1',
};

function plausibleValue(catalogue: DaemonKeyCatalogue, key: string): unknown {
  if (key in NETWORK_VALUES) return NETWORK_VALUES[key];
  const json = Object.hasOwn(catalogue.json, key) ? catalogue.json[key] : undefined;
  const flag = Object.hasOwn(catalogue.flags, key) ? catalogue.flags[key] : undefined;
  const kind = json?.kind ?? (flag?.bool ? 'bool' : 'string');
  switch (kind) {
    case 'bool':
      return false;
    case 'number':
      return 0;
    case 'list':
      return [];
    case 'object':
      return {};
    default:
      return '';
  }
}

const UNKNOWN = "the following directives don't match any configuration option: ";
const DUPLICATED = 'the following directives are specified both as a flag and in the configuration file: ';

/** What dockerd printed after `prefix` on the line of its config error. */
function errorDetail(log: string, prefix: string): string {
  const line = log.split('\n').find((l) => l.includes(prefix));
  if (line === undefined) throw new Error(`dockerd did not print "${prefix}":\n${log}`);
  return line.slice(line.indexOf(prefix) + prefix.length);
}

/** "k1, k2": sorted, since dockerd lists them in Go map order, which is random. */
function unknownKeys(log: string): string[] {
  return errorDetail(log, UNKNOWN).split(', ').sort();
}

/** "name: (from flag: X, from file: Y), …": the names, sorted. */
function duplicatedKeys(log: string): string[] {
  const detail = errorDetail(log, DUPLICATED);
  return [...detail.matchAll(/(?:^|, )([\w-]+): \(from flag: /g)].map((match) => match[1] ?? '').sort();
}

describeIntegration('daemon.json keys against the real dockerd', () => {
  let catalogue: DaemonKeyCatalogue;

  beforeAll(async () => {
    const version = outputOrThrow(await run(commandPath('dockerd'), ['--version']), 'dockerd --version');
    // "Docker version 20.10.24+dfsg1, build 5d6db84": these tests pin what 20.10 does.
    expect(version).toMatch(/^Docker version 20\.10\.\d+/);
    catalogue = daemonKeyCatalogue(version.replace(/^Docker version /, ''));
    expect(catalogue.engineVersions).toContain('20.10.24');
  });

  it('lets every key the catalogue accepts through the unknown-key check', async () => {
    const keys = acceptedKeys(catalogue);
    expect(keys).toHaveLength(102);
    const config = Object.fromEntries(keys.map((key) => [key, plausibleValue(catalogue, key)]));
    // An object value outside flatOptions would be flattened away and its key never checked.
    const objectKeys = keys.filter((key) => typeof config[key] === 'object' && !Array.isArray(config[key]));
    expect(objectKeys.filter((key) => !catalogue.flatOptions.includes(key))).toEqual([]);
    const failure = await startDockerdExpectingFailure({ daemonConfig: config });
    expect(failure.log).not.toContain("don't match any configuration option");
    // dockerd checks for keys also given as flags right after unknown keys: reaching that check proves every key
    // passed, and the harness's own flags (--config-file, --data-root, --exec-root, -H, --pidfile) are the conflicts.
    expect(failure.log).toContain(`unable to configure the Docker daemon with file ${failure.configFile}: ${DUPLICATED}`);
    expect(duplicatedKeys(failure.log)).toEqual(['config-file', 'data-root', 'exec-root', 'hosts', 'pidfile']);
    expect(failure.exitCode).toBe(1);
  });

  it('refuses to start on keys the catalogue rejects, naming exactly those', async () => {
    // Config fields no flag or NamedOption names (containerd-plugin-namespace is the JSON key of
    // --containerd-plugins-namespace), then a typo, two keys of later engines and a flag shorthand.
    const unreachableFields = Object.keys(catalogue.json).filter((key) => classifyDaemonKey(catalogue, key).kind === 'rejected');
    expect(unreachableFields).toEqual([
      'containerd-plugin-namespace', 'default-init', 'resolv-conf', 'swarm-raft-election-tick', 'swarm-raft-heartbeat-tick',
    ]);
    const keys = [...unreachableFields, 'foo', 'firewall-backend', 'validate', 'H'];
    for (const key of keys) expect(classifyDaemonKey(catalogue, key)).toEqual({ kind: 'rejected' });
    const config = Object.fromEntries(keys.map((key) => [key, 'x']));
    const failure = await startDockerdExpectingFailure({ daemonConfig: { ...config, bip: '172.17.0.1/16' } });
    expect(failure.log).toContain(`unable to configure the Docker daemon with file ${failure.configFile}: ${UNKNOWN}`);
    expect(unknownKeys(failure.log)).toEqual([...keys].sort());
    expect(failure.exitCode).toBe(1);
  });

  it('ignores flag-named and misplaced keys but applies a nested boolean flag', async () => {
    const config = {
      'default-address-pool': [{ base: '10.10.0.0/16', size: 24 }],
      label: ['dockdoc=ignored'],
      network: { bip: '10.55.0.1/24', icc: false },
    };
    expect(classifyDaemonKey(catalogue, 'default-address-pool')).toEqual({ kind: 'ignored', use: 'default-address-pools' });
    expect(classifyDaemonKey(catalogue, 'label')).toEqual({ kind: 'ignored', use: 'labels' });
    expect(classifyDaemonKey(catalogue, 'bip', 'network')).toEqual({ kind: 'ignored', use: 'bip' });
    expect(classifyDaemonKey(catalogue, 'icc', 'network')).toEqual({ kind: 'effective' });

    const daemon = await startDockerd({ daemonConfig: config });
    try {
      const pools = await daemon.docker(['info', '--format', '{{json .DefaultAddressPools}}']);
      expect(outputOrThrow(pools, 'docker info').trim()).toBe('null');
      const labels = await daemon.docker(['info', '--format', '{{json .Labels}}']);
      expect(outputOrThrow(labels, 'docker info').trim()).toBe('[]');
      const bridge = await daemon.docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', 'bridge']);
      expect(outputOrThrow(bridge, 'docker network inspect bridge').trim()).toBe('172.17.0.0/16');
      // icc=false reached the daemon through the --icc flag that dockerd re-set from the file.
      const forward = outputOrThrow(await daemon.inNetns('iptables', ['-S', 'FORWARD']), 'iptables -S FORWARD');
      expect(forward).toContain('-A FORWARD -i docker0 -o docker0 -j DROP\n');
      expect(forward).not.toContain('-A FORWARD -i docker0 -o docker0 -j ACCEPT');
    } finally {
      await daemon.stop();
    }
  });

  it('applies the keys suggested instead (the control for the test above)', async () => {
    const config = { 'default-address-pools': [{ base: '10.10.0.0/16', size: 24 }], labels: ['dockdoc=applied'] };
    for (const key of Object.keys(config)) expect(classifyDaemonKey(catalogue, key)).toEqual({ kind: 'effective' });
    const daemon = await startDockerd({ daemonConfig: config });
    try {
      const pools = await daemon.docker(['info', '--format', '{{json .DefaultAddressPools}}']);
      expect(outputOrThrow(pools, 'docker info').trim()).toBe('[{"Base":"10.10.0.0/16","Size":24}]');
      const labels = await daemon.docker(['info', '--format', '{{json .Labels}}']);
      expect(outputOrThrow(labels, 'docker info').trim()).toBe('["dockdoc=applied"]');
      const bridge = await daemon.docker(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', 'bridge']);
      expect(outputOrThrow(bridge, 'docker network inspect bridge').trim()).toBe('10.10.0.0/24');
    } finally {
      await daemon.stop();
    }
  });
});
