import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromDockerdVersion, fromDpkgStatus, gatherInstalledEngine } from '../../src/gather/installedEngine.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';

const DPKG_STATUS = readFileSync(fixturePath('installed-engine/dpkg-status-debian12'), 'utf8');

/** A host tree whose only file is the captured dpkg status. */
function rootWithDpkgStatus(text: string): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-installed-'));
  mkdirSync(path.join(root, 'var/lib/dpkg'), { recursive: true });
  writeFileSync(path.join(root, 'var/lib/dpkg/status'), text);
  return root;
}

describe('the installed engine', () => {
  it('reads the release from `dockerd --version` as Debian 12 docker.io prints it', () => {
    expect(fromDockerdVersion('Docker version 20.10.24+dfsg1, build 5d6db84\n')).toEqual({
      version: '20.10.24',
      source: 'dockerd --version: Docker version 20.10.24+dfsg1, build 5d6db84',
    });
    expect(fromDockerdVersion('dockerd: command not found')).toBeNull();
  });

  it('reads the installed docker.io package from a real dpkg status file', () => {
    expect(fromDpkgStatus(DPKG_STATUS)).toEqual({ version: '20.10.24', source: '/var/lib/dpkg/status: docker.io 20.10.24+dfsg1-1+deb12u1+b6' });
  });

  it('ignores a package that was removed (its configuration files left)', () => {
    expect(fromDpkgStatus(DPKG_STATUS.replace(/(Package: docker\.io\nStatus: )install ok installed/, '$1deinstall ok config-files'))).toBeNull();
  });

  it('under --root: the package database there, not this host\'s dockerd binary', async () => {
    expect(await gatherInstalledEngine(rootWithDpkgStatus(DPKG_STATUS), 15_000)).toEqual({
      version: '20.10.24',
      source: '/var/lib/dpkg/status: docker.io 20.10.24+dfsg1-1+deb12u1+b6',
    });
    const empty = mkdtempSync(path.join(os.tmpdir(), 'dockdoc-installed-'));
    expect(await gatherInstalledEngine(empty, 15_000)).toMatchObject({ unavailable: expect.stringMatching(/^no installed Docker engine found \(no \/var\/lib\/dpkg\/status; /) });
  });
});

describe('dockdoc pools without a reachable engine (the exact input)', () => {
  const root = rootWithDpkgStatus(DPKG_STATUS);
  // A generous bound: on a loaded machine loading the gatherers' modules alone can take seconds; nothing here hangs.
  const gather = ['--root', root, '--docker-host', `unix://${path.join(root, 'no.sock')}`, '--timeout', '15000'];

  it('says the engine was not reached, the version assumed and why, and that networks are not counted', async () => {
    const text = await dockdoc(['pools', ...gather]);
    expect(text.exitCode).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toBe('Docker address pools for engine 20.10.24: pools split in the order written, handed out round-robin (≤26)');
    expect(lines[1]).toMatch(/^! The Docker engine was not reached: Docker engine at unix:\/\/.*no\.sock \(from --docker-host\) did not answer: connect ENOENT/);
    expect(lines[2]).toBe('! Assuming engine 20.10.24 (installed: /var/lib/dpkg/status: docker.io 20.10.24+dfsg1-1+deb12u1+b6).');
    expect(lines[3]).toMatch(/^! The engine's networks are not counted/);
    const json = JSON.parse((await dockdoc(['pools', ...gather, '--format', 'json'])).stdout);
    expect(json.engineVersion).toBe('20.10.24');
    expect(json.engine).toMatchObject({ reached: false, versionSource: 'installed', networksCounted: false });
  }, 90_000);

  it('--engine-version wins over the installed version and says so', async () => {
    const json = JSON.parse((await dockdoc(['pools', ...gather, '--engine-version', '27.3.1', '--format', 'json'])).stdout);
    expect(json).toMatchObject({ engineVersion: '27.3.1', allocator: 'first-fit', engine: { versionSource: 'setting' } });
  }, 60_000);
});
