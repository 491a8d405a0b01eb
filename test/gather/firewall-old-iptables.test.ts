import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { backendOf, gatherFirewallFamily } from '../../src/gather/firewall.js';

// iptables 1.4 (CentOS 6: 1.4.7, CentOS 7: 1.4.21) cannot be installed here: stand-in tools answer as its source does
// (netfilter iptables at the "iptables 1.4.7" and "iptables 1.4.21 release" commits, cf7e42ff and 482c6d37, mirrored in
// aosp-mirror/platform_external_iptables): `iptables -V` prints "%s v%s" (iptables.c, case 'V'); iptables-save's
// getopt_long loop has no default case, so getopt reports `-w` on stderr and the dump follows with exit 0
// (iptables-save.c; the default case that exits 1 came with d89dc47a, April 2017, iptables 1.6.2). The dumps are real
// 1.4.7 and 1.4.21 output (fixtures/realworld/rules/sources.json).
const RULES = fileURLToPath(new URL('../../fixtures/realworld/rules/', import.meta.url));
const savedPath = process.env['PATH'];
const dirs: string[] = [];
afterEach(() => {
  process.env['PATH'] = savedPath;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A PATH holding only stand-in `iptables` and `iptables-save` (no iptables-nft-save: EL6/EL7 have none). */
function standInIptables(version: string, dump: string, unknownOption: 'ignored' | 'refused'): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-old-iptables-'));
  dirs.push(dir);
  const tool = (name: string, body: string) => {
    writeFileSync(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    chmodSync(path.join(dir, name), 0o755);
  };
  tool('iptables', `[ "$1" = -V ] && { echo "iptables v${version}"; exit 0; }\nexit 2`);
  const onW =
    unknownOption === 'ignored'
      ? `echo "iptables-save: invalid option -- 'w'" >&2`
      : `{ echo "iptables-save: invalid option -- 'w'" >&2; echo "Look at manual page \\\`iptables-save.8' for more information." >&2; exit 1; }`;
  tool('iptables-save', `echo "iptables-save $*" >> '${path.join(dir, 'runs')}'\nfor arg in "$@"; do [ "$arg" = -w ] && ${onW}; done\n/bin/cat '${path.join(RULES, dump)}'`);
  process.env['PATH'] = dir;
}

describe('the live ruleset on iptables 1.4 (EL6, EL7)', () => {
  it.each([
    ['1.4.21', 'dcompiled__centos7.sysconfig-iptables'],
    ['1.4.7', 'dodgepudding__centos-conf.sysconfig-iptables'],
  ])('iptables %s: legacy backend, the whole dump although -w is not an option there', async (version, dump) => {
    standInIptables(version, dump, 'ignored');
    expect(await gatherFirewallFamily(4, 5000)).toEqual({
      backend: 'legacy',
      versionText: `iptables v${version}`,
      save: readFileSync(path.join(RULES, dump), 'utf8'),
      otherBackend: { unavailable: 'iptables-nft-save is not installed (not found in PATH)' },
    });
  });

  it('iptables 1.6.2 and later refuse -w (exit 1): this host\'s save is asked without it (a bundle\'s recorded runs ask with it first)', async () => {
    standInIptables('1.6.2', 'dcompiled__centos7.sysconfig-iptables', 'refused');
    const fact = await gatherFirewallFamily(4, 5000);
    expect(fact).toMatchObject({ backend: 'legacy', versionText: 'iptables v1.6.2', save: readFileSync(path.join(RULES, 'dcompiled__centos7.sysconfig-iptables'), 'utf8') });
    expect(readFileSync(path.join(dirs.at(-1)!, 'runs'), 'utf8')).toBe('iptables-save \n');
  });

  it('names the backend from -V: 1.4 and 1.6 print none and have only the legacy one', () => {
    expect(backendOf('iptables v1.4.7')).toBe('legacy');
    expect(backendOf('iptables v1.4.21')).toBe('legacy');
    expect(backendOf('iptables v1.6.1')).toBe('legacy');
    expect(backendOf('iptables v1.8.4 (nf_tables)')).toBe('nf_tables');
    expect(backendOf('iptables v1.8.4 (legacy)')).toBe('legacy');
    expect(backendOf('iptables v1.8.4')).toBe('unknown');
  });
});
