import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/bundle/format.js';
import { snapshotFromBundle } from '../../src/bundle/load.js';
import { gatherScript } from '../../src/bundle/script.js';
import { TOOL_VERSION } from '../../src/version.js';
import { dockdoc } from '../helpers/cli.js';

const SCRIPT = new URL('../../src/bundle/gather.sh', import.meta.url);

function executable(candidates: string[]): string | undefined {
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const SHELLCHECK = executable(['/usr/bin/shellcheck', '/usr/local/bin/shellcheck']);
const BUSYBOX = executable(['/bin/busybox', '/usr/bin/busybox']);
const DASH = executable(['/usr/bin/dash', '/bin/dash']);
for (const [tool, found] of [['shellcheck', SHELLCHECK], ['busybox', BUSYBOX], ['dash', DASH]] as const) {
  if (!found) console.warn(`gather script tests that need ${tool} skipped: it is not installed (apt-get install ${tool === 'busybox' ? 'busybox-static' : tool})`);
}

/** The tools of a bare host: the POSIX utilities (busybox's), and none of iptables, ip, nft, docker, systemctl. */
function barePath(): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'dockdoc-bare-')), 'bin');
  mkdirSync(dir);
  for (const tool of ['cat', 'wc', 'ls', 'sed', 'awk', 'uname', 'date', 'id', 'mktemp', 'tr', 'head', 'grep', 'sort', 'readlink', 'rm', 'timeout', 'true']) {
    symlinkSync(BUSYBOX!, path.join(dir, tool));
  }
  return dir;
}

describe('the gather script', () => {
  it('`dockdoc gather-script` prints src/bundle/gather.sh with this version in it', async () => {
    const printed = await dockdoc(['gather-script']);
    expect(printed.exitCode).toBe(0);
    // The helper drops the final newline of what the CLI prints.
    expect(gatherScript()).toBe(readFileSync(SCRIPT, 'utf8').replace('@DOCKDOC_VERSION@', TOOL_VERSION));
    expect(printed.stdout).toBe(gatherScript().trimEnd());
  });

  it.runIf(SHELLCHECK)('is POSIX sh, clean under shellcheck for sh and for dash', () => {
    for (const shell of ['sh', 'dash']) {
      const result = spawnSync(SHELLCHECK!, ['-s', shell, '-S', 'info', SCRIPT.pathname], { encoding: 'utf8' });
      expect(result.stdout, `shellcheck -s ${shell}`).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it.runIf(BUSYBOX)('on a bare host (no iptables, ip, nft, docker, systemctl) runs to its end under busybox sh and dash; each missing tool is a fact', async () => {
    const bin = barePath();
    for (const shell of [[BUSYBOX!, 'sh'], ...(DASH ? [[DASH]] : [])]) {
      const stdout = execFileSync(shell[0]!, [...shell.slice(1), SCRIPT.pathname], { env: { PATH: bin }, maxBuffer: 64 * 1024 * 1024 });
      const bundle = parseBundle('bare.bundle', stdout);
      if (!('records' in bundle)) throw new Error(`${bundle.line}:${bundle.column} ${bundle.message}`);
      expect(bundle.records.filter((r) => r.kind === 'run' || r.kind === 'engine').every((r) => r.status === 'not-found')).toBe(true);
      const snapshot = await snapshotFromBundle(bundle);
      expect(snapshot.facts.iptables).toEqual({ unavailable: 'iptables is not installed (not found in PATH)' });
      expect(snapshot.facts.routes).toEqual({ unavailable: 'ip is not installed (not found in PATH)' });
      expect(snapshot.facts.engine).toEqual({
        unavailable: `Docker engine at ${process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock'} (the gather script's docker CLI) did not answer \`version\`: the docker CLI is not installed`,
      });
      expect(snapshot.facts.sysctls).toMatchObject({ values: { 'net.ipv4.ip_forward': expect.stringMatching(/^[01]$/) } });
    }
  });
});
