import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { hostPath } from '../gather/hostPath.js';

/**
 * Where the last unattended repair is recorded. /run is a tmpfs, so the record does not survive a reboot, and the
 * first repair after boot is never held back by one from before it.
 */
export const REPAIR_CLAIM_PATH = '/run/dockdoc/hook-repair.claim';

export type RepairClaim =
  | { granted: true }
  | { granted: false; lastRepairAt: Date };

/**
 * The restart-loop guard: at most one unattended repair per cooldown, host-wide. A repair restarts dockerd; if
 * something then restarts a firewall service again (a unit bound to docker.service, a configuration tool, a repair
 * that cannot succeed), hooks would restart dockerd forever. The claim is taken before repairing, so a failed repair
 * counts too. iptables.service and ip6tables.service often start together, so hooks race: link(2) is atomic and fails
 * when the name exists, which makes exactly one of them win, both for the first claim and for replacing an expired one.
 */
export async function claimRepair(root: string, cooldownMs: number, now: Date): Promise<RepairClaim> {
  const claimPath = hostPath(root, REPAIR_CLAIM_PATH);
  await mkdir(path.dirname(claimPath), { recursive: true, mode: 0o755 });
  const token = `${process.pid}-${now.getTime()}-${randomBytes(8).toString('hex')}`;
  const candidate = `${claimPath}.${token}`;
  // Created exclusively, never through a link: the hook runs as root.
  await writeFile(candidate, `${now.toISOString()}\n`, { mode: 0o644, flag: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW });
  try {
    if (await linked(candidate, claimPath)) return { granted: true };
    const current = await readClaim(claimPath);
    // abs(): a clock stepped back must not hold repairs back for longer than the cooldown.
    if (current.time !== null && Math.abs(now.getTime() - current.time.getTime()) < cooldownMs) {
      return { granted: false, lastRepairAt: current.time };
    }
    // The claim is expired (or unreadable). Its successor slot is named after the claim it replaces: every hook
    // that read this same claim links to the same name, and only the first link succeeds.
    const slot = `${claimPath}.after-${createHash('sha256').update(current.text).digest('hex').slice(0, 16)}`;
    if (!(await linked(candidate, slot))) return { granted: false, lastRepairAt: current.time ?? now };
    await rename(candidate, claimPath);
    await removeSlotsExcept(claimPath, slot);
    return { granted: true };
  } finally {
    await unlink(candidate).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

/**
 * Older successor slots can go: a hook still holding the claim they replaced would have had to stall for a whole
 * cooldown. The newest stays, so a hook that read the claim just replaced still loses its link.
 */
async function removeSlotsExcept(claimPath: string, keep: string): Promise<void> {
  const prefix = `${path.basename(claimPath)}.after-`;
  for (const name of await readdir(path.dirname(claimPath))) {
    const full = path.join(path.dirname(claimPath), name);
    if (name.startsWith(prefix) && full !== keep) await unlink(full).catch(() => undefined);
  }
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The current claim's text and time (null when unreadable, which lets it be replaced). */
async function readClaim(claimPath: string): Promise<{ text: string; time: Date | null }> {
  let text: string;
  try {
    text = await readFile(claimPath, 'utf8');
  } catch (error) {
    // The claim is only ever replaced by rename(2), never removed, so it exists once it has been linked.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', time: null };
    throw error;
  }
  const time = new Date(text.trim());
  return { text, time: Number.isNaN(time.getTime()) ? null : time };
}
