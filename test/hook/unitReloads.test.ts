import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unitReloads } from '../../src/hook/unitReloads.js';
import type { HostFile } from '../../src/snapshot/schema.js';

function vendorUnit(name: string): HostFile {
  const path = `/usr/lib/systemd/system/${name}`;
  return { path, present: true, text: readFileSync(new URL(`../../fixtures/systemd/${name}`, import.meta.url), 'utf8') };
}

function dropIn(text: string): HostFile {
  return { path: '/etc/systemd/system/x.service.d/10-admin.conf', present: true, text };
}

describe('unitReloads', () => {
  it('reads the vendor units: every firewall service reloads except netfilter-persistent', () => {
    const reloads = Object.fromEntries(
      ['iptables.service', 'ip6tables.service', 'netfilter-persistent.service', 'nftables.service', 'firewalld.service', 'docker.service'].map(
        (name) => [name, unitReloads([vendorUnit(name)])],
      ),
    );
    expect(reloads).toEqual({
      'iptables.service': true,
      'ip6tables.service': true,
      'netfilter-persistent.service': false,
      'nftables.service': true,
      'firewalld.service': true,
      'docker.service': true,
    });
  });

  it('applies drop-ins in order: an empty ExecReload= clears the list, a later one adds again', () => {
    const nftables = vendorUnit('nftables.service');
    expect(unitReloads([nftables, dropIn('[Service]\nExecReload=\n')])).toBe(false);
    expect(unitReloads([nftables, dropIn('[Service]\nExecReload=\n'), dropIn('[Service]\nExecReload=/usr/sbin/nft -f /etc/nftables.d\n')])).toBe(true);
    expect(unitReloads([vendorUnit('netfilter-persistent.service'), dropIn('[Service]\nExecReload=/usr/sbin/netfilter-persistent reload\n')])).toBe(true);
  });

  it('ignores comments and joins continuation lines as systemd does', () => {
    expect(unitReloads([dropIn('[Service]\n# ExecReload=/bin/true\n; ExecReload=/bin/true\n')])).toBe(false);
    expect(unitReloads([dropIn('[Service]\nExecStart=/bin/a \\\nExecReload=/bin/b\n')])).toBe(false);
    expect(unitReloads([null, { path: '/x', present: false }])).toBe(false);
  });
});
