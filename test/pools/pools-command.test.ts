import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/dockdoc.js', import.meta.url));
const HEALTHY = fileURLToPath(new URL('../../fixtures/hosts/healthy-20.10/snapshot.json', import.meta.url));

function dockdoc(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The healthy snapshot with another daemon.json, written to a temporary file. */
function snapshotWith(daemonJson: string, engineVersion = '20.10.24+dfsg1'): string {
  const snapshot = JSON.parse(readFileSync(HEALTHY, 'utf8'));
  snapshot.facts.engine.version = engineVersion;
  snapshot.facts.daemonConfig = { path: '/etc/docker/daemon.json', present: true, text: daemonJson };
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dockdoc-pools-cmd-')), 'host.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

describe('dockdoc pools (built CLI)', () => {
  it('says that an engine before 20.10 gets 20.10\'s pool logic, unchecked (text and JSON)', () => {
    const file = snapshotWith('{}', '19.03.15');
    const text = dockdoc(['pools', '--snapshot', file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[1]).toBe("! Docker 19.03.15 is older than 20.10.0, the oldest release dockdoc models: what follows is 20.10.0's pool logic, not checked against 19.03.15 (DD003)");
    const json = dockdoc(['pools', '--snapshot', file, '--format', 'json']);
    expect(JSON.parse(json.stdout).engine.modelled).toBe(false);
    expect(JSON.parse(dockdoc(['pools', '--snapshot', HEALTHY, '--format', 'json']).stdout).engine.modelled).toBe(true);
  });

  it('predicts the next networks of the captured 20.10 host as JSON', () => {
    const r = dockdoc(['pools', '--snapshot', HEALTHY, '--next', '3', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.next).toEqual(['172.19.0.0/16', '172.20.0.0/16', '172.21.0.0/16']);
    expect(body.nextError).toBeNull();
    expect(body.allocator).toBe('round-robin');
    expect(body.docker0).toBe('172.17.0.0/16');
    expect(body.freeIPv4).toBe(29);
    expect(body.local.map((p: { base: string; free: number }) => `${p.base} ${p.free}`)).toEqual([
      '172.17.0.0/16 0',
      '172.18.0.0/16 0',
      '172.19.0.0/16 1',
      '172.20.0.0/14 4',
      '172.24.0.0/14 4',
      '172.28.0.0/14 4',
      '192.168.0.0/16 16',
    ]);
  });

  it('draws one map cell per subnet and names the exhaustion error after the last one', () => {
    const r = dockdoc(['pools', '--snapshot', snapshotWith('{"default-address-pools": [{"base": "10.50.0.0/22", "size": 24}]}'), '--next', '5']);
    expect(r.status, r.stderr).toBe(0);
    // The captured networks (172.17, 172.18) lie outside the pool, so all four /24s are free.
    expect(r.stdout).toContain('  10.50.0.0/22          /24          4      0        0          4  ····');
    expect(r.stdout).toContain(
      '  then: Error response from daemon: could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network',
    );
  });

  it('shows the 27+ order and the pools it drops', () => {
    const r = dockdoc([
      'pools',
      '--snapshot',
      snapshotWith(
        '{"default-address-pools": [{"base": "192.168.0.0/16", "size": 24}, {"base": "10.0.0.0/8", "size": 24}, {"base": "10.10.0.0/16", "size": 28}]}',
        '29.7.2',
      ),
      '--format',
      'json',
      '--next',
      '2',
    ]);
    const body = JSON.parse(r.stdout);
    expect(body.allocator).toBe('first-fit');
    expect(body.local.map((p: { base: string }) => p.base)).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(body.dropped).toEqual([{ base: '10.10.0.0/16', size: 28, keptInstead: '10.0.0.0/8' }]);
    // The captured docker0 (172.17) and mynet (172.18) lie outside these pools: first fit starts at the bottom.
    expect(body.next).toEqual(['10.0.0.0/24', '10.0.1.0/24']);
    expect(body.nextIfContinuing).toBeNull();
  });

  it('refuses a bad --next', () => {
    const r = dockdoc(['pools', '--snapshot', HEALTHY, '--next', 'many']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('dockdoc: --next must be a whole number from 0 to 10000, not "many"\n');
  });
});
