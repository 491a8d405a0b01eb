import { describe, expect, it } from 'vitest';
import type { HostIo } from '../../src/gather/hostIo.js';
import { gatherSnapshot } from '../../src/gather/snapshot.js';
import { derived } from '../../src/snapshot/derive.js';
import { unavailable } from '../../src/snapshot/fact.js';
import type { Snapshot } from '../../src/snapshot/schema.js';

const SAVE = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';

/** A host where only iptables answers, and its save only once `release` is called. */
function slowSaveHost(): { io: HostIo; release: () => void; saveAnswered: () => boolean } {
  let release = (): void => {};
  let answered = false;
  const released = new Promise<void>((resolve) => (release = resolve));
  const io: HostIo = {
    readFile: async (path) => ({ path, present: false }),
    run: async (file) => {
      if (file === 'iptables') return { stdout: 'iptables v1.8.9 (nf_tables)\n', stderr: '' };
      if (file === 'iptables-save') {
        await released;
        answered = true;
        return { stdout: SAVE, stderr: '' };
      }
      return unavailable(`${file} is not installed (not found in PATH)`);
    },
    listDir: async () => [],
    exists: async () => false,
    readLink: async () => null,
    queryEngine: async () => unavailable('no engine here'),
    queryEngineInfo: async () => unavailable('no engine here'),
    querySwarm: async () => unavailable('no engine here'),
  };
  return { io, release, saveAnswered: () => answered };
}

describe('the snapshot handed over while the iptables rules are read', () => {
  it('has every other fact, throws on the rules not read yet, and is the snapshot returned, rules filled in', async () => {
    const host = slowSaveHost();
    const readsRules = derived((snapshot: Snapshot) => snapshot.facts.iptables);
    const readsEngine = derived((snapshot: Snapshot) => snapshot.facts.engine);
    let early: Snapshot | null = null;
    const seen: unknown[] = [];
    const thrown = (read: () => unknown): unknown => {
      try {
        return read();
      } catch (error) {
        return (error as Error).message;
      }
    };
    // What the hook throws is ignored: it records what it saw, and the test looks afterwards.
    const gathering = gatherSnapshot({ root: '/', timeoutMs: 5000, io: host.io }, (snapshot) => {
      early = snapshot;
      seen.push(host.saveAnswered(), snapshot.facts.engine, readsEngine(snapshot), thrown(() => snapshot.facts.iptables), thrown(() => readsRules(snapshot)));
      setTimeout(host.release, 10);
      throw new Error('ignored');
    });
    const snapshot = await gathering;
    expect(seen).toEqual([
      false,
      { unavailable: 'no engine here' },
      { unavailable: 'no engine here' },
      'iptables was read before it was gathered',
      'iptables was read before it was gathered',
    ]);
    expect(snapshot).toBe(early);
    expect(snapshot.facts.iptables).toEqual({ backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: SAVE, otherBackend: { unavailable: 'iptables-legacy-save is not installed (not found in PATH)' } });
    expect(readsRules(snapshot)).toBe(snapshot.facts.iptables);
    expect(Object.keys(snapshot.facts)).toEqual(Object.keys((await gatherSnapshot({ root: '/', timeoutMs: 5000, io: slowSaveHostReleased() })).facts));
  });
});

function slowSaveHostReleased(): HostIo {
  const host = slowSaveHost();
  host.release();
  return host.io;
}
