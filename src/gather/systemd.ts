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

/** The watched units' files, without their secrets (Environment= values, --log-opt values: redact.ts). */
export async function gatherSystemdUnits(root: string, io: HostIo = LIVE_HOST_IO): Promise<Fact<SystemdUnitsFact>> {
  const units: SystemdUnitsFact['units'] = {};
  for (const unit of WATCHED_UNITS) {
    const fragment = await firstPresent(root, UNIT_DIRS.map((dir) => path.join(dir, unit)), io);
    if (fragment !== null && isUnavailable(fragment)) return fragment;
    const dropIns = await readDropIns(root, unit, io);
    if (isUnavailable(dropIns)) return dropIns;
    if (fragment !== null || dropIns.length > 0) units[unit] = { fragment, dropIns };
  }
  return { units };
}

async function firstPresent(root: string, paths: string[], io: HostIo): Promise<Fact<HostFile> | null> {
  for (const candidate of paths) {
    const file = redactHostFile(await io.readFile(hostPath(root, candidate), candidate, 'hostFile'), redactUnitFile);
    if (isUnavailable(file) || file.present) return file;
  }
  return null;
}

/** Drop-ins from every unit directory; a file name in a higher-priority directory masks the same name below. */
async function readDropIns(root: string, unit: string, io: HostIo): Promise<Fact<HostFile[]>> {
  const byName = new Map<string, string>();
  for (const dir of [...UNIT_DIRS].reverse()) {
    const dropInDir = path.join(dir, `${unit}.d`);
    const names = await io.listDir(hostPath(root, dropInDir));
    for (const name of names) if (name.endsWith('.conf')) byName.set(name, path.join(dropInDir, name));
  }
  const files: HostFile[] = [];
  for (const name of [...byName.keys()].sort()) {
    const file = redactHostFile(await io.readFile(hostPath(root, byName.get(name)!), byName.get(name)!, 'hostFile'), redactUnitFile);
    if (isUnavailable(file)) return file;
    if (file.present) files.push(file);
  }
  return files;
}
