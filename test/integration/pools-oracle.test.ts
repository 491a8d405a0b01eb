import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import {
  describeIntegration,
  outputOrThrow,
  startDockerd,
  startDockerdExpectingFailure,
  type Netns,
  type StartDockerdOptions,
} from '../support/dockerd.js';
import { run } from '../support/command.js';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-pools-'));

interface Finding {
  ruleId: string;
  severity: string;
  message: string;
}

/** A veth pair with `address` on one end, both up: an on-link route in the namespace (the VM kernel has no dummy). */
async function linkWithAddress(netns: Netns, address: string): Promise<void> {
  for (const args of [
    ['link', 'add', 'dummy0', 'type', 'veth', 'peer', 'name', 'dummy0-peer'],
    ['addr', 'add', address, 'dev', 'dummy0'],
    ['link', 'set', 'dummy0', 'up'],
    ['link', 'set', 'dummy0-peer', 'up'],
  ]) {
    outputOrThrow(await netns.run('ip', args), `ip ${args.join(' ')}`);
  }
}

interface AcceptedCase {
  name: string;
  options: StartDockerdOptions;
  /** Creates to run; when the pools run out first, the prediction must name the error the next create gets. */
  count: number;
}

const ACCEPTED: AcceptedCase[] = [
  { name: 'built-in pools', options: {}, count: 6 },
  { name: 'a custom pool', options: { daemonConfig: { 'default-address-pools': [{ base: '10.10.0.0/16', size: 24 }] } }, count: 5 },
  {
    name: 'two small pools, crossing into the second',
    options: { daemonConfig: { 'default-address-pools': [{ base: '172.80.0.0/22', size: 24 }, { base: '10.99.0.0/26', size: 28 }] } },
    count: 8,
  },
  {
    name: 'bip inside the custom pool',
    options: { daemonConfig: { bip: '10.10.5.1/24', 'default-address-pools': [{ base: '10.10.0.0/16', size: 24 }] } },
    count: 7,
  },
  { name: 'bip /24 inside a default /16', options: { daemonConfig: { bip: '172.18.77.1/24' } }, count: 4 },
  { name: 'an on-link route in the pools', options: { setup: (ns) => linkWithAddress(ns, '172.19.5.1/24') }, count: 4 },
  {
    name: 'a route via a gateway in the pools (dockerd does not avoid it)',
    options: {
      setup: async (ns) => {
        await linkWithAddress(ns, '10.123.0.1/24');
        outputOrThrow(await ns.run('ip', ['route', 'add', '172.18.0.0/16', 'via', '10.123.0.2']), 'ip route add');
      },
    },
    count: 3,
  },
  {
    name: 'a nameserver inside a pool',
    options: { daemonConfig: { 'default-address-pools': [{ base: '10.255.255.0/26', size: 28 }] }, resolvConf: 'nameserver 10.255.255.53\n' },
    count: 3,
  },
];

interface RefusedCase {
  name: string;
  daemonConfig: Record<string, unknown>;
  rule: string;
}

const REFUSED: RefusedCase[] = [
  { name: 'pool size shorter than the base', daemonConfig: { 'default-address-pools': [{ base: '10.0.0.0/16', size: 8 }] }, rule: 'DD202' },
  { name: 'pool size 33', daemonConfig: { 'default-address-pools': [{ base: '10.0.0.0/16', size: 33 }] }, rule: 'DD202' },
  { name: 'pool base without prefix length', daemonConfig: { 'default-address-pools': [{ base: '10.0.0.0', size: 24 }] }, rule: 'DD201' },
  { name: 'bip without prefix length', daemonConfig: { bip: '172.17.0.1' }, rule: 'DD105' },
  { name: 'bip on the network address', daemonConfig: { bip: '172.17.0.0/16' }, rule: 'DD105' },
  { name: 'default-gateway outside docker0', daemonConfig: { 'default-gateway': '10.9.9.9' }, rule: 'DD107' },
  { name: 'iptables false with icc false', daemonConfig: { iptables: false, icc: false }, rule: 'DD108' },
];

describeIntegration('pool predictions against a real dockerd 20.10 in a network namespace', () => {
  for (const c of ACCEPTED) {
    it(`${c.name}: the next ${c.count} networks are the ones dockdoc predicted, and no error finding`, async () => {
      const daemon = await startDockerd(c.options);
      try {
        const flags = ['--docker-host', daemon.dockerHost, '--daemon-config', daemon.paths.configFile];
        if (daemon.paths.resolvConf !== null) flags.push('--resolv-conf', daemon.paths.resolvConf);
        const dockdoc = (args: string[]) => daemon.inNetns(process.execPath, [BIN, ...args, ...flags], { env: { NO_COLOR: '1' } });

        // The engine accepted the configuration: no error about it, before any network exists.
        const checked = await dockdoc(['check', '--format', 'json']);
        const findings = (JSON.parse(checked.stdout) as { findings: Finding[] }).findings;
        expect(findings.filter((f) => f.severity === 'error' && /^DD[12]/.test(f.ruleId))).toEqual([]);

        const predicted = await dockdoc(['pools', '--next', String(c.count), '--format', 'json']);
        expect(predicted.exitCode, predicted.stderr).toBe(0);
        const body = JSON.parse(predicted.stdout) as { next: string[]; nextError: string | null };
        expect(body.next.length === c.count || body.nextError !== null).toBe(true);

        // Every create the prediction covers gets exactly the predicted subnet; the first one past it fails with the predicted error.
        const handedOut: string[] = [];
        for (let i = 0; i < c.count; i++) {
          const created = await daemon.docker(['network', 'create', `oracle${i}`]);
          if (i >= body.next.length) {
            expect(created.exitCode).not.toBe(0);
            expect(created.stderr.trim()).toBe(body.nextError);
            break;
          }
          outputOrThrow(created, `docker network create oracle${i}`);
          handedOut.push(outputOrThrow(await daemon.docker(['network', 'inspect', '-f', '{{(index .IPAM.Config 0).Subnet}}', `oracle${i}`]), 'docker network inspect').trim());
        }
        expect(handedOut).toEqual(body.next);

      } finally {
        await daemon.stop();
      }
    }, 180_000);
  }

  for (const c of REFUSED) {
    it(`${c.name}: dockdoc reports ${c.rule} with the exact error, and dockerd really refuses to start`, async () => {
      const failure = await startDockerdExpectingFailure({ daemonConfig: c.daemonConfig });
      expect(failure.exitCode).toBe(1);
      const refusalLine = failure.log
        .split('\n')
        .find((line) => line.startsWith('failed to start daemon:') || line.startsWith('unable to configure the Docker daemon'));
      expect(refusalLine, failure.log).toBeDefined();

      const file = path.join(scratch, `${c.rule}-${REFUSED.indexOf(c)}.json`);
      writeFileSync(file, JSON.stringify(c.daemonConfig));
      const checked = await run(process.execPath, [BIN, 'check', '--format', 'json', '--engine-version', '20.10.24', '--daemon-config', file, '--docker-host', 'unix:///nonexistent/docker.sock'], {
        env: { NO_COLOR: '1' },
      });
      const findings = (JSON.parse(checked.stdout) as { findings: Finding[] }).findings;
      const finding = findings.find((f) => f.ruleId === c.rule && f.severity === 'error');
      expect(finding, checked.stdout).toBeDefined();
      expect(finding!.message).toContain(refusalLine!.replace(failure.configFile, file));
    }, 120_000);
  }
});
