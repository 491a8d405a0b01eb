import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatherFirewallFamily } from '../../src/gather/firewall.js';
import { stopUnclaimedEarlyWork } from '../../src/gather/earlyWork.js';
import { startEarlySaves } from '../../src/gather/saves.js';
import { parsedSaveOf } from '../../src/iptables/parsed-saves.js';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { isUnavailable } from '../../src/snapshot/fact.js';

const SAVE = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';

let bin: string;
const originalPath = process.env.PATH;

/** A stand-in for one iptables tool: logs each run (name, arguments, pid) and answers, or sleeps when told to. */
async function tool(name: string, body: string): Promise<void> {
  const file = path.join(bin, name);
  await writeFile(file, `#!/bin/sh\necho "${name} $* $$" >> "${bin}/runs"\n${body}\n`);
  await chmod(file, 0o755);
}

async function runs(): Promise<string[]> {
  return (await readFile(path.join(bin, 'runs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) if (await condition()) return true;
  return condition();
}

beforeEach(async () => {
  bin = await mkdtemp(path.join(os.tmpdir(), 'dockdoc-early-save-'));
  process.env.PATH = `${bin}:${originalPath ?? ''}`;
  await tool('iptables', 'echo "iptables v1.8.9 (nf_tables)"');
  await tool('iptables-save', `printf '${SAVE.replace(/\n/g, '\\n')}'`);
  await tool('iptables-legacy-save', 'true');
  // ip6tables-save hangs: only a kill ends it.
  await tool('ip6tables', 'echo "ip6tables v1.8.9 (nf_tables)"');
  await tool('ip6tables-save', 'exec sleep 60');
  await tool('ip6tables-legacy-save', 'true');
});

afterEach(async () => {
  stopUnclaimedEarlyWork();
  process.env.PATH = originalPath;
  await rm(bin, { recursive: true, force: true });
});

describe('the saves started before the program loads', () => {
  it('are what the gatherer reads: iptables-save runs once, started before the gatherer asked', async () => {
    startEarlySaves();
    expect(await until(async () => (await runs()).some((r) => r.startsWith('iptables-save ')), 5000)).toBe(true);
    const fact = await gatherFirewallFamily(4, 5000);
    expect(fact).toEqual({ backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: SAVE, otherBackend: { backend: 'legacy', save: '' } });
    expect((await runs()).filter((r) => r.startsWith('iptables-save ')).map((r) => r.split(' ').slice(0, -1).join(' '))).toEqual(['iptables-save -w']);
  });

  it('are parsed table by table as they are printed for `check`, and only recorded for `snapshot`', async () => {
    const chains = (fact: Awaited<ReturnType<typeof gatherFirewallFamily>>) =>
      isUnavailable(fact) ? null : [...(parsedSaveOf(fact)?.tables.get('filter')?.chains.values() ?? [])].map((c) => [c.name, c.policy, c.line]);
    startEarlySaves({ parse: true });
    const parsed = await gatherFirewallFamily(4, 5000);
    expect(chains(parsed)).toEqual([...parseRuleset(SAVE, { family: 4, mode: 'kernel' }).tables.get('filter')!.chains.values()].map((c) => [c.name, c.policy, c.line]));
    expect(chains(parsed)).toEqual([['INPUT', 'ACCEPT', 2], ['FORWARD', 'DROP', 3], ['OUTPUT', 'ACCEPT', 4]]);
    stopUnclaimedEarlyWork();
    startEarlySaves();
    expect(chains(await gatherFirewallFamily(4, 5000))).toEqual([]);
  });

  it('end when no gatherer claims them (a usage error), and when the claiming gatherer runs out of time', async () => {
    startEarlySaves();
    const pidOf = async (): Promise<number> => Number((await runs()).find((r) => r.startsWith('ip6tables-save '))?.split(' ').pop());
    expect(await until(async () => (await pidOf()) > 0, 5000)).toBe(true);
    const unclaimed = await pidOf();
    stopUnclaimedEarlyWork();
    expect(await until(async () => !alive(unclaimed), 5000)).toBe(true);

    await rm(path.join(bin, 'runs'));
    startEarlySaves();
    expect(await until(async () => (await pidOf()) > 0, 5000)).toBe(true);
    const claimed = await pidOf();
    const signal = AbortSignal.timeout(300);
    const fact = await gatherFirewallFamily(6, 600_000, signal);
    expect(fact).toEqual({ unavailable: '`ip6tables-save -w` was not waited for: its gatherer ran out of time' });
    expect(await until(async () => !alive(claimed), 5000)).toBe(true);
  });
});
