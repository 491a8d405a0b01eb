import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { claimEarlyInputRead, startEarlyInputRead, stopUnclaimedEarlyWork } from '../../src/bundle/inputFile.js';
import { loadSnapshotOrBundle } from '../../src/bundle/load.js';
import { earlyWorkFor } from '../../src/cli/entry.js';
import { INPUT_CAPS } from '../../src/limits/caps.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'dockdoc-early-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => stopUnclaimedEarlyWork());

const HEALTHY = fixturePath('hosts/healthy-20.10/snapshot.json');
const BUNDLE = fixturePath('bundles/dockerd-20.10-healthy.bundle');

function scratchFile(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

describe('the snapshot or bundle read begun before the program loads', () => {
  it('is what the loader reads for the same path, taken once: the same snapshot or bundle as its own read gives', async () => {
    for (const file of [HEALTHY, BUNDLE]) {
      const own = await loadSnapshotOrBundle(file);
      startEarlyInputRead(file);
      expect(await loadSnapshotOrBundle(file)).toEqual(own);
      expect(claimEarlyInputRead(file)).toBeNull();
    }
  });

  it('says when the bytes are being read (the start lets the stat and the open through first), or the read has failed', async () => {
    const own = await loadSnapshotOrBundle(HEALTHY);
    const size = statSync(HEALTHY).size;
    // Settles for a file that is read and for one that is not: the start never waits on it past its bound for nothing.
    await startEarlyInputRead(HEALTHY);
    expect((await claimEarlyInputRead(HEALTHY)!).length).toBe(size);
    startEarlyInputRead(HEALTHY);
    expect(await loadSnapshotOrBundle(HEALTHY)).toEqual(own);
    const missing = path.join(scratch, 'not-there.json');
    await expect(startEarlyInputRead(missing)).resolves.toBeUndefined();
    await expect(claimEarlyInputRead(missing)).rejects.toThrow('ENOENT');
  });

  it('is left alone for a path spelled otherwise, even one naming the same file', async () => {
    const copy = scratchFile('host.json', readFileSync(HEALTHY, 'utf8'));
    const otherwise = `${scratch}/./host.json`;
    startEarlyInputRead(otherwise);
    await loadSnapshotOrBundle(copy);
    expect(claimEarlyInputRead(otherwise)).not.toBeNull();
  });

  it('gives the loader the same problems as its own read: missing, refused, over the cap, not JSON, not a snapshot', async () => {
    const fifo = path.join(scratch, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    const folder = path.join(scratch, 'folder.json');
    mkdirSync(folder);
    const huge = path.join(scratch, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, INPUT_CAPS.snapshot + 1);
    const files = [
      path.join(scratch, 'missing.json'),
      fifo,
      folder,
      huge,
      scratchFile('cut.json', '{"schemaVersion":1,"facts":{"routes":[}'),
      scratchFile('routes.json', '{"schemaVersion":1,"facts":{"routes":{}}}'),
      scratchFile('cut.bundle', 'dockdoc-bundle 1\nhostname web01\ntaken-at 2026-12-05T07:00:00Z\n@run 0 999 0 iptables -V\niptables v1.8.9\n'),
    ];
    const messages: string[] = [];
    for (const file of files) {
      const own = await loadSnapshotOrBundle(file);
      startEarlyInputRead(file);
      const early = await loadSnapshotOrBundle(file);
      expect(early).toEqual(own);
      expect(claimEarlyInputRead(file)).toBeNull();
      messages.push((early as { message: string }).message);
    }
    expect(messages).toEqual([
      expect.stringMatching(/^cannot read snapshot: .*no such file or directory/),
      'cannot read snapshot: it is a FIFO (named pipe), not a regular file (dockdoc reads only regular files)',
      'cannot read snapshot: it is a folder, not a regular file (dockdoc reads only regular files)',
      "a snapshot may be at most 64 MiB; this one is larger, so dockdoc did not parse it",
      expect.stringMatching(/^not a JSON snapshot: /),
      'not a valid snapshot: facts.routes: expected an array',
      expect.stringContaining('not a valid bundle: the record says 999 + 0 bytes follow'),
    ]);
  });

  it('that nobody claims ends quietly, failed or not (a usage error ended the run first)', async () => {
    startEarlyInputRead(path.join(scratch, 'absent.json'));
    startEarlyInputRead(HEALTHY);
    stopUnclaimedEarlyWork();
    expect(claimEarlyInputRead(HEALTHY)).toBeNull();
    // A rejection nobody handled would fail this file's run (vitest reports unhandled rejections as errors).
    await new Promise((resolve) => setTimeout(resolve, 50));
  });
});

describe('the file the command line names, as commander reads it', () => {
  it.each([
    [['check', '--snapshot', 'host.json', '--format', 'json'], 'host.json'],
    [['check', '--format', 'json', '--snapshot=host.json'], 'host.json'],
    [['check', '--snapshot', '-odd name'], '-odd name'],
    [['pools', '--next', '3', '--snapshot', 'h.json'], 'h.json'],
    [['snapshot', '--from', 'host.bundle', '-o', 'x.json'], 'host.bundle'],
    [['snapshot', '--from=host.bundle'], 'host.bundle'],
  ])('%j reads %s early', (args, file) => {
    expect(earlyWorkFor(['node', 'dockdoc', ...args])).toEqual({ saves: false, ipListings: null, savedFile: file });
  });

  it.each([
    [['check', '--snapshot', 'a.json', '--snapshot', 'b.json']],
    [['check', '--snapshot=a.json', '--snapshot=b.json']],
    [['check', '--snapshot', 'a.json', '--', 'x']],
    [['check', '--snapshot']],
    [['check', '--snapshot=']],
    [['check', '--snapshot', 'a.json', '--help']],
    [['lint', '--snapshot', 'a.json']],
    [['fleet', 'hosts/']],
    [['snapshot', '--snapshot', 'a.json', '--from']],
  ])('%j reads nothing early', (args) => {
    expect(earlyWorkFor(['node', 'dockdoc', ...args]).savedFile).toBeNull();
  });

  it('leaves the live runs as they were, the pools starting only the listings their format shows', () => {
    expect(earlyWorkFor(['node', 'dockdoc', 'check'])).toEqual({ saves: true, ipListings: 'routes-and-addresses', savedFile: null });
    expect(earlyWorkFor(['node', 'dockdoc', 'snapshot', '-o', 'x.json'])).toEqual({ saves: true, ipListings: 'routes-and-addresses', savedFile: null });
    expect(earlyWorkFor(['node', 'dockdoc', 'pools', '--next', '3'])).toEqual({ saves: false, ipListings: 'ipv4-routes', savedFile: null });
    expect(earlyWorkFor(['node', 'dockdoc', 'pools', '--format', 'json'])).toEqual({ saves: false, ipListings: 'ipv4-routes', savedFile: null });
    for (const format of [['--format', 'svg'], ['--format=html'], ['--format', 'text', '--format', 'svg']]) {
      expect(earlyWorkFor(['node', 'dockdoc', 'pools', ...format])).toEqual({ saves: false, ipListings: 'routes-and-addresses', savedFile: null });
    }
  });
});

describe('check --snapshot through the built CLI, read early', () => {
  it('refuses a FIFO at once in both spellings, with the message of the loader', async () => {
    const fifo = path.join(scratch, 'cli-fifo.json');
    execFileSync('mkfifo', [fifo]);
    for (const args of [['--snapshot', fifo], [`--snapshot=${fifo}`]]) {
      const result = await dockdoc(['check', ...args, '--format', 'json']);
      expect(result.exitCode).toBe(2);
      expect(JSON.parse(result.stdout).findings).toEqual([
        expect.objectContaining({
          ruleId: 'DD001',
          message: 'cannot read snapshot: it is a FIFO (named pipe), not a regular file (dockdoc reads only regular files)',
        }),
      ]);
    }
  });

  it('gives the same report in both spellings', async () => {
    const spaced = await dockdoc(['check', '--snapshot', HEALTHY, '--format', 'json']);
    expect(spaced.exitCode).toBe(0);
    expect(JSON.parse(spaced.stdout).findings.length).toBeGreaterThan(0);
    expect(await dockdoc(['check', `--snapshot=${HEALTHY}`, '--format', 'json'])).toEqual(spaced);
  });
});
