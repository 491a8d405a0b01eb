import { expect, it } from 'vitest';
import { ALL_RULES } from '../../rules/index.js';
import { runRules } from '../../src/engine/run.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { hostFixture } from '../helpers/hosts.js';
import { describeIntegration, startDockerdExpectingFailure } from '../support/dockerd.js';

const SETTINGS = { engineVersion: null, reserved: [], thresholds: { minFreeSubnets: 5 } };

/** The captured 20.10.24 host with this daemon.json and dockerd command line. */
function hostWith(configFile: string, daemonJson: string, extraArgs: string[]): Snapshot {
  const host = hostFixture('healthy-20.10');
  const execStart = ['/usr/sbin/dockerd', '--config-file', configFile, ...extraArgs].join(' ');
  return {
    ...host,
    facts: {
      ...host.facts,
      daemonConfig: { path: configFile, present: true, text: daemonJson },
      systemdUnits: { units: { 'docker.service': { fragment: { path: '/lib/systemd/system/docker.service', present: true, text: `[Service]\nExecStart=${execStart}\n` }, dropIns: [] } } },
    },
  };
}

/** The dockerd error dockdoc quotes in a finding's message ("... refuses to start with "<error>"."). */
function quotedError(message: string): string {
  const match = /refuses to start(?: with)?:? "(.*)"(?: \(accepted from [^)]*\))?\.$/s.exec(message);
  if (!match) throw new Error(`no quoted dockerd error in: ${message}`);
  return match[1]!;
}

const CASES: { name: string; daemonJson: string; extraArgs?: string[]; ruleId: string }[] = [
  { name: 'a trailing comma', daemonJson: '{\n  "debug": true,\n}\n', ruleId: 'DD101' },
  { name: 'a missing comma', daemonJson: '{"debug": true "icc": false}', ruleId: 'DD101' },
  { name: 'single quotes', daemonJson: "{'debug': true}", ruleId: 'DD101' },
  { name: 'an unterminated object', daemonJson: '{"debug": true', ruleId: 'DD101' },
  { name: 'a file holding only a newline', daemonJson: '\n', ruleId: 'DD101' },
  { name: 'an unknown key', daemonJson: '{"bipp": "10.1.0.1/24"}', ruleId: 'DD102' },
  { name: 'an unknown key lifted out of a nested object', daemonJson: '{"network": {"default-address-pool-size": 24}}', ruleId: 'DD102' },
  { name: 'bip in the file and as a flag', daemonJson: '{"bip": "172.17.0.1/16"}', extraArgs: ['--bip', '10.0.0.1/24'], ruleId: 'DD104' },
  { name: 'a string for a bool (iptables)', daemonJson: '{"iptables": "false"}', ruleId: 'DD109' },
  { name: 'a string for an int (mtu)', daemonJson: '{\n  "mtu": "1500"\n}\n', ruleId: 'DD109' },
  { name: 'a fraction for an int (max-concurrent-downloads)', daemonJson: '{"max-concurrent-downloads": 2.5}', ruleId: 'DD109' },
  { name: 'an object for a list (dns; an empty one, since dockerd lifts the members of a non-empty one and rejects them first)', daemonJson: '{"dns": {}}', ruleId: 'DD109' },
  { name: 'a number for a string (log-driver)', daemonJson: '{"log-driver": 5}', ruleId: 'DD109' },
  { name: 'a list of wrong items (labels)', daemonJson: '{"labels": ["a=b", 7]}', ruleId: 'DD109' },
  { name: 'a wrong map value (log-opts)', daemonJson: '{"log-opts": {"max-size": "10m", "max-file": 3}}', ruleId: 'DD109' },
  { name: 'fixed-cidr-v6 that does not parse (the issue\'s input)', daemonJson: '{"ipv6": true, "fixed-cidr-v6": "2800:db8:4000:::/80"}', ruleId: 'DD110' },
  { name: 'default-gateway-v6 that does not parse', daemonJson: '{"default-gateway-v6": "2001:db8:::1"}', ruleId: 'DD110' },
  { name: 'a dns entry that is not an address', daemonJson: '{"dns": ["8.8.8.8", "8.8.8.888"]}', ruleId: 'DD110' },
  { name: 'bip with "bridge": "none" (verifyDaemonSettings runs before "none" disables the bridge)', daemonJson: '{"bip": "10.1.0.1/24", "bridge": "none"}', ruleId: 'DD108' },
  { name: 'default-gateway-v6 outside fixed-cidr-v6 with IPv6 on', daemonJson: '{"ipv6": true, "fixed-cidr-v6": "fd00:1::/64", "default-gateway-v6": "fd00:2::1"}', ruleId: 'DD107' },
  { name: 'labels in the file and as flags', daemonJson: '{"labels": ["a=b"]}', extraArgs: ['--label', 'c=d', '--label', 'e=f'], ruleId: 'DD104' },
];

describeIntegration('daemon.json findings quote exactly what dockerd 20.10 prints', () => {
  for (const testCase of CASES) {
    it(`${testCase.ruleId}: ${testCase.name}`, async () => {
      const failure = await startDockerdExpectingFailure({ daemonConfig: testCase.daemonJson, extraArgs: testCase.extraArgs ?? [] });
      expect(failure.exitCode).toBe(1);
      const report = runRules(hostWith(failure.configFile, testCase.daemonJson, testCase.extraArgs ?? []), {
        rules: ALL_RULES,
        settings: SETTINGS,
        ignore: [],
        severityOverrides: {},
      });
      const errors = report.findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => f.ruleId)).toEqual([testCase.ruleId]);
      expect(failure.log).toContain(quotedError(errors[0]!.message));
    }, 60_000);
  }

  it('DD103: the singular default-address-pool starts fine, and dockdoc raises no error for it', async () => {
    const daemonJson = '{"default-address-pool": [{"base": "10.10.0.0/16", "size": 24}]}';
    await expect(startDockerdExpectingFailure({ daemonConfig: daemonJson, exitTimeoutMs: 8_000 })).rejects.toThrow();
    const report = runRules(hostWith('/etc/docker/daemon.json', daemonJson, []), { rules: ALL_RULES, settings: SETTINGS, ignore: [], severityOverrides: {} });
    expect(report.findings.filter((f) => f.ruleId.startsWith('DD1')).map((f) => [f.ruleId, f.severity])).toEqual([['DD103', 'warning']]);
  }, 60_000);
});
