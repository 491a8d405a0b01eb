import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopUnclaimedEarlyWork } from '../../src/gather/earlyWork.js';
import { startEarlyIpListings } from '../../src/gather/ipListings.js';
import { gatherAddresses, gatherRoutes } from '../../src/gather/network.js';

let bin: string;
const originalPath = process.env.PATH;

/** A stand-in `ip`: logs each run (arguments, pid), then runs `body` with the arguments in "$*". */
async function ip(body: string): Promise<void> {
  const file = path.join(bin, 'ip');
  await writeFile(file, `#!/bin/sh\necho "ip $* $$" >> "${bin}/runs"\n${body}\n`);
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
  bin = await mkdtemp(path.join(os.tmpdir(), 'dockdoc-early-ip-'));
  process.env.PATH = `${bin}:${originalPath ?? ''}`;
});

afterEach(async () => {
  stopUnclaimedEarlyWork();
  process.env.PATH = originalPath;
  await rm(bin, { recursive: true, force: true });
});

describe('the `ip` listings started before the program loads', () => {
  it('are what the gatherers read: each listing runs once, all three started before any gatherer asked', async () => {
    await ip(`case "$*" in
  *"-4 route"*) echo '[{"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.2","flags":[]}]' ;;
  *"-6 route"*) echo '[{"dst":"fd00::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"}]' ;;
  *) echo '[]' ;;
esac`);
    startEarlyIpListings();
    expect(await until(async () => (await runs()).length === 3, 5000)).toBe(true);
    const [routes, addresses] = await Promise.all([gatherRoutes(5000), gatherAddresses(5000)]);
    expect(routes).toMatchObject([{ dst: '192.0.2.0/24', family: 4 }, { dst: 'fd00::/64', family: 6 }]);
    expect(addresses).toEqual([]);
    expect((await runs()).map((r) => r.split(' ').slice(0, -1).join(' ')).sort()).toEqual(['ip -j -4 route show table all', 'ip -j -6 route show table all', 'ip -j addr']);
  });

  it('are stopped when no gatherer claims them: the IPv6 listing after a failed IPv4 one, and all on a usage error', async () => {
    // The IPv4 listing fails, so the gatherer never asks for IPv6, whose listing hangs until it is killed.
    await ip(`case "$*" in
  *"-4 route"*) echo 'RTNETLINK answers: Operation not permitted' >&2; exit 2 ;;
  *"-6 route"*) exec sleep 60 ;;
  *) echo '[]' ;;
esac`);
    startEarlyIpListings();
    const pidOf = async (): Promise<number> => Number((await runs()).find((r) => r.startsWith('ip -j -6 '))?.split(' ').pop());
    expect(await until(async () => (await pidOf()) > 0, 5000)).toBe(true);
    const routes = await gatherRoutes(5000);
    expect(routes).toEqual({ unavailable: expect.stringContaining('Operation not permitted') });
    const unclaimed = await pidOf();
    expect(alive(unclaimed)).toBe(true);
    stopUnclaimedEarlyWork();
    expect(await until(async () => !alive(unclaimed), 5000)).toBe(true);
  });
});
