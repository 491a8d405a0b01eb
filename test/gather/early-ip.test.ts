import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopUnclaimedEarlyWork } from '../../src/gather/earlyWork.js';
import { routeFamilies } from '../../src/gather/hostListings.js';
import { startEarlyIpListings } from '../../src/gather/ipListings.js';
import { gatherAddresses, gatherRoutes } from '../../src/gather/network.js';
import { isAlive } from '../support/processes.js';
import { standInRuns, standInTool, until } from '../support/stand-in-tools.js';

let bin: string;
const originalPath = process.env.PATH;

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
    await standInTool(bin, 'ip', `case "$*" in
  *"-4 route"*) echo '[{"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.2","flags":[]}]' ;;
  *"-6 route"*) echo '[{"dst":"fd00::/64","dev":"eth0","protocol":"kernel","metric":256,"flags":[],"pref":"medium"}]' ;;
  *) echo '[]' ;;
esac`);
    startEarlyIpListings('routes-and-addresses');
    expect(await until(async () => (await standInRuns(bin)).length === 3, 5000)).toBe(true);
    const [routes, addresses] = await Promise.all([gatherRoutes(5000), gatherAddresses(5000)]);
    expect(routes).toMatchObject([{ dst: '192.0.2.0/24', family: 4 }, { dst: 'fd00::/64', family: 6 }]);
    expect(addresses).toEqual([]);
    expect((await standInRuns(bin)).map((r) => r.split(' ').slice(0, -1).join(' ')).sort()).toEqual(['ip -j -4 route show table all', 'ip -j -6 route show table all', 'ip -j addr']);
  });

  it('are the IPv4 routes alone for a run reading only those, and the gatherer lists IPv4 alone', async () => {
    await standInTool(bin, 'ip', `case "$*" in
  *"-4 route"*) echo '[{"dst":"192.0.2.0/24","dev":"eth0","protocol":"kernel","scope":"link","prefsrc":"192.0.2.2","flags":[]}]' ;;
  *) echo 'unexpected' >&2; exit 1 ;;
esac`);
    startEarlyIpListings('ipv4-routes');
    expect(await until(async () => (await standInRuns(bin)).length === 1, 5000)).toBe(true);
    expect(await gatherRoutes(5000, undefined, undefined, routeFamilies('ipv4-routes'))).toMatchObject([{ dst: '192.0.2.0/24', family: 4 }]);
    expect((await standInRuns(bin)).map((r) => r.split(' ').slice(0, -1).join(' '))).toEqual(['ip -j -4 route show table all']);
  });

  it('are stopped when no gatherer claims them: the IPv6 listing after a failed IPv4 one, and all on a usage error', async () => {
    // The IPv4 listing fails, so the gatherer never asks for IPv6, whose listing hangs until it is killed.
    await standInTool(bin, 'ip', `case "$*" in
  *"-4 route"*) echo 'RTNETLINK answers: Operation not permitted' >&2; exit 2 ;;
  *"-6 route"*) exec sleep 60 ;;
  *) echo '[]' ;;
esac`);
    startEarlyIpListings('routes-and-addresses');
    const pidOf = async (): Promise<number> => Number((await standInRuns(bin)).find((r) => r.startsWith('ip -j -6 '))?.split(' ').pop());
    expect(await until(async () => (await pidOf()) > 0, 5000)).toBe(true);
    const routes = await gatherRoutes(5000);
    expect(routes).toEqual({ unavailable: expect.stringContaining('Operation not permitted') });
    const unclaimed = await pidOf();
    expect(isAlive(unclaimed)).toBe(true);
    stopUnclaimedEarlyWork();
    expect(await until(async () => !isAlive(unclaimed), 5000)).toBe(true);
  });
});
