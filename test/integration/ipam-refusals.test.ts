import { afterAll, beforeAll, expect, it } from 'vitest';
import { lintFixtures, summary } from '../lint/fixture-lint.js';
import { describeIntegration, outputOrThrow, startDockerd, type DockerdHandle } from '../support/dockerd.js';

/** DD302's ip_range host bits on the installed dockerd 20.10, which predates ValidateIPAM (25.0). */
describeIntegration('ip_range with host bits on a real dockerd before 25.0', () => {
  let daemon: DockerdHandle;

  beforeAll(async () => {
    daemon = await startDockerd();
  });

  afterAll(async () => {
    await daemon?.stop();
  });

  it('dockerd accepts the network, and dockdoc warns (not errs) for this version, quoting what 25.0 says', async () => {
    const created = await daemon.docker(['network', 'create', '--subnet', '192.168.1.0/24', '--ip-range', '192.168.1.5/30', 'hostbits']);
    expect(created.exitCode, created.stderr).toBe(0);
    const inspected = outputOrThrow(await daemon.docker(['network', 'inspect', '--format', '{{json .IPAM.Config}}', 'hostbits']), 'docker network inspect');
    expect(JSON.parse(inspected)).toEqual([{ Subnet: '192.168.1.0/24', IPRange: '192.168.1.5/30' }]);
    const version = daemon.serverVersion.replace(/[+~-].*$/, '');
    expect(summary(await lintFixtures(['ip-range-host-bits'], { engineVersion: version }), 'DD302')).toEqual([
      `ip-range-host-bits/compose.yaml:10:21 warning DD302 ip_range 192.168.1.5/30 of network ip-range-host-bits_lan has host bits set: Docker ${version} accepts it and stores it as written, but Docker 25.0 and later refuse it ("invalid ip-range 192.168.1.5/30: it should be 192.168.1.4/30").`,
    ]);
  });
});
