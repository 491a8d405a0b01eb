import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeZones, gatherFirewalld } from '../../src/gather/firewalld.js';
import { gatherNftablesConfigFiles } from '../../src/gather/nftablesConfigs.js';
import { gatherUnitStates } from '../../src/gather/unitStates.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dockdoc-units-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

describe('firewall unit states under --root (the symlinks systemctl enable writes)', () => {
  it('tells enabled, disabled (stock Debian 12 nftables) and masked units apart, and leaves the active state unknown', async () => {
    await put('/lib/systemd/system/nftables.service', '[Unit]\n');
    await put('/usr/lib/systemd/system/firewalld.service', '[Unit]\n');
    await put('/lib/systemd/system/netfilter-persistent.service', '[Unit]\n');
    await mkdir(path.join(root, '/etc/systemd/system/multi-user.target.wants'), { recursive: true });
    await symlink('/usr/lib/systemd/system/firewalld.service', path.join(root, '/etc/systemd/system/multi-user.target.wants/firewalld.service'));
    await symlink('/dev/null', path.join(root, '/etc/systemd/system/netfilter-persistent.service'));
    expect(await gatherUnitStates(root, 1000)).toEqual({
      source: 'symlinks',
      units: {
        'nftables.service': { enabled: 'disabled', active: null },
        'firewalld.service': { enabled: 'enabled', active: null },
        'netfilter-persistent.service': { enabled: 'masked', active: null },
      },
    });
  });
});

describe('nftables service configs', () => {
  it("reads RHEL's /etc/sysconfig/nftables.conf and follows includes (relative, absolute, globbed) once each", async () => {
    await put('/etc/sysconfig/nftables.conf', '# RHEL\ninclude "/etc/nftables/main.nft"\n');
    await put('/etc/nftables/main.nft', 'flush ruleset\ninclude "/etc/nftables/conf.d/*.nft"\ninclude "/etc/nftables/main.nft"\n');
    await put('/etc/nftables/conf.d/a.nft', 'table inet a {}\n');
    await put('/etc/nftables/conf.d/b.nft', 'table inet b {}\n');
    await put('/etc/nftables.conf', 'include "extra.nft"\n');
    await put('/etc/extra.nft', 'table inet extra {}\n');
    const fact = await gatherNftablesConfigFiles(root);
    expect('files' in fact && fact.files.map((f) => f.path)).toEqual([
      '/etc/sysconfig/nftables.conf',
      '/etc/extra.nft',
      '/etc/nftables/main.nft',
      '/etc/nftables/conf.d/a.nft',
      '/etc/nftables/conf.d/b.nft',
    ]);
  });

  it('records an absent /etc/sysconfig/nftables.conf as absent', async () => {
    expect(await gatherNftablesConfigFiles(root)).toEqual({ files: [{ path: '/etc/sysconfig/nftables.conf', present: false }] });
  });
});

describe('firewalld', () => {
  it('reads the config under --root and does not pretend to know the runtime zones', async () => {
    await put('/etc/firewalld/firewalld.conf', 'DefaultZone=public\nStrictForwardPorts=yes\n');
    expect(await gatherFirewalld(root, 1000)).toEqual({
      conf: { path: '/etc/firewalld/firewalld.conf', present: true, text: 'DefaultZone=public\nStrictForwardPorts=yes\n' },
      running: null,
      zones: {},
      policies: null,
    });
  });

  it('reads `firewall-cmd --get-active-zones`', () => {
    expect(activeZones('docker\n  interfaces: br-1a2b3c4d5e6f docker0\npublic (default)\n  interfaces: eth0\n  sources: 10.0.0.0/8\n')).toEqual({
      'br-1a2b3c4d5e6f': 'docker',
      docker0: 'docker',
      eth0: 'public',
    });
  });
});
