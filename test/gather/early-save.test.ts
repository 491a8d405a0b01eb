import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatherFirewallFamily } from '../../src/gather/firewall.js';
import { stopUnclaimedEarlyWork } from '../../src/gather/earlyWork.js';
import { startEarlySaves } from '../../src/gather/saves.js';
import { parsedSaveOf } from '../../src/iptables/parsed-saves.js';
import { parseRuleset } from '../../src/iptables/ruleset.js';
import { isUnavailable } from '../../src/snapshot/fact.js';
import { isAlive } from '../support/processes.js';
import { standInRuns, standInTool, until } from '../support/stand-in-tools.js';

const SAVE = '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n';

let bin: string;
const originalPath = process.env.PATH;

beforeEach(async () => {
  bin = await mkdtemp(path.join(os.tmpdir(), 'dockdoc-early-save-'));
  process.env.PATH = `${bin}:${originalPath ?? ''}`;
  await standInTool(bin, 'iptables', 'echo "iptables v1.8.9 (nf_tables)"');
  await standInTool(bin, 'iptables-save', `printf '${SAVE.replace(/\n/g, '\\n')}'`);
  await standInTool(bin, 'iptables-legacy-save', 'true');
  // ip6tables-save hangs: only a kill ends it.
  await standInTool(bin, 'ip6tables', 'echo "ip6tables v1.8.9 (nf_tables)"');
  await standInTool(bin, 'ip6tables-save', 'exec sleep 60');
  await standInTool(bin, 'ip6tables-legacy-save', 'true');
});

afterEach(async () => {
  stopUnclaimedEarlyWork();
  process.env.PATH = originalPath;
  await rm(bin, { recursive: true, force: true });
});

describe('the saves started before the program loads', () => {
  it('are what the gatherer reads: iptables-save runs once (without the -w no save accepts), started before the gatherer asked', async () => {
    startEarlySaves();
    expect(await until(async () => (await standInRuns(bin)).some((r) => r.startsWith('iptables-save ')), 5000)).toBe(true);
    const fact = await gatherFirewallFamily(4, 5000);
    expect(fact).toEqual({ backend: 'nf_tables', versionText: 'iptables v1.8.9 (nf_tables)', save: SAVE, otherBackend: { backend: 'legacy', save: '' } });
    expect((await standInRuns(bin)).filter((r) => r.startsWith('iptables-save ')).map((r) => r.split(' ').slice(0, -1).join(' ').trim())).toEqual(['iptables-save']);
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
    const pidOf = async (): Promise<number> => Number((await standInRuns(bin)).find((r) => r.startsWith('ip6tables-save '))?.split(' ').pop());
    expect(await until(async () => (await pidOf()) > 0, 5000)).toBe(true);
    const unclaimed = await pidOf();
    stopUnclaimedEarlyWork();
    expect(await until(async () => !isAlive(unclaimed), 5000)).toBe(true);

    await rm(path.join(bin, 'runs'));
    startEarlySaves();
    expect(await until(async () => (await pidOf()) > 0, 5000)).toBe(true);
    const claimed = await pidOf();
    const signal = AbortSignal.timeout(300);
    const fact = await gatherFirewallFamily(6, 600_000, signal);
    expect(fact).toEqual({ unavailable: '`ip6tables-save` was not waited for: its gatherer ran out of time' });
    expect(await until(async () => !isAlive(claimed), 5000)).toBe(true);
  });
});
