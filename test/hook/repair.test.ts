import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repairUnattended } from '../../src/hook/repair.js';
import { dockdoc, fixturePath } from '../helpers/cli.js';
import { hostFixture } from '../helpers/hosts.js';

const roots: string[] = [];
function root(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockdoc-hook-repair-'));
  roots.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * The cases that never restart anything; the repair itself (dockerd restarted from its pidfile, the guard holding the
 * next one back) runs against a real dockerd in test/integration/hook.test.ts.
 */
describe('repairUnattended', () => {
  const repair = (host: string, dir: string, pidfile?: string) =>
    repairUnattended(hostFixture(host), { restart: { root: dir, ...(pidfile ? { pidfile } : {}) }, cooldownMs: 600_000 }, { root: dir, timeoutMs: 1_000 }, 60_000, new Date());

  it('has nothing to say when nothing is broken, or when the engine could not be reached', async () => {
    expect(await repair('healthy-20.10', root())).toEqual([]);
    expect(await repair('no-engine', root())).toEqual([]);
  });

  it('does not judge an engine older than dockdoc models: the wiped EL7 host on 19.03 gets no guessed repair (DD003 says why)', async () => {
    const host = hostFixture('el7-iptables-restart');
    if ('unavailable' in host.facts.engine) throw new Error('the fixture has an engine');
    const on1903 = { ...host, facts: { ...host.facts, engine: { ...host.facts.engine, version: '19.03.15' } } };
    expect(await repairUnattended(on1903, { restart: { root: root() }, cooldownMs: 600_000 }, { root: root(), timeoutMs: 1_000 }, 60_000, new Date())).toEqual([]);
  });

  it('says why it cannot repair a broken host it has no way to restart dockerd on', async () => {
    expect(await repair('el7-iptables-restart', root())).toEqual([
      '<4>dockdoc hook repair: not repairing: systemd does not run docker.service on this host; give --dockerd-pidfile (and --dockerd-start when its command line is not enough to start it again)',
    ]);
    const dir = root();
    const notDockerd = path.join(dir, 'dockerd.pid');
    writeFileSync(notDockerd, `${process.pid}\n`);
    expect(await repair('el7-iptables-restart', dir, notDockerd)).toEqual([
      `<4>dockdoc hook repair: not repairing: ${notDockerd} names pid ${process.pid}, which is not a running dockerd`,
    ]);
  });
});

describe('hook run --fix (built CLI)', () => {
  it('needs --yes, refuses a snapshot, and takes the restart flags only with --fix', async () => {
    const snapshot = fixturePath('hosts/el7-iptables-restart/snapshot.json');
    expect(await dockdoc(['hook', 'run', '--fix'])).toMatchObject({ exitCode: 2, stderr: 'dockdoc: hook mode is unattended and never asks: --fix needs --yes' });
    expect(await dockdoc(['hook', 'run', '--fix', '--yes', '--snapshot', snapshot])).toMatchObject({
      exitCode: 2,
      stderr: 'dockdoc: --fix repairs this host: it cannot be used with --snapshot',
    });
    expect(await dockdoc(['hook', 'run', '--dockerd-pidfile', '/run/docker.pid', '--snapshot', snapshot])).toMatchObject({
      exitCode: 2,
      stderr: 'dockdoc: --yes, --dockerd-pidfile, --dockerd-start and --dockerd-log only apply with --fix',
    });
  });
});
