import path from 'node:path';
import { isUnavailable, type Fact } from '../snapshot/fact.js';
import type { HostFile, SystemdUnitsFact } from '../snapshot/schema.js';
import { LIVE_HOST_IO, type HostIo } from './hostIo.js';
import { hostPath } from './hostPath.js';
import { redactHostFile, redactUnitFile } from './redact.js';

/** Units whose configuration matters: dockerd's own, and the firewall services that can wipe its rules. */
export const WATCHED_UNITS = [
  'docker.service',
  'iptables.service',
  'ip6tables.service',
  'netfilter-persistent.service',
  'nftables.service',
  'firewalld.service',
] as const;

/** systemd's unit search path, highest priority first. */
const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/local/lib/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/**
 * The watched units' files, without their secrets (Environment= values, --log-opt values: redact.ts). Every candidate
 * path is read at once (up to 60 small reads, each a round trip to node's file thread pool, on daemon.json's path in
 * every run) and the answers are taken in systemd's priority order, so the fact is the one reading them in turn gives.
 */
export async function gatherSystemdUnits(root: string, io: HostIo = LIVE_HOST_IO): Promise<Fact<SystemdUnitsFact>> {
  const read = await Promise.all(WATCHED_UNITS.map(async (unit) => [unit, await readUnit(root, unit, io)] as const));
  const units: SystemdUnitsFact['units'] = {};
  for (const [unit, files] of read) {
    if (isUnavailable(files)) return files;
    const { fragment, dropIns } = files;
    if (fragment !== null || dropIns.length > 0) units[unit] = { fragment, dropIns };
  }
  return { units };
}

async function readUnit(root: string, unit: string, io: HostIo): Promise<Fact<{ fragment: HostFile | null; dropIns: HostFile[] }>> {
  const [fragment, dropIns] = await Promise.all([firstPresent(root, UNIT_DIRS.map((dir) => path.join(dir, unit)), io), readDropIns(root, unit, io)]);
  if (fragment !== null && isUnavailable(fragment)) return fragment;
  if (isUnavailable(dropIns)) return dropIns;
  return { fragment, dropIns };
}

/** The first candidate that is present or unreadable, in the order given. */
async function firstPresent(root: string, paths: string[], io: HostIo): Promise<Fact<HostFile> | null> {
  const files = await Promise.all(paths.map(async (candidate) => redactHostFile(await io.readFile(hostPath(root, candidate), candidate, 'hostFile'), redactUnitFile)));
  return files.find((file) => isUnavailable(file) || file.present) ?? null;
}

/** Drop-ins from every unit directory; a file name in a higher-priority directory masks the same name below. */
async function readDropIns(root: string, unit: string, io: HostIo): Promise<Fact<HostFile[]>> {
  const byName = new Map<string, string>();
  const dropInDirs = [...UNIT_DIRS].reverse().map((dir) => path.join(dir, `${unit}.d`));
  const listings = await Promise.all(dropInDirs.map((dropInDir) => io.listDir(hostPath(root, dropInDir))));
  dropInDirs.forEach((dropInDir, i) => {
    for (const name of listings[i]!) if (name.endsWith('.conf')) byName.set(name, path.join(dropInDir, name));
  });
  const paths = [...byName.keys()].sort().map((name) => byName.get(name)!);
  const files = await Promise.all(paths.map(async (file) => redactHostFile(await io.readFile(hostPath(root, file), file, 'hostFile'), redactUnitFile)));
  const unreadable = files.find(isUnavailable);
  if (unreadable) return unreadable;
  return files.filter((file): file is HostFile => !isUnavailable(file) && file.present);
}
