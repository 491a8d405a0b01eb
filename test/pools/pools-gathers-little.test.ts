import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockdoc } from '../helpers/cli.js';

/**
 * `dockdoc pools` on a live host runs only what the pools need: the firewall listings (iptables-save, nft) cost more
 * than the rest of the run on a large host and say nothing about address space. Each command dockdoc may run is a
 * script that logs its name first, so the test sees what was started; `dockdoc snapshot` with the same scripts shows
 * the log does catch the firewall listings.
 */
describe('dockdoc pools starts no firewall listing, and only the `ip` listings it shows', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-pools-commands-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'started');
  const root = path.join(dir, 'root');
  const commands = ['iptables-save', 'ip6tables-save', 'iptables', 'ip6tables', 'nft', 'systemctl', 'firewall-cmd', 'dockerd', 'rpm', 'ip'];
  writeFileSync(path.join(dir, 'daemon.json'), JSON.stringify({ 'default-address-pools': [{ base: '10.0.0.0/8', size: 30 }] }));
  mkdirSync(bin);
  mkdirSync(root);
  for (const name of commands) {
    // `ip -j ...` answers an empty JSON list; everything else fails as if absent.
    const body = name === 'ip' ? 'echo "[]"' : 'exit 127';
    writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> '${log}'\n${body}\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  const env = { PATH: `${bin}:${path.dirname(process.execPath)}` };
  const gather = ['--root', root, '--docker-host', `unix://${path.join(dir, 'no.sock')}`, '--daemon-config', path.join(dir, 'daemon.json')];
  const started = (): string[] => {
    try {
      return readFileSync(log, 'utf8').trim().split('\n').sort();
    } catch {
      return [];
    }
  };

  it('runs `ip` for the IPv4 routes alone in text and JSON, for routes and addresses in a picture, each listing once, and no iptables nor nft', async () => {
    for (const format of [[], ['--format', 'json'], ['--format=text']]) {
      rmSync(log, { force: true });
      const result = await dockdoc(['pools', ...gather, '--engine-version', '20.10.24', '--next', '2', ...format], env);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('10.0.0.4/30');
      // Started before the program loaded (src/gather/ipListings.ts) and claimed by the gatherer: never run twice. dockerd's
      // host check reads the IPv4 routes alone (src/pools/host.ts), and so does this report.
      expect(started()).toEqual(['ip -j -4 route show table all']);
    }
    for (const format of [['--format', 'svg'], ['--format=html'], ['--format', 'json', '--format', 'svg']]) {
      rmSync(log, { force: true });
      const picture = await dockdoc(['pools', ...gather, '--engine-version', '20.10.24', '--next', '2', ...format], env);
      expect(picture.exitCode).toBe(0);
      expect(picture.stdout).toContain('10.0.0.4/30');
      expect(started()).toEqual(['ip -j -4 route show table all', 'ip -j -6 route show table all', 'ip -j addr']);
    }
    rmSync(log, { force: true });
    const snapshot = await dockdoc(['snapshot', ...gather], env);
    expect(snapshot.exitCode).toBe(0);
    expect(started().map((line) => line.split(' ')[0])).toEqual(expect.arrayContaining(['iptables', 'ip6tables', 'nft']));
    expect(started().filter((line) => line.startsWith('ip '))).toEqual(['ip -j -4 route show table all', 'ip -j -6 route show table all', 'ip -j addr']);
  }, 90_000);
});
